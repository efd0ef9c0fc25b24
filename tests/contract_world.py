"""The world the API contract run (tests/test_api_contract.py) sends its requests into.

Built from the factories: two agencies with people, appraisal data, a catalog with offerings in
every state, enrollments, attendance, reactions, JP credits, suggestions and issued certificates;
and where the generated requests find real ids in it.
"""

import datetime

from backend.appraisal.models import Evaluation, FollowUp, IkmSurvey, Indicator, Period, Score
from backend.people.choices import Role
from backend.people.models import Employee, OrgUnit, Position
from certificates.models import Certificate
from certificates.services import certificate_issue_offering
from lms.models import (
    Attendance,
    Competency,
    Course,
    Enrollment,
    ExternalActivity,
    JpConversion,
    JpLedgerEntry,
    Offering,
    Session,
    Suggestion,
    Trainer,
    Venue,
)
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
    PeriodFactory,
    ReactionAnswerFactory,
    ReactionResponseFactory,
    ScoreFactory,
    SessionFactory,
    SuggestionFactory,
    TrainerFactory,
    finished_offering,
    running_offering,
)
from tests.lms.budget_fixtures import JUTA, BudgetCommitmentFactory, BudgetFactory, OfferingCostFactory

ROLES = ["asn", "supervisor", "coordinator", "hr_analyst", "administrator"]


def build_world(two_agencies, make_login, capture_on_commit) -> dict:
    """The world; returns the user of each of ``ROLES`` (the coordinator's scope is Dikbud)."""
    dikbud, dinkes, school = two_agencies["dikbud"], two_agencies["dinkes"], two_agencies["school"]
    CertificateIssuerFactory(org_unit=two_agencies["bkpsdm"])

    supervisor = make_login(unit=dikbud)
    asn = make_login(unit=school, supervisor=supervisor.employee)
    colleague = make_login(unit=school, supervisor=supervisor.employee)
    coordinator = make_login(unit=dikbud, roles=[Role.COORDINATOR], coordinator_unit=dikbud)
    hr = make_login(unit=two_agencies["bkpsdm"], roles=[Role.HR_ANALYST])
    admin = make_login(unit=two_agencies["bkpsdm"], roles=[Role.ADMINISTRATOR])
    nurse = EmployeeFactory(unit=two_agencies["puskesmas"])
    doctor = make_login(unit=dinkes)

    # Appraisal: quarters and the year, indicators of both agencies, scores, an evaluation.
    q1, q2 = PeriodFactory(year=2025, number=1), PeriodFactory(year=2025, number=2)
    year = AnnualPeriodFactory(year=2025)
    indicator = IndicatorFactory(org_unit=dikbud)
    other_indicator = IndicatorFactory(org_unit=dinkes)
    for person in (asn.employee, colleague.employee):
        ScoreFactory(employee=person, indicator=indicator, period=q1, realisasi=60)
        ScoreFactory(employee=person, indicator=indicator, period=q2, realisasi=80)
    ScoreFactory(employee=nurse, indicator=other_indicator, period=q1)
    evaluation = EvaluationFactory(employee=asn.employee, period=year)
    EvaluationFactory(employee=nurse, period=year)
    # No factory for follow-ups: one row, as the service would leave it.
    FollowUp.objects.create(
        employee=asn.employee,
        evaluation=evaluation,
        kind="training",
        owner=supervisor.employee,
        due_date=datetime.date(2025, 12, 31),
        created_by=supervisor,
    )
    IkmSurveyFactory(org_unit=school, period=q1)
    IkmSurveyFactory(org_unit=two_agencies["puskesmas"], period=q1)

    # Catalog and schedule: published, draft and running offerings of both agencies.
    CompetencyFactory()
    course = CourseFactory()
    CourseIndicatorFactory(course=course, indicator=indicator)
    other_course = CourseFactory()
    trainer = TrainerFactory()
    published = OfferingFactory(course=course, owner_unit=dikbud)
    SessionFactory(offering=published, trainer=trainer)
    OfferingFactory(course=other_course, owner_unit=dinkes)
    OfferingFactory(course=course, owner_unit=dikbud, status="draft")
    running, _ = running_offering(owner_unit=dikbud, participants=[asn.employee, colleague.employee])
    AttendanceFactory(session=running.sessions.first(), enrollment=running.enrollments.first())
    EnrollmentFactory(offering=published, employee=colleague.employee, status="pending")
    EnrollmentFactory(offering=published, employee=doctor.employee, status="pending")

    # A finished class of each agency, certificates issued (PDFs rendered) for the Dikbud one.
    finished, _ = finished_offering(owner_unit=dikbud, employees=[asn.employee, colleague.employee])
    finished_offering(owner_unit=dinkes, employees=[doctor.employee])
    with capture_on_commit(execute=True):
        certificate_issue_offering(offering=finished, actor=coordinator)
    ReactionAnswerFactory(response=ReactionResponseFactory(offering=finished))

    # JP ledger, claims, suggestions.
    JpLedgerEntryFactory(employee=asn.employee)
    ExternalActivityFactory(employee=asn.employee)
    ExternalActivityFactory(employee=doctor.employee)
    SuggestionFactory(employee=asn.employee, course=course, period=q2)
    SuggestionFactory(employee=doctor.employee, course=other_course, period=q2)

    # Money: budgets of both agencies for the years their offerings start, costs planned and spent.
    for unit in (dikbud, dinkes):
        for fiscal_year in {published.start_date.year, finished.start_date.year}:
            BudgetFactory(org_unit=unit, fiscal_year=fiscal_year)
    OfferingCostFactory(offering=published, unit_price=5 * JUTA)
    BudgetCommitmentFactory(offering=published)
    OfferingCostFactory(offering=finished, unit_price=8 * JUTA, actual_amount=7 * JUTA)

    return {"asn": asn, "supervisor": supervisor, "coordinator": coordinator, "hr_analyst": hr, "administrator": admin}


