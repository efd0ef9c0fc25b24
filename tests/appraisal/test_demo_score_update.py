"""score_bulk_update: the bulk write the demo plants its training effects with."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from backend.appraisal.services.bulk import ScoreUpdateRow, score_bulk_update
from backend.audit.models import AuditEntry
from backend.people.choices import Role
from tests.factories import IndicatorFactory, PeriodFactory, ScoreFactory

pytestmark = pytest.mark.django_db


def test_derives_the_achievement_again_and_writes_history():
    higher = ScoreFactory(target=Decimal(80), realisasi=Decimal(60))
    lower = ScoreFactory(indicator=IndicatorFactory(direction="lower"), target=Decimal(30), realisasi=Decimal(40))
    changed = score_bulk_update(
        actor=None,
        rows=[ScoreUpdateRow(higher.pk, Decimal("72.00")), ScoreUpdateRow(lower.pk, Decimal("32"))],
        reason="koreksi",
    )
    assert len(changed) == 2
    higher.refresh_from_db()
    lower.refresh_from_db()
    assert (higher.realisasi, higher.achievement) == (Decimal("72.00"), Decimal("90.00"))
    assert (lower.realisasi, lower.achievement) == (Decimal("32.00"), Decimal("93.75"))
    entry = AuditEntry.objects.get(object_id=str(higher.pk), action=AuditEntry.Action.UPDATE)
    assert entry.changes == {"realisasi": ["60.00", "72.00"], "achievement": ["75.00", "90.00"]}
    assert entry.reason == "koreksi"


def test_an_unchanged_realisasi_is_left_alone():
    score = ScoreFactory(target=Decimal(80), realisasi=Decimal(60))
    assert score_bulk_update(actor=None, rows=[ScoreUpdateRow(score.pk, Decimal(60))]) == []
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE).exists()


def test_bad_rows_are_refused_all_together():
    score = ScoreFactory(indicator=IndicatorFactory(direction="lower"))
    with pytest.raises(ValidationError) as caught:
        score_bulk_update(
            actor=None,
            rows=[ScoreUpdateRow(score.pk, Decimal(0)), ScoreUpdateRow(score.pk + 999, Decimal(5))],
        )
    assert set(caught.value.message_dict) == {"row 1", "row 2"}
    score.refresh_from_db()
    assert score.realisasi == 90


def test_a_closed_period_needs_an_administrator_and_a_reason(make_login):
    score = ScoreFactory(period=PeriodFactory(year=2023, status="closed"))
    hr = make_login(roles=[Role.HR_ANALYST])
    with pytest.raises(PermissionDenied):
        score_bulk_update(actor=hr, rows=[ScoreUpdateRow(score.pk, Decimal(95))], reason="koreksi")
    admin = make_login(roles=[Role.ADMINISTRATOR])
    with pytest.raises(ValidationError):
        score_bulk_update(actor=admin, rows=[ScoreUpdateRow(score.pk, Decimal(95))])
    score_bulk_update(actor=admin, rows=[ScoreUpdateRow(score.pk, Decimal(95))], reason="koreksi")
    score.refresh_from_db()
    assert score.achievement == Decimal("95.00")


def test_only_the_appraiser_or_hr_may_change_scores(make_login):
    score = ScoreFactory()
    stranger = make_login()
    with pytest.raises(PermissionDenied):
        score_bulk_update(actor=stranger, rows=[ScoreUpdateRow(score.pk, Decimal(95))])
