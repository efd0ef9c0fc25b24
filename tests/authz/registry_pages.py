"""The HTML pages (and their exports) of the registry: route name → rule. See rules.py for the reading."""

import datetime

from tests.authz.rules import (
    ALL,
    ANALYSTS,
    B_MANAGERS,
    CATALOG,
    EVERYONE,
    HR_ADMIN,
    MANAGERS,
    NOBODY,
    SUPERVISORS,
    page,
    public,
    scoped,
)
from tests.authz.world import ADMIN, ASN, B_READERS, COORD_A, COORD_B, HR, MARKERS, SUPERVISOR

GET, POST, BOTH = ("GET",), ("POST",), ("GET", "POST")
# A coordinator sees everyone in their subtree; a supervisor their team; the ASN themself.
OWN_ROWS = {ASN: ("asn",), SUPERVISOR: ("asn",), COORD_A: ("asn", "peer")}
REASON = {"reason": "Authorization matrix"}
# Part of the victim's name: a coordinator's search echoes it back, and only a match shows the whole name.
VICTIM_SEARCH = MARKERS["victim_name"][0].split()[0]


def _year(w) -> int:
    return w["quarter"].year


def _employee_form(w) -> dict:
    return {"name": "Diubah Oleh Matriks", "nip": w["victim"].nip, "unit": w.pk("puskesmas")}


def _claim_form(w) -> dict:
    day = datetime.date(_year(w), 6, 3).isoformat()
    return {"kind": "seminar", "title": "Klaim titipan", "organiser": "Matriks", "start_date": day, "end_date": day}


