"""The reaction survey (Kirkpatrick L1), kept so that no report can tell who answered what.

The receipt says that a participant has answered; the response holds the answers and names
nobody. Its key is random, so neither its order nor its number betrays the answering order.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lms.choices import ORGANISATION_ITEMS, REACTION_SCALE, ReactionItem
from lms.models.catalog import Trainer
from lms.models.enrollment import Enrollment
from lms.models.schedule import Offering


class ReactionReceipt(models.Model):
    """One participant has filled the survey of their offering: at most once."""

    enrollment = models.OneToOneField(
        Enrollment, on_delete=models.CASCADE, related_name="reaction_receipt", verbose_name=_("enrollment")
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reaction receipt")
        verbose_name_plural = _("reaction receipts")

    def __str__(self):
        return str(self.enrollment)


class ReactionResponse(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    offering = models.ForeignKey(
        Offering, on_delete=models.CASCADE, related_name="reactions", verbose_name=_("offering")
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        # Random order is the point: a list must not follow the order of answering.
        ordering = ["id"]

    def __str__(self):
        return f"{self.offering.code} · {self.pk}"


class ReactionAnswer(models.Model):
    """One item of one response: about the organisation (no trainer) or about one trainer."""

    # Random like the response's: sequential keys would follow the receipts' order.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    response = models.ForeignKey(
        ReactionResponse, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    trainer = models.ForeignKey(
        Trainer,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reaction_answers",
        verbose_name=_("trainer"),
    )
    item = models.CharField(_("item"), max_length=16, choices=ReactionItem.choices)
    score = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        verbose_name = _("reaction answer")
        verbose_name_plural = _("reaction answers")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=REACTION_SCALE[0]) & Q(score__lte=REACTION_SCALE[1]),
                name="reaction_answer_score_range",
            ),
            models.CheckConstraint(
                condition=(Q(trainer__isnull=True) & Q(item__in=[str(i) for i in ORGANISATION_ITEMS]))
                | (Q(trainer__isnull=False) & ~Q(item__in=[str(i) for i in ORGANISATION_ITEMS])),
                name="reaction_answer_item_fits_subject",
                violation_error_message=_("Organisation items have no trainer; trainer items need one."),
            ),
            models.UniqueConstraint(
                fields=["response", "item"],
                condition=Q(trainer__isnull=True),
                name="reaction_answer_unique_organisation",
            ),
            models.UniqueConstraint(
                fields=["response", "trainer", "item"],
                condition=Q(trainer__isnull=False),
                name="reaction_answer_unique_trainer",
            ),
        ]

    def __str__(self):
        return f"{self.item}: {self.score}"
