"""The REST API (/api/v1/) of the registry: route name → rule. See rules.py for the reading.

Methods come from each viewset's mapping, so a new action on an existing route is tested with
the route's body; a new route still needs its entry here.
"""

import datetime

from lms.choices import ORGANISATION_ITEMS
from tests.authz.rules import (
    ALL,
    ANALYSTS,
    B_MANAGERS,
    CATALOG,
    HR_ADMIN,
    MANAGERS,
    NOBODY,
    page,
    public,
    scoped,
)
from tests.authz.world import ADMIN, ASN, B_READERS, COORD_A, SUPERVISOR

REASON = {"reason": "Authorization matrix"}
OWN_ROWS = {ASN: ("asn",), SUPERVISOR: ("asn",), COORD_A: ("asn", "peer")}


def _day(w, month: int, day: int) -> str:
    return datetime.date(w["quarter"].year + 1, month, day).isoformat()


def _offering(w) -> dict:
    return {
        "course": w.pk("course"),
        "code": "authz-api-created",
        "start_date": _day(w, 3, 2),
        "end_date": _day(w, 3, 3),
        "capacity": 10,
        "enroll_opens": _day(w, 1, 2),
        "enroll_closes": _day(w, 3, 1),
        "owner_unit": w.pk("dinkes"),
    }


def _session(w) -> dict:
    return {"date": _day(w, 3, 2), "starts_at": "13:00", "ends_at": "15:00", "topic": "Sesi dari matriks"}


def _claim(w) -> dict:
    day = datetime.date(w["quarter"].year, 6, 3).isoformat()
    return {
        "employee": w.pk("victim"),
        "kind": "seminar",
        "title": "Klaim titipan",
        "organiser": "Matriks",
        "start_date": day,
        "end_date": day,
    }


