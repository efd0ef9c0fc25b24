"""The reaction survey (Kirkpatrick L1): a participant answers once, and nobody can tell what they answered.

Two rows are written together: the receipt ("this enrollment has answered") and the response
with its answers (naming nobody). No audit history row is written: an entry naming the actor
beside the response's key would undo the separation. The receipt is the record.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from backend.people.access import access_for
from lms.choices import ORGANISATION_ITEMS, REACTION_SCALE, SEAT_STATUSES, TRAINER_ITEMS
from lms.models import Enrollment, ReactionAnswer, ReactionReceipt, ReactionResponse
from lms.selectors.evaluation import offering_reaction_open, reaction_trainers

COMMENT_MAX_LENGTH = 2000


def _score_problem(score) -> str | None:
    low, high = REACTION_SCALE
    # bool is an int in Python; a checkbox's True must not pass as a 1.
    if isinstance(score, bool) or not isinstance(score, int) or not low <= score <= high:
        return _("Scores run from %(low)d to %(high)d.") % {"low": low, "high": high}
    return None


def _check_items(scores: dict, items, *, subject: str) -> list[str]:
    """Problems of one block of answers (the organisation, or one trainer): missing, unknown, out of range."""
    problems = []
    expected = {str(item) for item in items}
    missing = [str(item.label) for item in items if str(item) not in scores]
    if missing:
        problems.append(
            _("%(subject)s: answer every item (missing: %(items)s).")
            % {"subject": subject, "items": ", ".join(missing)}
        )
    unknown = sorted(set(scores) - expected)
    if unknown:
        problems.append(
            _("%(subject)s: unknown items %(items)s.") % {"subject": subject, "items": ", ".join(map(str, unknown))}
        )
    for item, score in scores.items():
        if item in expected and (problem := _score_problem(score)):
            problems.append(f"{subject}: {problem}")
            break
    return problems


def _check(enrollment: Enrollment, actor, organisation: dict, trainers: dict, comment: str) -> list:
    """Refuse anyone but the participant, a seat that was never held, a survey not open or answered."""
    if actor is None or access_for(actor).employee_id != enrollment.employee_id:
        raise PermissionDenied(_("Only the participant may fill in their own evaluation."))
    if enrollment.status not in SEAT_STATUSES:
        raise ValidationError(_("Only participants who held a seat in the offering fill in its evaluation."))
    offering = enrollment.offering
    if not offering_reaction_open(offering):
        raise ValidationError(
            _("The evaluation of %(offering)s opens when its last session has ended.") % {"offering": offering.code}
        )
    if ReactionReceipt.objects.filter(enrollment=enrollment).exists():
        raise ValidationError(_("You have already filled in the evaluation of this offering; it is given once."))

    expected_trainers = reaction_trainers(offering=offering)
    errors: dict[str, list[str]] = {}
    organisation_problems = _check_items(organisation, ORGANISATION_ITEMS, subject=_("Organisation"))
    if organisation_problems:
        errors["organisation"] = organisation_problems
    trainer_problems = []
    by_id = {trainer.pk: trainer for trainer in expected_trainers}
    for trainer in expected_trainers:
        if trainer.pk not in trainers:
            trainer_problems.append(_("%(trainer)s: answer every item.") % {"trainer": trainer.name})
        else:
            trainer_problems += _check_items(trainers[trainer.pk], TRAINER_ITEMS, subject=trainer.name)
    strangers = sorted(set(trainers) - set(by_id), key=str)
    if strangers:
        trainer_problems.append(
            _("Trainers %(ids)s did not teach in this offering.") % {"ids": ", ".join(map(str, strangers))}
        )
    if trainer_problems:
        errors["trainers"] = trainer_problems
    if len(comment) > COMMENT_MAX_LENGTH:
        errors["comment"] = [
            _("Keep the comment to %(max)d characters (it has %(n)d).") % {"max": COMMENT_MAX_LENGTH, "n": len(comment)}
        ]
    if errors:
        raise ValidationError(errors)
    return expected_trainers


@transaction.atomic
def reaction_submit(
    *,
    enrollment: Enrollment,
    actor,
    organisation: dict[str, int],
    trainers: dict[int, dict[str, int]],
    comment: str = "",
) -> ReactionReceipt:
    """Record the participant's survey of their offering: every organisation item, every item for
    each trainer of its sessions, scores 1–5, and an optional comment. Given once per enrollment.
    """
    # The offering and course for the messages, fresh: the caller's copy may predate a status change.
    enrollment = Enrollment.objects.select_related("offering__course").get(pk=enrollment.pk)
    comment = (comment or "").strip()
    expected_trainers = _check(enrollment, actor, organisation, trainers, comment)

    receipt = ReactionReceipt(enrollment=enrollment)
    # Uniqueness is the one-to-one's constraint below (checked above for the clear message).
    receipt.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            receipt.save()
    except IntegrityError:
        # A double click or two tabs: both passed the check above, the constraint let one through.
        raise ValidationError(
            _("You have already filled in the evaluation of this offering; it is given once.")
        ) from None

    response = ReactionResponse(offering_id=enrollment.offering_id, comment=comment)
    response.full_clean()
    response.save()
    answers = [
        ReactionAnswer(response=response, trainer=None, item=item, score=organisation[item]) for item in organisation
    ]
    for trainer in expected_trainers:
        answers += [
            ReactionAnswer(response=response, trainer=trainer, item=item, score=score)
            for item, score in trainers[trainer.pk].items()
        ]
    for answer in answers:
        # The response was just saved and the trainers read from the offering: no look-up needed for them;
        # the subject/item fit and uniqueness were checked above and stay guarded by the constraints.
        answer.full_clean(exclude=["response", "trainer"], validate_unique=False, validate_constraints=False)
    ReactionAnswer.objects.bulk_create(answers)
    return receipt