CODE = "certificate code"

# Path segment of a collection → the model whose ids its ``{id}`` takes. The ids of rows the caller
# may not see are among them on purpose: those must be a documented 404, not a leak and not a 500.
COLLECTIONS = {
    "attendance": Attendance,
    "certificates": Certificate,
    "competencies": Competency,
    "courses": Course,
    "employees": Employee,
    "enrollments": Enrollment,
    "evaluations": Evaluation,
    "external-activities": ExternalActivity,
    "follow-ups": FollowUp,
    "ikm-surveys": IkmSurvey,
    "indicators": Indicator,
    "jp-conversions": JpConversion,
    "jp-ledger": JpLedgerEntry,
    "offerings": Offering,
    "org-units": OrgUnit,
    "periods": Period,
    "reactions": Offering,
    "recommendations": Suggestion,
    "scores": Score,
    "sessions": Session,
    "trainers": Trainer,
    "venues": Venue,
}
# Body and query fields that name a row: given a real id now and then, a write gets past
# "does not exist" and into the services' own rules.
REFERENCES = {
    "certificate": Certificate,
    "competencies": Competency,
    "competency": Competency,
    "course": Course,
    "courses": Course,
    "prerequisites": Course,
    "employee": Employee,
    "owner": Employee,
    "supervisor": Employee,
    "enrollment": Enrollment,
    "enrollments": Enrollment,
    "evaluation": Evaluation,
    "indicator": Indicator,
    "offering": Offering,
    "org_unit": OrgUnit,
    "owner_unit": OrgUnit,
    "parent": OrgUnit,
    "unit": OrgUnit,
    "period": Period,
    "position": Position,
    "session": Session,
    "trainer": Trainer,
    "trainers": Trainer,
    "venue": Venue,
}


def pools():
    """``pool(key)``: the ids of a model (or the certificate codes for ``CODE``) in this world, in
    creation order, read once."""
    read: dict[object, list] = {}

    def pool(key) -> list:
        if key not in read:
            model, field = (Certificate, "code") if key == CODE else (key, "pk")
            read[key] = list(model.objects.order_by("pk").values_list(field, flat=True))
        return read[key]

    return pool