API = {
    "api:auth-token": public(body=lambda w: {"username": "authz-victim", "password": "not-the-password"}),
    "api:me": page(),
    "api:api-root": page(),
    "api-schema": public(),
    "api-docs": public(),
    "api:certificate-verify": public(kwargs=lambda w: {"code": w["certificate"].code}, allows=("victim_name",)),
    # --- People -------------------------------------------------------------------------------
    "api:employee-list": page(write_gate=HR_ADMIN, shows=("victim_nip",), sees=OWN_ROWS, body=lambda w: {}),
    "api:employee-detail": scoped(
        "victim", write_reach=HR_ADMIN, shows=("victim_nip",), body=lambda w: {"name": "Diubah Oleh Matriks"}
    ),
    "api:org-unit-list": page(write_gate=HR_ADMIN, body=lambda w: {}),
    "api:org-unit-detail": scoped("puskesmas", reach=ALL, write_reach=HR_ADMIN, body=lambda w: {"name": "Diubah"}),
    # --- Appraisal ------------------------------------------------------------------------------
    "api:period-list": page(
        write_gate=HR_ADMIN, body=lambda w: {"year": w["quarter"].year + 1, "kind": "quarterly", "number": 1}
    ),
    "api:period-detail": scoped("quarter", reach=ALL),
    "api:period-close": scoped("quarter", write_reach=HR_ADMIN),
    "api:period-reopen": scoped("quarter", write_reach=frozenset({ADMIN}), body=lambda w: REASON),
    "api:indicator-list": page(
        write_gate=HR_ADMIN,
        may_change=HR_ADMIN,
        body=lambda w: {
            "code": "iki-authz-new",
            "name": "Indikator baru",
            "level": "iki",
            "org_unit": w.pk("puskesmas"),
            "category": "productivity",
            "aspect": "quantity",
            "unit_of_measure": "%",
            "direction": "higher",
        },
    ),
    "api:indicator-detail": scoped("indicator_b", reach=ALL, write_reach=HR_ADMIN, body=lambda w: {"name": "X"}),
    "api:score-list": page(
        shows=("victim_nip",),
        sees={ASN: ("asn",), SUPERVISOR: ("asn",)},
        body_scoped=True,
        write_reach=HR_ADMIN,
        body=lambda w: {
            "employee": w.pk("victim"),
            "indicator": w.pk("indicator_b2"),
            "period": w.pk("quarter"),
            "target": "100",
            "realisasi": "50",
        },
    ),
    "api:score-detail": scoped("score", write_reach=HR_ADMIN, shows=("evidence",), body=lambda w: {"realisasi": "41"}),
    "api:score-evidence": scoped(
        "score", write_reach=HR_ADMIN, body=lambda w: {"evidence_url": "https://bukti.example/lain"}
    ),
    "api:evaluation-list": page(
        shows=("victim_nip",),
        body_scoped=True,
        write_reach=HR_ADMIN,
        body=lambda w: {
            "employee": w.pk("victim"),
            "period": w.pk("year_period"),
            "behaviour": dict.fromkeys(
                ("berorientasi_pelayanan", "akuntabel", "kompeten", "harmonis", "loyal", "adaptif", "kolaboratif"),
                "above",
            ),
        },
    ),
    "api:evaluation-detail": scoped("evaluation", shows=("victim_nip",)),
    "api:gap-list": (
        page(label="period", query=lambda w: {"period": w.pk("quarter")}),
        page(
            label="of-victim",
            target="victim",
            query=lambda w: {"period": w.pk("quarter"), "employee": w.pk("victim")},
        ),
    ),
    # A unit's gap summary counts only the employees the caller sees: empty outside their scope.
    "api:gap-summary": page(query=lambda w: {"period": w.pk("quarter"), "unit": w.pk("puskesmas")}),
    "api:ikm-survey-list": page(
        body_scoped=True,
        write_reach=B_READERS,
        body=lambda w: {"org_unit": w.pk("puskesmas"), "period": w.pk("year_period")},
    ),
    "api:ikm-survey-detail": scoped("ikm_survey", reach=ALL, write_reach=B_READERS, body=lambda w: {"is_open": False}),
    "api:ikm-survey-apply": scoped("ikm_survey", write_reach=B_READERS),
    "api:follow-up-list": page(
        shows=("follow_up",),
        body_scoped=True,
        write_reach=HR_ADMIN,
        body=lambda w: {
            "employee": w.pk("victim"),
            "kind": "coaching",
            "owner": w.pk("victim"),
            "due_date": _day(w, 1, 20),
        },
    ),
    "api:follow-up-detail": scoped(
        "follow_up", write_reach=HR_ADMIN, shows=("follow_up",), body=lambda w: {"status": "done"}
    ),
    # --- Catalog --------------------------------------------------------------------------------
    "api:course-list": page(write_gate=CATALOG, body=lambda w: {}),
    "api:course-detail": scoped("course", reach=ALL, write_reach=CATALOG, body=lambda w: {"title": "Diubah"}),
    "api:venue-list": page(write_gate=CATALOG, body=lambda w: {}),
    "api:venue-detail": scoped("venue", reach=ALL, write_reach=CATALOG, body=lambda w: {"capacity": 7}),
    "api:trainer-list": page(write_gate=CATALOG, body=lambda w: {}),
    "api:trainer-detail": scoped("trainer", reach=ALL, write_reach=CATALOG, body=lambda w: {"name": "Diubah"}),
    "api:competency-list": page(write_gate=CATALOG, body=lambda w: {}),
    "api:competency-detail": scoped("competency", reach=ALL, write_reach=CATALOG, body=lambda w: {"name": "X"}),
    "api:offering-list": page(
        shows=("draft",),
        write_gate=MANAGERS,
        body_scoped=True,
        write_reach=B_MANAGERS,
        refusal=frozenset({400, 403, 404}),
        body=_offering,
    ),
    "api:offering-detail": scoped(
        "draft", reach=B_READERS, write_reach=B_MANAGERS, shows=("draft",), body=lambda w: {"capacity": 12}
    ),
    "api:offering-publish": scoped("draft", write_reach=B_MANAGERS),
    "api:offering-start": scoped("open_b", write_reach=B_MANAGERS),
    "api:offering-cancel": scoped("open_b", write_reach=B_MANAGERS, body=lambda w: REASON),
    "api:offering-finish": scoped("running", write_reach=B_MANAGERS),
    "api:session-list": page(
        write_gate=MANAGERS,
        body_scoped=True,
        write_reach=B_MANAGERS,
        body=lambda w: {**_session(w), "offering": w.pk("draft")},
    ),
    "api:session-detail": scoped("draft_session", reach=B_READERS, write_reach=B_MANAGERS, body=_session),
    # --- Enrollment and attendance -------------------------------------------------------------
    "api:enrollment-list": page(shows=("victim_nip",), sees=OWN_ROWS),
    "api:enrollment-enroll": (
        page(
            label="into-draft-b",
            body_scoped=True,
            write_reach=B_MANAGERS,
            body=lambda w: {"offering": w.pk("draft"), "employee": w.pk("victim")},
        ),
        # Agency A's coordinator manages open_a but cannot reach agency B's employee to assign.
        page(
            label="victim-into-a",
            body_scoped=True,
            write_reach=frozenset({ADMIN}),
            body=lambda w: {"offering": w.pk("open_a"), "employee": w.pk("victim")},
        ),
    ),
    "api:enrollment-detail": scoped("pending", shows=("victim_nip",)),
    "api:enrollment-approve": scoped("pending", write_reach=B_MANAGERS),
    "api:enrollment-reject": scoped("pending", write_reach=B_MANAGERS, body=lambda w: REASON),
    "api:enrollment-cancel": scoped("pending", write_reach=B_MANAGERS, body=lambda w: REASON),
    "api:notification-list": page(),
    "api:notification-read": page(body=lambda w: {"ids": [w.pk("notice")]}),
    "api:attendance-list": page(shows=("victim_nip",)),
    "api:attendance-detail": scoped("attendance", shows=("victim_nip",)),
    "api:attendance-checkin": page(
        body_scoped=True,
        write_reach=NOBODY,
        refusal=frozenset({400, 403, 404}),
        body=lambda w: {"token": w["checkin_token"]},
    ),
    "api:attendance-roll-call": page(
        body_scoped=True,
        write_reach=B_MANAGERS,
        body=lambda w: {
            "session": w.pk("running_session"),
            "marks": [{"enrollment": w.pk("running_enrollment"), "status": "present"}],
        },
    ),
    # --- JP ledger -------------------------------------------------------------------------------
    "api:jp-ledger-list": page(shows=("credit",)),
    "api:jp-ledger-detail": scoped("credit", shows=("credit",)),
    "api:jp-ledger-summary": (
        page(label="scope", shows=("victim_nip",)),
        page(label="unit-b", query=lambda w: {"unit": w.pk("puskesmas")}, shows=("victim_nip",)),
    ),
    "api:jp-ledger-compliance": page(gate=ANALYSTS),
    "api:external-activity-list": page(
        shows=("claim",), body_scoped=True, write_reach=B_READERS, body=_claim, json=False
    ),
    "api:external-activity-detail": scoped("claim", shows=("claim",)),
    "api:external-activity-verify": scoped("claim", write_reach=B_READERS, body=lambda w: {"note": "ok"}),
    "api:external-activity-reject": scoped("claim", write_reach=B_READERS, body=lambda w: {"note": "no"}),
    "api:external-activity-withdraw": scoped("claim", write_reach=NOBODY),
    "api:jp-conversion-list": page(),
    "api:jp-conversion-detail": scoped(
        "conversion", reach=ALL, write_reach=HR_ADMIN, body=lambda w: {"basis": "per_hour", "jp": "1"}
    ),
    # --- Needs, evaluation, suggestions, impact ----------------------------------------------------
    "api:training-need-list": (
        page(label="scope", gate=ANALYSTS),
        page(label="opd-b", gate=ANALYSTS, target="dinkes", query=lambda w: {"org_unit": w.pk("dinkes")}),
    ),
    "api:reaction-list": page(
        body_scoped=True,
        write_reach=NOBODY,
        body=lambda w: {"enrollment": w.pk("completed"), "organisation": dict.fromkeys(ORGANISATION_ITEMS, 4)},
    ),
    "api:reaction-detail": scoped("done", shows=("reaction",)),
    "api:reaction-learning": scoped("done", shows=("victim_nip",)),
    "api:recommendation-list": page(),
    "api:recommendation-refresh": page(),
    "api:recommendation-detail": scoped("suggestion", shows=("suggestion",)),
    "api:recommendation-dismiss": scoped("suggestion", write_reach=NOBODY, body=lambda w: {"reason": "x"}),
    "api:recommendation-enroll": scoped("suggestion", write_reach=NOBODY),
    "api:impact-list": (
        page(label="scope", gate=ANALYSTS),
        page(label="opd-b", gate=ANALYSTS, target="dinkes", query=lambda w: {"org_unit": w.pk("dinkes")}),
    ),
    "api:impact-uptake": (
        page(label="scope", gate=ANALYSTS),
        page(label="opd-b", gate=ANALYSTS, target="dinkes", query=lambda w: {"org_unit": w.pk("dinkes")}),
    ),
    # --- Budgets and costs ---------------------------------------------------------------------------
    "api:budget-list": page(
        gate=ANALYSTS,
        write_gate=HR_ADMIN,
        may_change=HR_ADMIN,
        shows=("budget",),
        body=lambda w: {"org_unit": w.pk("dinkes"), "fiscal_year": w["quarter"].year + 1, "amount": 1000000},
    ),
    "api:budget-detail": scoped("budget", gate=ANALYSTS, shows=("budget",)),
    "api:budget-revise": scoped(
        "budget",
        gate=ANALYSTS,
        write_reach=HR_ADMIN,
        body=lambda w: {"kind": "cut", "new_amount": 900000000, "decided_on": _day(w, 1, 5), "note": "x"},
    ),
    "api:offering-cost-list": page(
        gate=ANALYSTS,
        write_gate=MANAGERS,
        shows=("cost",),
        body_scoped=True,
        write_reach=B_MANAGERS,
        body=lambda w: {"offering": w.pk("draft"), "kind": "consumption", "quantity": 2, "unit_price": 50000},
    ),
    "api:offering-cost-detail": scoped(
        "cost",
        gate=ANALYSTS,
        write_reach=B_MANAGERS,
        shows=("cost",),
        body=lambda w: {"kind": "consumption", "quantity": 3, "unit_price": 50000},
    ),
    "api:cost-effectiveness-list": page(gate=ANALYSTS),
    # The budget's side of B's training-needs plan: its money, for those who read B's budget.
    "api:training-need-funding-list": page(
        gate=ANALYSTS,
        target="dinkes",
        query=lambda w: {"org_unit": w.pk("dinkes"), "year": w["quarter"].year},
        shows=("budget",),
    ),
    "api:audit-history": page(gate=HR_ADMIN, shows=("victim_name",)),
    # --- Certificates -----------------------------------------------------------------------------
    "api:certificate-list": page(shows=("victim_nip",)),
    "api:certificate-issue": (
        page(label="offering", body_scoped=True, write_reach=B_MANAGERS, body=lambda w: {"offering": w.pk("done")}),
        page(
            label="enrollment",
            body_scoped=True,
            write_reach=B_MANAGERS,
            body=lambda w: {"enrollment": w.pk("completed")},
        ),
    ),
    "api:certificate-detail": scoped("certificate", shows=("victim_nip",)),
    "api:certificate-download": scoped("certificate"),
    "api:certificate-revoke": scoped("certificate", write_reach=B_MANAGERS, body=lambda w: REASON),
    "api:certificate-reissue": scoped("certificate", write_reach=B_MANAGERS, body=lambda w: REASON),
    "api:certificate-retry": scoped("certificate", write_reach=B_MANAGERS),
}