PAGES = {
    # --- Public -----------------------------------------------------------------------------
    "health": public(),
    "favicon.ico": public(),
    "login": public(methods=BOTH, body=lambda w: {"username": "authz-victim", "password": "not-the-password"}),
    "logout": public(methods=POST),
    "password_reset": public(),
    "password_reset_done": public(),
    "password_reset_complete": public(),
    "password_reset_confirm": public(kwargs=lambda w: {"uidb64": "MTIzNDU", "token": "set-password"}),
    "set_language": public(methods=POST, body=lambda w: {"language": "en"}),
    "notification-badge": public(),
    "ikm-form": public(
        kwargs=lambda w: {"token": w["ikm_survey"].token},
        methods=BOTH,
        # The public questionnaire answers agency B's survey: that is what it is for.
        may_change=EVERYONE,
    ),
    "ikm-thanks": public(kwargs=lambda w: {"token": w["ikm_survey"].token}),
    # Printing the poster is managing the survey: its unit's coordinators and HR.
    "ikm-poster": scoped("ikm_survey", kwargs=lambda w: {"token": w["ikm_survey"].token}, reach=B_READERS),
    "certificate-verify-upload": public(),
    # Verification shows the holder's name and a masked NIP: never the NIP itself.
    "certificate-verify": public(kwargs=lambda w: {"code": w["certificate"].code}, allows=("victim_name",)),
    "my-calendar-feed": (
        # The secret address is the credential: whoever holds it reads that person's sessions.
        public(kwargs=lambda w: {"token": w["calendar_token"]}, allows=("victim_name",), label="token"),
        public(kwargs=lambda w: {"token": w["calendar_token"][:-3] + "xyz"}, gate=frozenset(), label="forged"),
    ),
    # --- Signed in, naming no object ---------------------------------------------------------
    "home": page(),
    "home-training": page(),
    "password_change": page(),
    "password_change_done": page(),
    "org-unit-list": page(),
    "my-performance": page(),
    "my-training": page(),
    "my-certificates": page(),
    "my-certificates-csv": page(),
    "reaction-pending": page(),
    "suggestions": page(),
    "schedule": page(),
    "catalog": (
        page(label="offerings", shows=("draft",)),
        page(label="courses", query=lambda w: {"view": "courses"}),
    ),
    "notifications": page(methods=BOTH, body=lambda w: {"notification": w.pk("notice")}),
    "suggestions-refresh": page(methods=POST),
    "employee-list": page(shows=("victim_nip",), sees=OWN_ROWS),
    "employee-create": page(gate=HR_ADMIN, methods=BOTH, body=_employee_form),
    "appraisal-team": page(gate=SUPERVISORS, sees={SUPERVISOR: ("asn",)}),
    "appraisal-overview": page(gate=ANALYSTS, shows=("victim_name",)),
    "appraisal-periods": page(
        gate=HR_ADMIN, methods=BOTH, body=lambda w: {"action": "close", "period": w.pk("quarter")}
    ),
    "ikm-surveys": (
        page(label="list"),
        page(
            label="close-b",
            methods=POST,
            body=lambda w: {"action": "close", "survey": w.pk("ikm_survey")},
            body_scoped=True,
            write_reach=B_READERS,
        ),
    ),
    "approvals": page(gate=SUPERVISORS),
    "activity-review": page(gate=ANALYSTS, shows=("claim",)),
    "jp-compliance": page(gate=ANALYSTS),
    "jp-conversions": page(
        methods=BOTH,
        write_gate=HR_ADMIN,
        body=lambda w: {"conversion": w.pk("conversion"), "basis": "per_hour", "minutes_per_unit": 45},
    ),
    "jp-progress": (
        page(label="own"),
        page(label="of-victim", query=lambda w: {"employee": w.pk("victim")}, target="victim", shows=("claim",)),
        page(
            label="claim-for-victim",
            methods=POST,
            query=lambda w: {"employee": w.pk("victim")},
            target="victim",
            body=_claim_form,
            write_reach=B_READERS,
        ),
    ),
    "jp-preview": (
        page(label="own"),
        page(
            label="of-victim",
            target="victim",
            query=lambda w: {"employee": w.pk("victim"), **_claim_form(w), "units": 1},
        ),
    ),
    "suggestions-team": page(gate=frozenset({SUPERVISOR, COORD_A, COORD_B, HR, ADMIN}), shows=("suggestion",)),
    "hr-dashboard": (
        page(label="whole", gate=ANALYSTS),
        page(label="opd-b", gate=ANALYSTS, target="dinkes", query=lambda w: {"opd": w.pk("dinkes")}),
    ),
    "hr-dashboard-impact-csv": page(gate=ANALYSTS),
    "hr-dashboard-impact-xlsx": page(gate=ANALYSTS),
    "hr-dashboard-xlsx": page(gate=ANALYSTS),
    "hr-dashboard-course": page(gate=ANALYSTS, kwargs=lambda w: {"course_pk": w.pk("course")}),
    "training-needs": (
        page(label="scope", gate=ANALYSTS),
        page(label="opd-b", gate=ANALYSTS, target="dinkes", query=lambda w: {"opd": w.pk("dinkes")}),
    ),
    "training-needs-export": (
        page(label="scope", gate=ANALYSTS, shows=("victim_name",), query=lambda w: {"year": _year(w)}),
        page(label="opd-b", gate=ANALYSTS, target="dinkes", query=lambda w: {"opd": w.pk("dinkes")}),
    ),
    # A gap of agency B's indicator: outside their scope a coordinator finds no such row (404).
    "training-need-detail": scoped(
        "indicator_b",
        gate=ANALYSTS,
        kwargs=lambda w: {"kind": "indicator", "code": w["indicator_b"].code},
        query=lambda w: {"year": _year(w)},
        shows=("victim_name",),
    ),
    "import-index": page(gate=frozenset({SUPERVISOR, COORD_A, COORD_B, HR, ADMIN})),
    "import-upload": page(gate=HR_ADMIN, kwargs=lambda w: {"kind": "employees"}, methods=BOTH),
    "import-confirm": page(gate=HR_ADMIN, kwargs=lambda w: {"kind": "employees"}, methods=POST),
    "import-sample": page(gate=HR_ADMIN, kwargs=lambda w: {"kind": "employees", "extension": "csv"}),
    # --- People and appraisal objects ---------------------------------------------------------
    "employee-detail": scoped("victim", shows=("victim_nip",)),
    "employee-update": scoped("victim", reach=HR_ADMIN, methods=BOTH, body=_employee_form),
    "employee-appraisal": scoped(
        "victim",
        methods=BOTH,
        body=lambda w: {"action": "scores", "reason": "x"},
        shows=("victim_name", "evidence"),
        may_change=HR_ADMIN,
    ),
    "score-evidence": scoped(
        "score", methods=POST, write_reach=HR_ADMIN, body=lambda w: {"evidence_url": "https://bukti.example/lain"}
    ),
    "score-evidence-file": scoped("score", shows=("evidence",)),
    "follow-up-add": scoped(
        "victim",
        methods=POST,
        write_reach=HR_ADMIN,
        body=lambda w: {"kind": "coaching", "due_date": f"{_year(w)}-12-20", "notes": "Dari matriks"},
    ),
    "follow-up-status": scoped("follow_up", methods=POST, write_reach=HR_ADMIN, body=lambda w: {"status": "done"}),
    "jp-shortfall": scoped("dinkes", gate=ANALYSTS, shows=("victim_name",)),
    "jp-shortfall-csv": scoped("dinkes", gate=ANALYSTS, shows=("victim_nip",)),
    # --- Certificates -----------------------------------------------------------------------
    "certificate-download": scoped("certificate"),
    "certificate-revoke": scoped("certificate", methods=POST, write_reach=B_MANAGERS, body=lambda w: REASON),
    "certificate-reissue": scoped("certificate", methods=POST, write_reach=B_MANAGERS, body=lambda w: REASON),
    "certificate-retry": scoped("certificate", methods=POST, write_reach=B_MANAGERS),
    "offering-certificates": scoped("done", shows=("victim_name",)),
    "offering-certificates-issue": scoped("done", methods=POST, write_reach=B_MANAGERS),
    "offering-certificates-zip": scoped("done", methods=BOTH, may_change=B_READERS),
    "offering-certificates-zip-status": scoped("done", methods=BOTH, may_change=B_READERS),
    "offering-certificates-csv": scoped("done", shows=("victim_nip",)),
    # --- Catalog and scheduling --------------------------------------------------------------
    "course-create": page(gate=CATALOG, methods=BOTH),
    "course-detail": scoped("course", reach=ALL),
    "course-edit": scoped("course", reach=CATALOG, methods=BOTH),
    "offering-create": (
        page(label="form", gate=MANAGERS),
        page(
            label="owned-by-b",
            gate=MANAGERS,
            methods=POST,
            body_scoped=True,
            write_reach=B_MANAGERS,
            # A unit outside the form's choices is a form error (200), and nothing is created.
            refusal=frozenset({200, 403, 404}),
            body=lambda w: {
                "course": w.pk("course"),
                "code": "authz-created",
                "owner_unit": w.pk("dinkes"),
                "start_date": f"{_year(w) + 1}-02-02",
                "end_date": f"{_year(w) + 1}-02-03",
                "enroll_opens": f"{_year(w) + 1}-01-02",
                "enroll_closes": f"{_year(w) + 1}-02-01",
                "capacity": 10,
                "min_attendance_pct": 80,
                "pass_mark": 60,
            },
        ),
    ),
    "offering-detail": (
        scoped("draft", label="draft", reach=B_READERS, shows=("draft",)),
        scoped("done", label="finished", reach=ALL),
    ),
    "offering-edit": scoped("draft", reach=B_MANAGERS, methods=BOTH, body=lambda w: {"capacity": 12}),
    "offering-publish": scoped("draft", methods=POST, write_reach=B_MANAGERS),
    "offering-start": scoped("open_b", methods=POST, write_reach=B_MANAGERS),
    "offering-cancel": scoped("open_b", methods=POST, write_reach=B_MANAGERS, body=lambda w: REASON),
    "session-create": scoped("draft", reach=B_MANAGERS, methods=BOTH),
    "offering-calendar": scoped("draft", reach=B_READERS),
    "session-edit": scoped("draft_session", reach=B_MANAGERS, methods=BOTH),
    "session-delete": scoped("draft_session", methods=POST, write_reach=B_MANAGERS, body=lambda w: REASON),
    # --- Enrollment ---------------------------------------------------------------------------
    "offering-enroll": (
        # Enrolling oneself in agency B's published offering is open to all: it is a regency catalog.
        scoped("open_b", label="self", methods=POST, write_reach=ALL),
        # HR reads drafts (and is told a draft takes no enrollments); non-managers get 404.
        scoped("draft", label="self-in-draft", methods=POST, write_reach=B_READERS, may_change=B_MANAGERS),
        scoped(
            "open_b",
            label="assign-victim",
            methods=POST,
            write_reach=B_MANAGERS,
            body=lambda w: {"employee": VICTIM_SEARCH, "override_reason": "Matriks"},
        ),
        # Agency A's coordinator manages open_a, yet finds no one of agency B to assign (not even by NIP).
        scoped(
            "open_a",
            label="assign-victim-to-a",
            methods=POST,
            write_reach=frozenset({COORD_A, ADMIN}),
            may_change=frozenset({ADMIN}),
            body=lambda w: {"employee": VICTIM_SEARCH, "override_reason": "Matriks"},
        ),
    ),
    "offering-roster": scoped("open_b", reach=B_MANAGERS, shows=("victim_name",)),
    "offering-fill-seats": scoped("open_b", methods=POST, write_reach=B_MANAGERS),
    "enrollment-cancel": scoped("pending", methods=POST, write_reach=B_MANAGERS, body=lambda w: REASON),
    "enrollment-approve": scoped("pending", methods=POST, write_reach=B_MANAGERS),
    "enrollment-reject": scoped("pending", methods=POST, write_reach=B_MANAGERS, body=lambda w: REASON),
    # --- Attendance and results -------------------------------------------------------------
    "session-roll-call": scoped("done_session", reach=B_MANAGERS, methods=BOTH, shows=("victim_name",)),
    "session-checkin-screen": scoped("running_session", reach=B_MANAGERS),
    # Anyone holding a session's code sees which session it is; only its participants check in.
    "checkin": page(
        kwargs=lambda w: {"token": w["checkin_token"]},
        methods=BOTH,
        body_scoped=True,
        write_reach=NOBODY,
        refusal=frozenset({400, 403, 404}),
    ),
    "offering-attendance-import": (
        scoped("running", label="page", reach=B_MANAGERS, methods=BOTH),
        scoped("running", label="sheet", reach=B_MANAGERS, query=lambda w: {"sheet": "1"}, shows=("victim_nip",)),
    ),
    "offering-scores-import": (
        scoped("running", label="page", reach=B_MANAGERS, methods=BOTH),
        scoped("running", label="sheet", reach=B_MANAGERS, query=lambda w: {"sheet": "1"}, shows=("victim_nip",)),
    ),
    "offering-results": scoped("done", reach=B_MANAGERS, methods=BOTH, shows=("victim_name",)),
    "offering-finish": scoped("running", reach=B_MANAGERS, methods=BOTH),
    # --- Budgets and costs (money: coordinators for their OPDs, HR and administrators) ----------
    "budgets": page(gate=ANALYSTS, shows=("budget",), query=lambda w: {"year": _year(w)}),
    "budgets-export": page(gate=ANALYSTS, shows=("budget",), query=lambda w: {"year": _year(w)}),
    "budget-detail": scoped(
        "budget",
        kwargs=lambda w: {"opd_pk": w.pk("dinkes"), "year": _year(w)},
        gate=ANALYSTS,
        methods=BOTH,
        write_reach=HR_ADMIN,
        shows=("budget",),
        body=lambda w: {"kind": "cut", "new_amount": "900000000", "decided_on": f"{_year(w)}-06-01", "note": "x"},
    ),
    "offering-costs": scoped(
        "draft",
        gate=ANALYSTS,
        methods=BOTH,
        write_reach=B_MANAGERS,
        shows=("cost",),
        body=lambda w: {"kind": "consumption", "quantity": 2, "unit_price": "50000"},
    ),
    "offering-cost-edit": scoped(
        "cost",
        methods=POST,
        write_reach=B_MANAGERS,
        body=lambda w: {"kind": "consumption", "quantity": 3, "unit_price": "50000"},
    ),
    "offering-cost-delete": scoped("cost", methods=POST, write_reach=B_MANAGERS),
    "cost-effectiveness": page(gate=ANALYSTS),
    "cost-effectiveness-export": page(gate=ANALYSTS),
    # --- History of changes (HR and administrators) ------------------------------------------------
    "audit-history": page(gate=HR_ADMIN, shows=("victim_name",)),
    # --- JP ledger ------------------------------------------------------------------------------
    "activity-decide": scoped(
        "claim", methods=POST, write_reach=B_READERS, body=lambda w: {"decision": "verify", "note": "ok"}
    ),
    "activity-withdraw": scoped("claim", methods=POST, write_reach=NOBODY),
    "activity-evidence": scoped("claim"),
    # --- Evaluation and suggestions ---------------------------------------------------------------
    "enrollment-reaction": scoped("completed", reach=NOBODY, methods=BOTH),
    "offering-evaluation": scoped("done", shows=("reaction",)),
    "course-evaluation": scoped("course", reach=ANALYSTS, gate=ANALYSTS),
    "suggestion-enroll": scoped("suggestion", methods=POST, write_reach=NOBODY),
    "suggestion-dismiss": scoped(
        "suggestion", methods=POST, write_reach=NOBODY, body=lambda w: {"reason": "Tidak relevan"}
    ),
}
