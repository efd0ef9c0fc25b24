from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from backend.appraisal import services
from backend.appraisal.choices import BerakhlakValue, PeriodStatus, Rating
from backend.appraisal.models import Evaluation, Score
from backend.audit.selectors import audit_entry_list
from backend.people.choices import Role
from tests.factories import AnnualPeriodFactory, EmployeeFactory, IndicatorFactory, PeriodFactory, ScoreFactory

pytestmark = pytest.mark.django_db

ALL_MEETS = dict.fromkeys(BerakhlakValue.values, Rating.MEETS)


@pytest.fixture
def team(two_agencies, make_login):
    atasan = make_login(unit=two_agencies["puskesmas"], username="atasan")
    pegawai = make_login(unit=two_agencies["puskesmas"], username="pegawai", supervisor=atasan.employee)
    return {
        **two_agencies,
        "atasan": atasan,
        "pegawai": pegawai,
        "hr": make_login(unit=two_agencies["bkpsdm"], roles=[Role.HR_ANALYST], username="hr"),
        "admin": make_login(unit=two_agencies["bkpsdm"], roles=[Role.ADMINISTRATOR], username="admin"),
        "koord": make_login(
            unit=two_agencies["dikbud"], roles=[Role.COORDINATOR], coordinator_unit=two_agencies["dikbud"]
        ),
    }


def _score(team, actor, **overrides):
    data = {
        "employee": team["pegawai"].employee,
        "indicator": IndicatorFactory(org_unit=team["dinkes"]),
        "period": PeriodFactory(),
        "target": Decimal("100"),
        "realisasi": Decimal("62"),
    }
    data.update(overrides)
    return services.score_create(actor=actor, **data)


def test_supervisor_enters_a_score_with_achievement_and_history(team):
    score = _score(team, team["atasan"])
    assert score.achievement == Decimal("62.00")
    assert score.appraiser == team["atasan"].employee
    entry = audit_entry_list(obj=score).get()
    assert entry.actor == team["atasan"]
    assert entry.changes["realisasi"] == [None, "62"]


def test_update_keeps_old_and_new_values(team):
    score = _score(team, team["atasan"])
    services.score_update(actor=team["hr"], score=score, realisasi=Decimal("85"))
    score.refresh_from_db()
    assert score.achievement == Decimal("85.00")
    entry = audit_entry_list(obj=score).first()
    assert entry.actor == team["hr"]
    assert entry.changes["realisasi"] == ["62.00", "85"]
    assert entry.changes["achievement"] == ["62.00", "85.00"]


@pytest.mark.parametrize("who", ["pegawai", "koord"])
def test_asn_and_other_coordinators_cannot_write_scores(team, who):
    with pytest.raises(PermissionDenied):
        _score(team, team[who])
    assert not Score.objects.exists()


def test_supervisor_writes_only_for_their_team(team, make_login):
    other = make_login(unit=team["puskesmas"], username="other-head")
    with pytest.raises(PermissionDenied):
        _score(team, other)


def test_target_zero_is_a_validation_error(team):
    with pytest.raises(ValidationError) as excinfo:
        _score(team, team["atasan"], target=Decimal("0"))
    assert "target" in excinfo.value.message_dict
    assert not Score.objects.exists()


def test_asn_may_attach_evidence_to_own_score_only(team):
    score = _score(team, team["atasan"])
    services.score_attach_evidence(actor=team["pegawai"], score=score, evidence_url="https://drive.example/bukti.pdf")
    score.refresh_from_db()
    assert score.evidence_url == "https://drive.example/bukti.pdf"
    other = ScoreFactory()
    with pytest.raises(PermissionDenied):
        services.score_attach_evidence(actor=team["pegawai"], score=other, evidence_url="https://x.example/")


def test_closed_period_is_read_only_except_for_an_administrator_with_a_reason(team):
    period = PeriodFactory()
    score = _score(team, team["atasan"], period=period)
    services.period_close(actor=team["hr"], period=period)
    score.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.score_update(actor=team["atasan"], score=score, realisasi=Decimal("70"))
    with pytest.raises(PermissionDenied):
        services.score_update(actor=team["hr"], score=score, realisasi=Decimal("70"))
    with pytest.raises(ValidationError) as excinfo:
        services.score_update(actor=team["admin"], score=score, realisasi=Decimal("70"))
    assert "reason" in excinfo.value.message_dict
    services.score_update(actor=team["admin"], score=score, realisasi=Decimal("70"), reason="Koreksi data BKN")
    assert audit_entry_list(obj=score).first().reason == "Koreksi data BKN"
    period.refresh_from_db()
    assert period.status == PeriodStatus.CLOSED


