"""The demo's budgets: every OPD every year, costs for every offering, commitments, and one cut."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Count, Q
from django.test import override_settings

from backend.appraisal.demo import seed_appraisal
from backend.people.access import Access
from backend.people.demo.seed import demo_reset as people_demo_reset
from backend.people.demo.seed import seed_regency
from backend.people.models import OrgUnit
from lms.demo import seed_lms
from lms.demo.budget import seed_budgets
from lms.models import Budget, BudgetCommitment, BudgetRevision, Offering, OfferingCost
from lms.selectors.budget import budget_usage_get
from lms.selectors.needs import training_need_plan

pytestmark = pytest.mark.django_db

EMPLOYEES = 120
SEED = 2026
NOW = datetime.datetime(2026, 11, 27, 10, 30, tzinfo=ZoneInfo("Asia/Jakarta"))
HR = Access(user_id=None, is_superuser=True)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        seed_regency(employees=EMPLOYEES, seed=SEED, password="demo-pass-123")
        seed_appraisal(seed=SEED)
        seed_lms(seed=SEED, now=NOW)
        yield
        people_demo_reset()


def _snapshot():
    return {
        "budgets": sorted(Budget.objects.values_list("org_unit__code", "fiscal_year", "amount")),
        "revisions": sorted(
            BudgetRevision.objects.values_list("budget__org_unit__code", "kind", "decided_on", "new_amount")
        ),
        "costs": sorted(
            OfferingCost.objects.values_list("offering__code", "kind", "quantity", "unit_price", "actual_amount")
        ),
        "commitments": sorted(BudgetCommitment.objects.values_list("offering__code", "amount", "committed_at")),
    }


def test_every_opd_has_a_budget_for_every_year_with_offerings(demo):
    years = set(Offering.objects.values_list("start_date__year", flat=True))
    assert {2024, 2025, 2026} <= years
    opds = OrgUnit.objects.filter(parent__isnull=True).count()
    assert Budget.objects.count() == opds * len(years)
    assert not Budget.objects.annotate(n=Count("revisions", filter=Q(revisions__kind="initial"))).exclude(n=1).exists()
    # HR recorded them: the history names who, as for any revision.
    recorders = set(BudgetRevision.objects.values_list("actor__username", flat=True))
    assert recorders == {"hr"}


def test_every_offering_is_costed_and_finished_ones_are_recorded(demo):
    assert not Offering.objects.filter(costs__isnull=True).exists()
    finished = OfferingCost.objects.filter(offering__status="finished")
    assert finished.exists()
    assert not finished.filter(actual_amount__isnull=True).exists()
    assert not OfferingCost.objects.exclude(offering__status="finished").filter(actual_amount__isnull=False).exists()


def test_published_offerings_hold_commitments_within_their_budgets(demo):
    live = Offering.objects.filter(status__in=["published", "running", "finished"])
    assert not live.filter(commitment__isnull=True).exists()
    assert not Offering.objects.filter(status="draft", commitment__isnull=False).exists()
    assert not BudgetCommitment.objects.filter(offering__status="cancelled", released_at__isnull=True).exists()
    assert not BudgetCommitment.objects.exclude(shortfall=0).exists()
    for budget in Budget.objects.select_related("org_unit"):
        initial = budget.revisions.get(kind="initial").new_amount
        assert budget_usage_get(budget=budget).committed <= initial, budget


def test_one_cut_leaves_published_offerings_unfunded_in_the_needs_plan(demo):
    cut = BudgetRevision.objects.exclude(kind="initial").select_related("budget__org_unit").get()
    assert cut.kind == "apbd_p"
    assert cut.decided_on == datetime.date(2026, 9, 30)
    assert cut.new_amount < cut.old_amount
    budget = cut.budget
    assert budget.amount - budget_usage_get(budget=budget).used < 0
    # Every commitment the cut left unfunded was made before it.
    waiting = BudgetCommitment.objects.filter(budget=budget, offering__status="published")
    assert waiting.exists()
    assert all(c.committed_at.date() < cut.decided_on for c in waiting)
    plan = training_need_plan(access=HR, year=budget.fiscal_year, org_unit=budget.org_unit, with_funding=True)
    assert plan.funding.unfunded
    assert plan.funding.kept
    assert plan.funding.kept_cost <= plan.funding.free


def test_the_same_seed_gives_the_same_budgets(demo):
    before = _snapshot()
    for model in (BudgetCommitment, OfferingCost, BudgetRevision, Budget):
        model.objects.all().delete()
    seed_budgets(seed=SEED, now=NOW)
    assert _snapshot() == before
