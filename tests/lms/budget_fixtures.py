"""Factories and a small world the budget tests share (imported by tests/lms/test_budget*.py).

The world: Dinas Pendidikan (dikbud, with a school) and Dinas Kesehatan (dinkes, with a
puskesmas) each have a 2030 budget of Rp 100.000.000; a coordinator of each, HR, an
administrator, and an ASN. ``draft_offering`` makes a draft with a session and one planned line.
"""

import datetime

import factory
import pytest

from backend.people.choices import Role
from lms.models import Budget, BudgetCommitment, BudgetRevision, OfferingCost
from tests.factories import OfferingFactory, SessionFactory

YEAR = 2030
JUTA = 1_000_000


class BudgetFactory(factory.django.DjangoModelFactory):
    """A budget with its initial revision, as ``budget_create`` leaves it."""

    class Meta:
        model = Budget
        skip_postgeneration_save = True

    org_unit = None
    fiscal_year = YEAR
    amount = 100 * JUTA

    @factory.post_generation
    def initial(obj, create, extracted, **kwargs):
        if create:
            BudgetRevision.objects.create(
                budget=obj,
                kind="initial",
                decided_on=datetime.date(obj.fiscal_year - 1, 11, 28),
                old_amount=None,
                new_amount=obj.amount,
            )


class OfferingCostFactory(factory.django.DjangoModelFactory):
    """A planned line: ``quantity`` × ``unit_price``; pass ``actual_amount`` once published."""

    class Meta:
        model = OfferingCost

    offering = factory.SubFactory(OfferingFactory)
    kind = "consumption"
    description = "Konsumsi peserta"
    quantity = 1
    unit = "paket"
    unit_price = 10 * JUTA
    planned_amount = factory.LazyAttribute(lambda o: o.quantity * o.unit_price)
    actual_amount = None


class BudgetCommitmentFactory(factory.django.DjangoModelFactory):
    """A live commitment of ``offering``'s planned total against the budget of its OPD and year."""

    class Meta:
        model = BudgetCommitment

    offering = factory.SubFactory(OfferingFactory)
    budget = factory.LazyAttribute(
        lambda o: Budget.objects.get(org_unit_id=o.offering.owner_unit.opd_id, fiscal_year=o.offering.start_date.year)
    )
    amount = factory.LazyAttribute(lambda o: sum(c.planned_amount for c in o.offering.costs.all()))


def offering_in(unit, *, status="draft", start=datetime.date(YEAR, 3, 2), cost=None, **kwargs):
    """An offering of ``unit`` starting on ``start`` with one session and, if ``cost``, one planned line."""
    offering = OfferingFactory(
        owner_unit=unit,
        status=status,
        start_date=start,
        end_date=start + datetime.timedelta(days=2),
        enroll_opens=start - datetime.timedelta(days=30),
        enroll_closes=start - datetime.timedelta(days=1),
        **kwargs,
    )
    SessionFactory(offering=offering, date=start)
    if cost is not None:
        OfferingCostFactory(offering=offering, unit_price=cost)
    return offering


def published_in(unit, *, cost, start=datetime.date(YEAR, 3, 2), **kwargs):
    """A published offering of ``unit`` whose ``cost`` is committed against its budget."""
    offering = offering_in(unit, status="published", start=start, cost=cost, **kwargs)
    BudgetCommitmentFactory(offering=offering)
    return offering


@pytest.fixture(name="money")
def money_fixture(two_agencies, make_login):
    u = two_agencies
    world = dict(u)
    world["dikbud_budget"] = BudgetFactory(org_unit=u["dikbud"])
    world["dinkes_budget"] = BudgetFactory(org_unit=u["dinkes"])
    world["coord_dikbud"] = make_login(unit=u["dikbud"], roles=[Role.COORDINATOR], coordinator_unit=u["dikbud"])
    world["coord_dikbud_2"] = make_login(unit=u["dikbud"], roles=[Role.COORDINATOR], coordinator_unit=u["dikbud"])
    world["coord_dinkes"] = make_login(unit=u["dinkes"], roles=[Role.COORDINATOR], coordinator_unit=u["dinkes"])
    world["coord_puskesmas"] = make_login(
        unit=u["puskesmas"], roles=[Role.COORDINATOR], coordinator_unit=u["puskesmas"]
    )
    world["hr"] = make_login(unit=u["bkpsdm"], roles=[Role.HR_ANALYST])
    world["admin"] = make_login(unit=u["bkpsdm"], roles=[Role.ADMINISTRATOR])
    world["asn"] = make_login(unit=u["school"])
    world["supervisor"] = make_login(unit=u["dikbud"])
    world["asn"].employee.supervisor = world["supervisor"].employee
    world["asn"].employee.save(update_fields=["supervisor"])
    return world


def fresh(user):
    """The user without a cached ``Access`` (roles granted after it was first read)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=user.pk)