def test_evaluation_predikat_from_scores_and_behaviour(team):
    year = AnnualPeriodFactory(year=2025)
    for quarter in (1, 2):
        _score(team, team["atasan"], period=PeriodFactory(year=2025, number=quarter), realisasi=Decimal("120"))
    behaviour = {**ALL_MEETS, **dict.fromkeys(list(BerakhlakValue.values)[:4], Rating.ABOVE)}
    evaluation = services.evaluation_save(
        actor=team["atasan"], employee=team["pegawai"].employee, period=year, behaviour=behaviour
    )
    assert (evaluation.result_rating, evaluation.behaviour_rating) == (Rating.ABOVE, Rating.ABOVE)
    assert evaluation.get_predikat_display() == "Sangat Baik"
    assert evaluation.behaviour_ratings.count() == 7


def test_override_needs_a_reason_and_changes_the_predikat(team):
    year = AnnualPeriodFactory(year=2025)
    _score(team, team["atasan"], period=PeriodFactory(year=2025, number=3), realisasi=Decimal("70"))
    kwargs = {"actor": team["atasan"], "employee": team["pegawai"].employee, "period": year, "behaviour": ALL_MEETS}
    evaluation = services.evaluation_save(**kwargs)
    assert evaluation.get_predikat_display() == "Butuh Perbaikan"
    with pytest.raises(ValidationError) as excinfo:
        services.evaluation_save(**kwargs, result_override=Rating.MEETS)
    assert "override_reason" in excinfo.value.message_dict
    evaluation = services.evaluation_save(
        **kwargs, result_override=Rating.MEETS, override_reason="Target tidak realistis setelah refocusing"
    )
    assert evaluation.result_rating_computed == Rating.BELOW
    assert evaluation.get_predikat_display() == "Baik"
    assert audit_entry_list(obj=evaluation).first().changes["predikat"] == ["butuh_perbaikan", "baik"]


def test_evaluation_needs_every_core_value(team):
    year = AnnualPeriodFactory(year=2025)
    _score(team, team["atasan"], period=PeriodFactory(year=2025, number=1))
    partial = dict(list(ALL_MEETS.items())[:5])
    with pytest.raises(ValidationError) as excinfo:
        services.evaluation_save(
            actor=team["atasan"], employee=team["pegawai"].employee, period=year, behaviour=partial
        )
    assert "behaviour" in excinfo.value.message_dict
    assert not Evaluation.objects.exists()


def test_changing_an_indicator_direction_recomputes_its_scores(team):
    indicator = IndicatorFactory(org_unit=team["dinkes"])
    score = _score(team, team["atasan"], indicator=indicator, target=Decimal("5"), realisasi=Decimal("8"))
    assert score.achievement == Decimal("160.00")
    services.indicator_update(actor=team["hr"], indicator=indicator, direction="lower")
    score.refresh_from_db()
    assert score.achievement == Decimal("62.50")


def test_follow_up_by_appraiser_and_status_by_owner(team):
    import datetime

    follow_up = services.follow_up_create(
        actor=team["atasan"],
        employee=team["pegawai"].employee,
        kind="training",
        owner=team["atasan"].employee,
        due_date=datetime.date(2025, 6, 30),
    )
    services.follow_up_update(actor=team["atasan"], follow_up=follow_up, status="done")
    with pytest.raises(PermissionDenied):
        services.follow_up_create(
            actor=team["pegawai"],
            employee=team["pegawai"].employee,
            kind="coaching",
            owner=team["pegawai"].employee,
            due_date=datetime.date(2025, 6, 30),
        )


def test_period_dates_follow_the_kind(team):
    period = services.period_create(actor=team["hr"], year=2024, kind="quarterly", number=1)
    assert (str(period.start_date), str(period.end_date)) == ("2024-01-01", "2024-03-31")
    semester = services.period_create(actor=team["hr"], year=2024, kind="semester", number=2)
    assert (str(semester.start_date), str(semester.end_date)) == ("2024-07-01", "2024-12-31")
    with pytest.raises(ValidationError):
        services.period_create(actor=team["hr"], year=2024, kind="quarterly", number=5)
    with pytest.raises(PermissionDenied):
        services.period_create(actor=team["atasan"], year=2024, kind="annual", number=1)


def test_unit_and_employee_in_wrong_agency_for_supervisor(team):
    nurse_elsewhere = EmployeeFactory(unit=team["school"])
    with pytest.raises(PermissionDenied):
        _score(team, team["atasan"], employee=nurse_elsewhere)
