"""The world the matrix runs in, built once per module.

Agency A (Dikbud with a school) holds the logins under test; agency B (Dinkes with a puskesmas)
holds one employee, the *victim*, with an object of every kind a route takes. Every object of
agency B carries a marker string that appears nowhere else, so that a response either shows
agency B's data or provably does not.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.base import ContentFile
from django.utils import timezone

from backend.appraisal.models import FollowUp
from backend.people.choices import Role
from backend.people.services.roles import role_grant
from certificates.services import certificate_issue, certificate_render
from lms.checkin import checkin_token
from lms.ical import calendar_token
from lms.models import JpConversion, Notification
from tests.factories import (
    AnnualPeriodFactory,
    AttendanceFactory,
    CertificateIssuerFactory,
    CompetencyFactory,
    CourseFactory,
    CourseIndicatorFactory,
    EmployeeFactory,
    EnrollmentFactory,
    EvaluationFactory,
    ExternalActivityFactory,
    IkmSurveyFactory,
    IndicatorFactory,
    JpLedgerEntryFactory,
    OfferingFactory,
    OrgUnitFactory,
    PeriodFactory,
    ReactionAnswerFactory,
    ReactionResponseFactory,
    RoleAssignmentFactory,
    ScoreFactory,
    SessionFactory,
    SuggestionFactory,
    TrainerFactory,
    UserFactory,
    make_nip,
    running_offering,
)
from tests.lms.budget_fixtures import BudgetFactory, OfferingCostFactory

ANON = "anon"
ASN = "asn"
SUPERVISOR = "supervisor"
COORD_A = "coord_a"
COORD_B = "coord_b"
HR = "hr"
ADMIN = "admin"
ROLES = (ANON, ASN, SUPERVISOR, COORD_A, COORD_B, HR, ADMIN)
SIGNED_IN = frozenset(ROLES) - {ANON}

VICTIM_NIP = make_nip(birth=datetime.date(1979, 11, 23), start=(2004, 7), sex=2, serial=917)
ASN_NAME = "Bagas Penandadikbud"
PEER_NIP = make_nip(birth=datetime.date(1988, 8, 8), start=(2012, 2), sex=2, serial=404)
ASN_NIP = make_nip(birth=datetime.date(1990, 5, 17), start=(2015, 3), sex=1, serial=311)

# One marker per kind of agency-B data; none of them occurs anywhere else in the world.
MARKERS = {
    "victim_name": ("Zulaikha Penandarahasia",),
    "victim_nip": (VICTIM_NIP, "19791123 200407 2 917"),
    "draft": ("authz-draft-b-rahasia",),
    "follow_up": ("Rencana tindak lanjut rahasia-fu",),
    "claim": ("Klaim seminar rahasia-claim", "rahasia-berkas-klaim"),
    "credit": ("Kredit seminar rahasia-credit",),
    "suggestion": ("Celah kinerja rahasia-gap",),
    "reaction": ("Komentar peserta rahasia-reaction",),
    "evidence": ("https://bukti.example/rahasia-evidence", "rahasia-berkas-bukti"),
    # Money of agency B: its budget of the year and a cost line of its draft.
    "budget": ("987.654.321", "987654321"),
    "cost": ("Honor narasumber rahasia-cost",),
    # The victim's own notification: no one else, not even HR, ever reads it.
    "notice": ("Pemberitahuan pribadi rahasia-notice",),
    # The ASN of agency A: a role must see its own rows (or its team's) where the route lists them.
    "asn": (ASN_NAME, ASN_NIP, "19900517 201503 1 311"),
    # A colleague of the ASN at the same school, outside the supervisor's team: another person of
    # agency A, hidden from the ASN, the supervisor and agency B's coordinator.
    "peer": ("Citra Penandarekan", PEER_NIP, "19880808 201202 2 404"),
}
# Agency B's data: hidden from every role that does not read agency B (see ``B_READERS``).
B_SECRETS = (
    "victim_name",
    "victim_nip",
    "draft",
    "follow_up",
    "claim",
    "credit",
    "suggestion",
    "reaction",
    "evidence",
    "budget",
    "cost",
)
# The roles that read agency B's people: its coordinator, HR (reads all) and administrators.
B_READERS = frozenset({COORD_B, HR, ADMIN})


PEER_READERS = frozenset({COORD_A, HR, ADMIN})


def secrets_for(role: str) -> tuple[str, ...]:
    """Marker names that must never appear in a response to ``role``."""
    hidden = ["notice"]
    if role not in B_READERS:
        hidden.extend(B_SECRETS)
    if role not in PEER_READERS:
        hidden.append("peer")
    return tuple(hidden)


@dataclass
class World:
    users: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)
    # A session per role, made once: a test signs in by sending its cookie.
    sessions: dict = field(default_factory=dict)
    media_root: object = None
    superuser: object = None
    fingerprint_sql: dict = field(default_factory=dict)

    def __getitem__(self, name):
        return self.objects[name]

    def pk(self, name) -> int:
        return self.objects[name].pk


def _login(username: str, *, unit, roles=(), coordinator_unit=None, supervisor=None, **employee):
    user = UserFactory(username=username)
    EmployeeFactory(user=user, unit=unit, supervisor=supervisor, **employee)
    for role in roles:
        RoleAssignmentFactory(user=user, role=role, org_unit=coordinator_unit if role == Role.COORDINATOR else None)
    return user


def build_world() -> World:
    world = World()
    objects = world.objects
    today = timezone.localdate()
    bkpsdm = OrgUnitFactory(code="bkpsdm", name="BKPSDM", kind="badan", is_competency_agency=True)
    dikbud = OrgUnitFactory(code="dikbud", name="Dinas Pendidikan dan Kebudayaan")
    dinkes = OrgUnitFactory(code="dinkes", name="Dinas Kesehatan")
    school = OrgUnitFactory(code="sdn-1", name="SD Negeri 1 Muara Bungo", kind="sekolah", parent=dikbud)
    puskesmas = OrgUnitFactory(code="pkm-1", name="Puskesmas Muara Bungo I", kind="puskesmas", parent=dinkes)
    objects.update(bkpsdm=bkpsdm, dikbud=dikbud, dinkes=dinkes, school=school, puskesmas=puskesmas)

    supervisor = _login("authz-supervisor", unit=dikbud)
    users = {
        SUPERVISOR: supervisor,
        ASN: _login("authz-asn", unit=school, supervisor=supervisor.employee, nip=ASN_NIP, name=ASN_NAME),
        COORD_A: _login("authz-coord-a", unit=dikbud, roles=[Role.COORDINATOR], coordinator_unit=dikbud),
        COORD_B: _login("authz-coord-b", unit=dinkes, roles=[Role.COORDINATOR], coordinator_unit=dinkes),
        HR: _login("authz-hr", unit=bkpsdm, roles=[Role.HR_ANALYST]),
        ADMIN: _login("authz-admin", unit=bkpsdm),
    }
    # As in production: granting the role also opens the Django admin (is_staff), without superuser.
    role_grant(actor=None, user=users[ADMIN], role=Role.ADMINISTRATOR, notify=False)
    users[ADMIN].refresh_from_db()
    world.users = users
    victim_user = _login("authz-victim", unit=puskesmas, name=MARKERS["victim_name"][0], nip=VICTIM_NIP)
    victim = victim_user.employee
    peer = EmployeeFactory(unit=school, name=MARKERS["peer"][0], nip=PEER_NIP)
    objects.update(victim=victim, victim_user=victim_user, asn=users[ASN].employee, peer=peer)

    _appraisal(objects, today=today)
    _training(objects, users=users, today=today)
    objects["budget"] = BudgetFactory(org_unit=objects["dinkes"], fiscal_year=today.year, amount=987_654_321)
    objects["cost"] = OfferingCostFactory(offering=objects["draft"], description=MARKERS["cost"][0])
    objects["notice"] = Notification.objects.create(
        recipient=victim_user, kind="result", title=MARKERS["notice"][0], dedupe_key="authz-notice"
    )
    objects["calendar_token"] = calendar_token(victim.pk)
    # Only the admin family uses a superuser: the positive control of the Django admin.
    world.superuser = UserFactory(username="authz-superuser", is_staff=True, is_superuser=True)
    world.sessions = {role: _session_key(user) for role, user in [*users.items(), ("superuser", world.superuser)]}
    return world


def _session_key(user) -> str:
    store = SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return store.session_key


def _appraisal(objects, *, today):
    victim, puskesmas = objects["victim"], objects["puskesmas"]
    quarter = PeriodFactory(year=today.year, number=3)
    year = AnnualPeriodFactory(year=today.year)
    indicator_b = IndicatorFactory(org_unit=puskesmas, code="iki-authz-b", name="Cakupan imunisasi dasar")
    indicator_a = IndicatorFactory(org_unit=objects["school"], code="iki-authz-a", name="Kelulusan siswa")
    score = ScoreFactory(
        employee=victim, indicator=indicator_b, period=quarter, realisasi=40, evidence_url=MARKERS["evidence"][0]
    )
    score.evidence_file.save(
        "laporan-imunisasi.pdf", ContentFile(b"%PDF-1.4 " + MARKERS["evidence"][1].encode()), save=True
    )
    evaluation = EvaluationFactory(employee=victim, period=year)
    follow_up = FollowUp.objects.create(
        employee=victim,
        evaluation=evaluation,
        kind="coaching",
        owner=victim,
        due_date=today - datetime.timedelta(days=10),
        notes=MARKERS["follow_up"][0],
    )
    objects.update(
        quarter=quarter,
        year_period=year,
        indicator_b=indicator_b,
        indicator_a=indicator_a,
        # One indicator of agency B the victim has no score for (a create that the database accepts).
        indicator_b2=IndicatorFactory(org_unit=puskesmas, code="iki-authz-b2", name="Kunjungan ibu hamil"),
        score=score,
        asn_score=ScoreFactory(employee=objects["asn"], indicator=indicator_a, period=quarter, realisasi=90),
        peer_score=ScoreFactory(employee=objects["peer"], indicator=indicator_a, period=quarter, realisasi=30),
        evaluation=evaluation,
        follow_up=follow_up,
        ikm_survey=IkmSurveyFactory(org_unit=puskesmas, period=quarter, token="authz-ikm-b"),
    )


def _training(objects, *, users, today):
    victim, dinkes, dikbud = objects["victim"], objects["dinkes"], objects["dikbud"]
    CertificateIssuerFactory(org_unit=objects["bkpsdm"])
    # 10 JP: with the 4 JP claim below the victim stays short of the yearly 20 (the shortfall lists them).
    course = CourseFactory(code="crs-authz-b", title="Pelatihan Imunisasi untuk Puskesmas", duration_minutes=450)
    CourseIndicatorFactory(course=course, indicator=objects["indicator_b"])
    draft = OfferingFactory(
        course=course,
        owner_unit=dinkes,
        status="draft",
        code=MARKERS["draft"][0],
        start_date=today + datetime.timedelta(days=21),
        enroll_opens=today,
    )
    open_b = OfferingFactory(course=course, owner_unit=dinkes, code="authz-open-b")
    open_a = OfferingFactory(course=course, owner_unit=dikbud, code="authz-open-a")
    start = today - datetime.timedelta(days=30)
    done = OfferingFactory(
        course=course,
        owner_unit=dinkes,
        code="authz-done-b",
        status="finished",
        start_date=start,
        end_date=start + datetime.timedelta(days=2),
        enroll_opens=start - datetime.timedelta(days=30),
        enroll_closes=start - datetime.timedelta(days=1),
    )
    done_session = SessionFactory(offering=done, date=start)
    completed = EnrollmentFactory(
        offering=done,
        employee=victim,
        status="completed",
        credited_minutes=course.duration_minutes,
        pre_test=55,
        post_test=85,
    )
    running, (running_enrollment,) = running_offering(
        owner_unit=dinkes, participants=[victim], sessions=1, start=today, course=course, code="authz-running-b"
    )
    running_session = running.sessions.get()
    certificate = certificate_issue(enrollment=completed, actor=users[COORD_B])
    certificate_render(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    claim = ExternalActivityFactory(employee=victim, title=MARKERS["claim"][0])
    claim.evidence_file.save(
        "sertifikat-seminar.pdf", ContentFile(b"%PDF-1.4 " + MARKERS["claim"][1].encode()), save=True
    )
    credit = JpLedgerEntryFactory(
        employee=victim,
        year=today.year,
        minutes=180,
        activity__claimed_minutes=180,
        activity__title=MARKERS["credit"][0],
        date=today.replace(month=3, day=10),
    )
    # Comments are shown from the anonymity threshold on: the marked one and enough others.
    reaction = ReactionResponseFactory(offering=done, comment=MARKERS["reaction"][0])
    for response in [
        reaction,
        *ReactionResponseFactory.create_batch(settings.LMS_REACTION_MIN_RESPONSES, offering=done),
    ]:
        ReactionAnswerFactory(response=response)
    objects.update(
        course=course,
        draft=draft,
        draft_session=draft.sessions.first() or SessionFactory(offering=draft),
        open_b=open_b,
        open_a=open_a,
        done=done,
        done_session=done_session,
        completed=completed,
        attendance=AttendanceFactory(session=done_session, enrollment=completed),
        pending=EnrollmentFactory(offering=open_b, employee=victim, status="pending"),
        asn_enrollment=EnrollmentFactory(offering=open_a, employee=objects["asn"]),
        peer_enrollment=EnrollmentFactory(offering=open_a, employee=objects["peer"]),
        peer_claim=ExternalActivityFactory(employee=objects["peer"]),
        running=running,
        running_session=running_session,
        running_enrollment=running_enrollment,
        checkin_token=checkin_token(running_session),
        certificate=certificate,
        claim=claim,
        credit=credit,
        verified_activity=credit.activity,
        reaction=reaction,
        venue=draft.venue,
        trainer=TrainerFactory(),
        competency=CompetencyFactory(),
        conversion=JpConversion.objects.order_by("pk").first(),
        suggestion=SuggestionFactory(
            employee=victim,
            course=course,
            period=objects["quarter"],
            gap_code=objects["indicator_b"].code,
            gap_label=MARKERS["suggestion"][0],
        ),
    )
