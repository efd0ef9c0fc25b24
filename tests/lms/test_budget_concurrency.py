"""Coordinators publishing against one budget at the same moment: PostgreSQL only.

Each publish locks the budget row before reading what is left, so the second waits for the
first and sees its commitment: the commitments never exceed the budget without an override.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum

from lms.models import BudgetCommitment, Offering
from lms.services.scheduling import offering_publish
from tests.lms.budget_fixtures import JUTA, money_fixture, offering_in  # noqa: F401 - fixture
from tests.threads import run_at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_coordinators_publishing_at_once_cannot_both_exceed_the_budget(money):
    # Rp 100.000.000 budget: each fits alone, together they do not.
    first = offering_in(money["dikbud"], cost=60 * JUTA)
    second = offering_in(money["school"], cost=55 * JUTA)
    errors = run_at_once(
        [
            lambda: offering_publish(actor=money["coord_dikbud"], offering=first),
            lambda: offering_publish(actor=money["coord_dikbud_2"], offering=second),
        ]
    )
    assert len(errors) == 1, errors
    assert isinstance(errors[0], ValidationError)
    # The refusal names the shortfall: whichever came second found the other's commitment.
    assert any(f"Rp {short}.000.000" in errors[0].messages[0] for short in (15, 20)), errors[0].messages
    assert Offering.objects.filter(status="published").count() == 1
    assert BudgetCommitment.objects.count() == 1
    assert BudgetCommitment.objects.aggregate(total=Sum("amount"))["total"] <= money["dikbud_budget"].amount


def test_many_publishes_at_once_commit_exactly_what_fits(money):
    # Eight offerings of Rp 30.000.000 against Rp 100.000.000: three fit.
    offerings = [offering_in(money["dikbud"], cost=30 * JUTA) for _ in range(8)]
    coordinators = [money["coord_dikbud"], money["coord_dikbud_2"]]
    errors = run_at_once(
        [(lambda o=o, c=coordinators[n % 2]: offering_publish(actor=c, offering=o)) for n, o in enumerate(offerings)]
    )
    assert len(errors) == 5, errors
    assert all(isinstance(e, ValidationError) for e in errors), errors
    assert BudgetCommitment.objects.count() == 3
    assert Offering.objects.filter(status="published").count() == 3
    assert BudgetCommitment.objects.aggregate(total=Sum("amount"))["total"] == 90 * JUTA
