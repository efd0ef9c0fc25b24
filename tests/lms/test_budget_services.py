"""Budgets, revisions, cost lines, and the commitment made when an offering is published."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from backend.audit.models import AuditEntry
from lms.models import Budget, BudgetCommitment, BudgetRevision, OfferingCost
from lms.selectors.budget import budget_revision_list, budget_usage_get
from lms.services.budget import (
    budget_create,
    budget_revise,
    offering_cost_create,
    offering_cost_delete,
    offering_cost_update,
)
from lms.services.scheduling import offering_cancel, offering_publish, offering_update
from tests.lms.budget_fixtures import (
    JUTA,
    YEAR,
    BudgetFactory,
    OfferingCostFactory,
    fresh,
    money_fixture,  # noqa: F401 - fixture
    offering_in,
    published_in,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


# --- Budgets and revisions -----------------------------------------------------------------


def test_a_budget_is_set_with_its_initial_revision(money):
    opd = money["bkpsdm"]
    budget = budget_create(
        actor=money["hr"], org_unit=opd, fiscal_year=YEAR, amount=750 * JUTA, decided_on=datetime.date(YEAR - 1, 11, 28)
    )
    revision = budget.revisions.get()
    assert (revision.kind, revision.old_amount, revision.new_amount, revision.actor) == (
        "initial",
        None,
        750 * JUTA,
        money["hr"],
    )
    assert AuditEntry.objects.filter(content_type__model="budget", object_id=str(budget.pk), action="create").exists()


def test_budgets_belong_to_an_opd_once_per_year_and_to_hr(money):
    day = datetime.date(YEAR, 1, 5)
    with pytest.raises(ValidationError) as exc:
        budget_create(actor=money["hr"], org_unit=money["school"], fiscal_year=YEAR, amount=1, decided_on=day)
    assert "org_unit" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        budget_create(actor=money["hr"], org_unit=money["dikbud"], fiscal_year=YEAR, amount=1, decided_on=day)
    assert "fiscal_year" in exc.value.message_dict
    for actor in (money["coord_dikbud"], money["asn"]):
        with pytest.raises(PermissionDenied):
            budget_create(actor=actor, org_unit=money["bkpsdm"], fiscal_year=YEAR, amount=1, decided_on=day)
    with pytest.raises(IntegrityError), transaction.atomic():
        Budget.objects.create(org_unit=money["dikbud"], fiscal_year=YEAR, amount=5)


def test_a_revision_keeps_its_history(money):
    budget = money["dikbud_budget"]
    budget_revise(
        actor=money["hr"],
        budget=budget,
        new_amount=80 * JUTA,
        kind="apbd_p",
        decided_on=datetime.date(YEAR, 9, 30),
        note="APBD-P",
    )
    budget = budget_revise(
        actor=money["admin"],
        budget=budget,
        new_amount=60 * JUTA,
        kind="refocusing",
        decided_on=datetime.date(YEAR, 10, 15),
        note="Bencana banjir",
    )
    assert budget.amount == 60 * JUTA
    history = list(
        BudgetRevision.objects.filter(budget=budget)
        .order_by("decided_on")
        .values_list("kind", "old_amount", "new_amount", "note", "actor__username")
    )
    assert history == [
        ("initial", None, 100 * JUTA, "", None),
        ("apbd_p", 100 * JUTA, 80 * JUTA, "APBD-P", money["hr"].username),
        ("refocusing", 80 * JUTA, 60 * JUTA, "Bencana banjir", money["admin"].username),
    ]
    updates = AuditEntry.objects.filter(content_type__model="budget", object_id=str(budget.pk), action="update")
    amounts = [e.changes["amount"] for e in updates.order_by("pk")]
    assert amounts == [[100 * JUTA, 80 * JUTA], [80 * JUTA, 60 * JUTA]]
    # The database keeps the rules too: one initial per budget, an old amount unless initial.
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetRevision.objects.create(budget=budget, kind="initial", decided_on=datetime.date(YEAR, 1, 1), new_amount=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetRevision.objects.create(budget=budget, kind="apbd_p", decided_on=datetime.date(YEAR, 1, 1), new_amount=1)


def test_a_revision_states_its_reason_and_changes_something(money):
    budget = money["dikbud_budget"]
    day = datetime.date(YEAR, 6, 1)
    with pytest.raises(ValidationError):
        budget_revise(actor=money["hr"], budget=budget, new_amount=budget.amount, kind="apbd_p", decided_on=day)
    with pytest.raises(ValidationError):
        budget_revise(actor=money["hr"], budget=budget, new_amount=1, kind="initial", decided_on=day)
    with pytest.raises(ValidationError):
        budget_revise(actor=money["hr"], budget=budget, new_amount=1, kind="other", decided_on=day, note="")
    with pytest.raises(ValidationError):
        budget_revise(
            actor=money["hr"], budget=budget, new_amount=1, kind="apbd_p", decided_on=datetime.date(YEAR + 1, 2, 1)
        )
    with pytest.raises(PermissionDenied):
        budget_revise(actor=money["coord_dikbud"], budget=budget, new_amount=1, kind="apbd_p", decided_on=day)
    assert budget.revisions.count() == 1


def test_a_revision_is_decided_on_or_after_the_latest_decision(money):
    budget = money["dikbud_budget"]  # initial APBD decided on 28 November of the year before
    with pytest.raises(ValidationError) as exc:
        budget_revise(
            actor=money["hr"],
            budget=budget,
            new_amount=90 * JUTA,
            kind="refocusing",
            decided_on=datetime.date(YEAR - 1, 11, 27),
        )
    latest = f"Initial budget (APBD), 28 November {YEAR - 1}"
    assert exc.value.message_dict["decided_on"] == [
        f"A revision is decided on or after the budget's latest decision ({latest})."
    ]
    budget_revise(
        actor=money["hr"], budget=budget, new_amount=80 * JUTA, kind="apbd_p", decided_on=datetime.date(YEAR, 9, 30)
    )
    with pytest.raises(ValidationError) as exc:
        budget_revise(
            actor=money["hr"],
            budget=budget,
            new_amount=70 * JUTA,
            kind="refocusing",
            decided_on=datetime.date(YEAR, 9, 29),
        )
    assert f"30 September {YEAR}" in exc.value.message_dict["decided_on"][0]
    # The same day as the latest decision is fine: it comes after it in the history.
    budget = budget_revise(
        actor=money["hr"], budget=budget, new_amount=70 * JUTA, kind="refocusing", decided_on=datetime.date(YEAR, 9, 30)
    )
    assert budget.amount == 70 * JUTA
    history = [(r.kind, r.new_amount) for r in budget_revision_list(budget=budget)]
    assert history == [("initial", 100 * JUTA), ("apbd_p", 80 * JUTA), ("refocusing", 70 * JUTA)]


# --- Commitment at publish -------------------------------------------------------------------


def test_publishing_commits_the_planned_total(money):
    offering = offering_in(money["school"], cost=30 * JUTA)
    OfferingCostFactory(offering=offering, kind="trainer_honorarium", quantity=20, unit_price=500_000)
    offering_publish(actor=money["coord_dikbud"], offering=offering)
    commitment = BudgetCommitment.objects.get(offering=offering)
    assert (commitment.budget, commitment.amount, commitment.shortfall, commitment.override_reason) == (
        money["dikbud_budget"],
        40 * JUTA,
        0,
        "",
    )
    assert commitment.committed_by == money["coord_dikbud"]
    usage = budget_usage_get(budget=money["dikbud_budget"])
    assert (usage.committed, usage.used, usage.spent) == (40 * JUTA, 40 * JUTA, 0)


def test_publishing_beyond_the_remaining_budget_is_refused_with_the_shortfall(money):
    published_in(money["dikbud"], cost=70 * JUTA)
    offering = offering_in(money["dikbud"], cost=45 * JUTA)
    with pytest.raises(ValidationError) as exc:
        offering_publish(actor=money["coord_dikbud"], offering=offering)
    message = exc.value.messages[0]
    assert "needs Rp 45.000.000" in message
    assert "Rp 30.000.000 left" in message
    assert "Rp 15.000.000 short" in message
    offering.refresh_from_db()
    assert offering.status == "draft"
    assert not BudgetCommitment.objects.filter(offering=offering).exists()


def test_only_an_administrator_overrides_and_the_reason_is_kept(money):
    published_in(money["dikbud"], cost=70 * JUTA)
    offering = offering_in(money["dikbud"], cost=45 * JUTA)
    # A coordinator's reason does not open the door.
    with pytest.raises(ValidationError):
        offering_publish(actor=money["coord_dikbud"], offering=offering, override_reason="Penting")
    # An administrator without a reason is told to give one.
    with pytest.raises(ValidationError) as exc:
        offering_publish(actor=money["admin"], offering=offering)
    assert any("reason" in m for m in exc.value.messages)
    offering_publish(actor=money["admin"], offering=offering, override_reason="Instruksi Bupati: wajib tahun ini")
    commitment = BudgetCommitment.objects.get(offering=offering)
    assert (commitment.shortfall, commitment.override_reason, commitment.committed_by) == (
        15 * JUTA,
        "Instruksi Bupati: wajib tahun ini",
        money["admin"],
    )
    entry = AuditEntry.objects.get(content_type__model="budgetcommitment", object_id=str(commitment.pk))
    assert "Instruksi Bupati" in entry.reason
    assert "Rp 15.000.000" in entry.reason
    # The database refuses an over-budget commitment without a reason.
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetCommitment.objects.filter(pk=commitment.pk).update(override_reason="")


def test_within_the_budget_an_override_reason_is_not_stored(money):
    offering = offering_in(money["dikbud"], cost=10 * JUTA)
    offering_publish(actor=money["admin"], offering=offering, override_reason="Tidak perlu")
    assert BudgetCommitment.objects.get(offering=offering).override_reason == ""


def test_an_offering_with_costs_needs_a_budget_but_one_without_publishes_as_before(money):
    costly = offering_in(money["dikbud"], cost=5 * JUTA, start=datetime.date(YEAR + 1, 3, 2))
    with pytest.raises(ValidationError) as exc:
        offering_publish(actor=money["admin"], offering=costly, override_reason="apa saja")
    assert "no training budget for 2031" in exc.value.messages[0]
    free = offering_in(money["dikbud"], start=datetime.date(YEAR + 1, 3, 2))
    offering_publish(actor=money["coord_dikbud"], offering=free)
    free.refresh_from_db()
    assert free.status == "published"
    assert not BudgetCommitment.objects.exists()


def test_a_unit_inside_the_opd_draws_on_the_opds_budget(money):
    offering = offering_in(money["puskesmas"], cost=100 * JUTA)
    offering_publish(actor=money["coord_puskesmas"], offering=offering)
    assert BudgetCommitment.objects.get(offering=offering).budget == money["dinkes_budget"]
    second = offering_in(money["puskesmas"], cost=1)
    with pytest.raises(ValidationError):
        offering_publish(actor=money["coord_puskesmas"], offering=second)


def test_cancelling_releases_the_commitment_and_keeps_it(money):
    offering = published_in(money["dikbud"], cost=80 * JUTA)
    offering_cancel(actor=money["coord_dikbud"], offering=offering, reason="Peserta kurang")
    commitment = BudgetCommitment.objects.get(offering=offering)
    assert commitment.released_at is not None
    assert commitment.amount == 80 * JUTA
    assert budget_usage_get(budget=money["dikbud_budget"]).committed == 0
    released = AuditEntry.objects.get(
        content_type__model="budgetcommitment", object_id=str(commitment.pk), action="update"
    )
    assert released.reason == "Peserta kurang"
    # The money is free again.
    other = offering_in(money["dikbud"], cost=90 * JUTA)
    offering_publish(actor=money["coord_dikbud"], offering=other)


def test_moving_a_published_offering_moves_its_commitment_checked_again(money):
    offering = published_in(money["dikbud"], cost=40 * JUTA)
    BudgetFactory(org_unit=money["dikbud"], fiscal_year=YEAR + 1, amount=50 * JUTA)
    later = datetime.date(YEAR + 1, 2, 2)
    # Sessions must stay within the dates: move them first, as a coordinator would.
    offering.sessions.update(date=later)
    offering_update(
        actor=money["coord_dikbud"],
        offering=offering,
        start_date=later,
        end_date=later,
        enroll_opens=later - datetime.timedelta(days=30),
        enroll_closes=later - datetime.timedelta(days=1),
    )
    assert BudgetCommitment.objects.get(offering=offering).budget.fiscal_year == YEAR + 1
    # Back into a year whose budget has no room: refused, nothing moves.
    published_in(money["dikbud"], cost=70 * JUTA)
    offering.refresh_from_db()
    start = datetime.date(YEAR, 3, 2)
    offering.sessions.update(date=start)
    with pytest.raises(ValidationError):
        offering_update(
            actor=money["coord_dikbud"],
            offering=offering,
            start_date=start,
            end_date=start,
            enroll_opens=start - datetime.timedelta(days=30),
            enroll_closes=start - datetime.timedelta(days=1),
        )
    assert BudgetCommitment.objects.get(offering=offering).budget.fiscal_year == YEAR + 1


# --- What an offering uses -------------------------------------------------------------------


def test_an_offering_uses_its_commitment_until_it_is_settled(money):
    offering = published_in(money["dikbud"], cost=40 * JUTA)
    line = offering.costs.get()
    OfferingCostFactory(offering=offering, kind="materials", unit_price=0)
    budget = money["dikbud_budget"]
    assert budget_usage_get(budget=budget).used == 40 * JUTA
    # An overrun counts as soon as it is recorded.
    offering_cost_update(actor=money["coord_dikbud"], cost=line, actual_amount=45 * JUTA)
    assert budget_usage_get(budget=budget).used == 45 * JUTA
    offering_cost_update(actor=money["coord_dikbud"], cost=line, actual_amount=30 * JUTA)
    assert budget_usage_get(budget=budget).used == 40 * JUTA
    # Finished with every line recorded: settled at what it cost, the rest returns.
    offering.status = "finished"
    offering.save(update_fields=["status"])
    assert budget_usage_get(budget=budget).used == 40 * JUTA
    offering_cost_update(actor=money["coord_dikbud"], cost=offering.costs.get(kind="materials"), actual_amount=0)
    usage = budget_usage_get(budget=budget)
    assert (usage.committed, usage.spent, usage.used) == (40 * JUTA, 30 * JUTA, 30 * JUTA)


# --- Cost lines ------------------------------------------------------------------------------


def test_a_draft_takes_planned_lines_priced_quantity_times_unit_price(money):
    offering = offering_in(money["school"])
    line = offering_cost_create(
        actor=money["coord_dikbud"],
        offering=offering,
        kind="consumption",
        quantity=30 * 3,
        unit="orang-hari",
        unit_price=95_000,
    )
    assert line.planned_amount == 8_550_000
    line = offering_cost_update(actor=money["coord_dikbud"], cost=line, quantity=25 * 3)
    assert line.planned_amount == 7_125_000
    with pytest.raises(ValidationError):
        offering_cost_update(actor=money["coord_dikbud"], cost=line, actual_amount=7_000_000)
    with pytest.raises(ValidationError):
        offering_cost_create(
            actor=money["coord_dikbud"], offering=offering, kind="venue", unit_price=1, actual_amount=1
        )
    offering_cost_delete(actor=money["coord_dikbud"], cost=line)
    assert not OfferingCost.objects.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        OfferingCost.objects.create(offering=offering, kind="venue", quantity=2, unit_price=10, planned_amount=25)


def test_a_published_offering_keeps_its_plan_and_records_actuals(money):
    offering = published_in(money["dikbud"], cost=20 * JUTA)
    line = offering.costs.get()
    coordinator = money["coord_dikbud"]
    with pytest.raises(ValidationError):
        offering_cost_update(actor=coordinator, cost=line, unit_price=25 * JUTA)
    with pytest.raises(ValidationError):
        offering_cost_delete(actor=coordinator, cost=line)
    with pytest.raises(ValidationError):
        offering_cost_create(actor=coordinator, offering=offering, kind="venue", quantity=1, unit_price=5 * JUTA)
    with pytest.raises(ValidationError):
        offering_cost_create(actor=coordinator, offering=offering, kind="venue")
    unplanned = offering_cost_create(actor=coordinator, offering=offering, kind="venue", actual_amount=2 * JUTA)
    assert (unplanned.planned_amount, unplanned.actual_amount) == (0, 2 * JUTA)
    line = offering_cost_update(actor=coordinator, cost=line, actual_amount=19 * JUTA)
    assert line.actual_amount == 19 * JUTA
    assert BudgetCommitment.objects.get(offering=offering).amount == 20 * JUTA


def test_only_the_offerings_coordinators_cost_it(money):
    offering = offering_in(money["school"])
    for actor in (money["coord_dinkes"], money["hr"], money["asn"]):
        with pytest.raises(PermissionDenied):
            offering_cost_create(actor=fresh(actor), offering=offering, kind="venue", unit_price=1)
    line = OfferingCostFactory(offering=offering)
    with pytest.raises(PermissionDenied):
        offering_cost_update(actor=money["coord_dinkes"], cost=line, quantity=2)
    with pytest.raises(PermissionDenied):
        offering_cost_delete(actor=money["coord_dinkes"], cost=line)
