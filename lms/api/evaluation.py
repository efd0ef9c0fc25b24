"""API of training evaluation: /api/v1/reactions/.

- GET list: an anonymous reaction summary (L1) with learning figures (L2) per running or finished
  offering the caller reads (its coordinators, HR, administrators); an ASN lists nothing.
- GET {offering_id}/: the same for one offering, with the comments (when enough answered).
- GET {offering_id}/learning/: L2 with one row per participant (names: never beside the reactions).
- POST: a participant's survey of their own offering, once.
"""

import django_filters
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from backend.common.fields import IdField
from backend.common.filters import IdFilter
from backend.common.viewsets import ServiceViewSet
from backend.people.access import access_for
from lms.choices import ORGANISATION_ITEMS, REACTION_SCALE, TRAINER_ITEMS
from lms.models import Offering
from lms.selectors import evaluation as selectors
from lms.services.reactions import COMMENT_MAX_LENGTH, reaction_submit

LOW, HIGH = REACTION_SCALE

# --- Output -------------------------------------------------------------------


class ItemMeanOutput(serializers.Serializer):
    item = serializers.CharField()
    label = serializers.CharField()
    mean = serializers.DecimalField(
        max_digits=3, decimal_places=2, allow_null=True, help_text=gettext_lazy("Null while too few have answered.")
    )
    n = serializers.IntegerField(help_text=gettext_lazy("Answers to this item."))


class TrainerReactionOutput(serializers.Serializer):
    trainer = serializers.IntegerField(source="trainer_id")
    name = serializers.CharField()
    responses = serializers.IntegerField()
    mean = serializers.DecimalField(max_digits=3, decimal_places=2, allow_null=True)
    items = ItemMeanOutput(many=True)


class LearningOutput(serializers.Serializer):
    participants = serializers.IntegerField(help_text=gettext_lazy("Seat holders."))
    paired = serializers.IntegerField(help_text=gettext_lazy("Participants with both a pre-test and a post-test."))
    pre_mean = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    post_mean = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    excluded_ceiling = serializers.IntegerField(
        help_text=gettext_lazy("Pre-test of 100: normalised gain undefined, left out of the mean gain.")
    )
    gains = serializers.IntegerField(help_text=gettext_lazy("Participants with a normalised gain."))
    mean_gain = serializers.DecimalField(
        max_digits=6,
        decimal_places=3,
        allow_null=True,
        help_text=gettext_lazy("Mean of the participants' g = (post − pre) / (100 − pre)."),
    )
    band = serializers.CharField(help_text=gettext_lazy("high (≥ 0.7), medium (≥ 0.3), low, or empty."))
    band_counts = serializers.DictField(child=serializers.IntegerField())


class LearningRowOutput(serializers.Serializer):
    enrollment = serializers.IntegerField(source="enrollment_id")
    name = serializers.CharField()
    nip = serializers.CharField()
    pre_test = serializers.DecimalField(source="pre", max_digits=5, decimal_places=2, allow_null=True)
    post_test = serializers.DecimalField(source="post", max_digits=5, decimal_places=2, allow_null=True)
    gain = serializers.DecimalField(max_digits=6, decimal_places=3, allow_null=True)
    band = serializers.CharField()


class LearningDetailOutput(LearningOutput):
    rows = LearningRowOutput(many=True)


class ReactionSummaryOutput(serializers.Serializer):
    """One offering's survey as aggregates: no field names or counts a person."""

    offering = serializers.IntegerField(source="offering.pk")
    offering_code = serializers.CharField(source="offering.code")
    course = serializers.IntegerField(source="offering.course_id")
    course_title = serializers.CharField(source="offering.course.title")
    start_date = serializers.DateField(source="offering.start_date")
    end_date = serializers.DateField(source="offering.end_date")
    status = serializers.CharField(source="offering.status")
    responses = serializers.IntegerField(source="reaction.responses")
    eligible = serializers.IntegerField(
        source="reaction.eligible", help_text=gettext_lazy("Participants who held a seat.")
    )
    response_rate = serializers.DecimalField(
        source="reaction.response_rate", max_digits=4, decimal_places=1, allow_null=True
    )
    enough_responses = serializers.BooleanField(
        source="reaction.enough_responses",
        help_text=gettext_lazy("False: means and comments are withheld so that no one's answers can be told apart."),
    )
    min_responses = serializers.IntegerField(source="reaction.min_responses")
    organisation_mean = serializers.DecimalField(
        source="reaction.organisation_mean", max_digits=3, decimal_places=2, allow_null=True
    )
    organisation = ItemMeanOutput(source="reaction.organisation", many=True)
    trainers = TrainerReactionOutput(source="reaction.trainers", many=True)
    learning = LearningOutput()


class ReactionDetailOutput(ReactionSummaryOutput):
    comments = serializers.ListField(
        source="reaction.comments",
        child=serializers.CharField(),
        help_text=gettext_lazy("Text only, in no particular order; empty while too few have answered."),
    )


class ReactionReceiptOutput(serializers.Serializer):
    """What the participant gets back: that they answered, never a key to their answers."""

    enrollment = serializers.IntegerField(source="enrollment_id")
    offering = serializers.IntegerField(source="enrollment.offering_id")
    submitted_at = serializers.DateTimeField()


# --- Input --------------------------------------------------------------------


def _scores_field():
    return serializers.DictField(
        child=serializers.IntegerField(min_value=LOW, max_value=HIGH),
        help_text=gettext_lazy("Item → score, 1 (very poor) to 5 (very good)."),
    )


class TrainerScoresInput(serializers.Serializer):
    trainer = IdField()
    scores = _scores_field()


class ReactionInput(serializers.Serializer):
    enrollment = IdField(help_text=gettext_lazy("Your own enrollment in the offering."))
    organisation = _scores_field()
    trainers = TrainerScoresInput(many=True, required=False, default=list)
    comment = serializers.CharField(max_length=COMMENT_MAX_LENGTH, required=False, allow_blank=True, default="")

    def validate_trainers(self, trainers):
        ids = [row["trainer"] for row in trainers]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError(gettext_lazy("Each trainer once."))
        return trainers


class ReactionFilter(django_filters.FilterSet):
    # Ids, not model choices: the list stays scoped by the selector and a filter costs no query.
    offering = IdFilter(field_name="pk")
    course = IdFilter(field_name="course_id")

    class Meta:
        model = Offering
        fields = ["offering", "course"]


# --- Views --------------------------------------------------------------------


class _Report:
    """An offering with its figures, as the output serializers read it."""

    def __init__(self, offering, reaction, learning):
        self.offering, self.reaction, self.learning = offering, reaction, learning


@extend_schema(
    tags=["training"],
    description=(
        f"Organisation items: {', '.join(ORGANISATION_ITEMS)}. Trainer items: {', '.join(TRAINER_ITEMS)}. "
        f"Scores {LOW}–{HIGH}."
    ),
)
class ReactionViewSet(ServiceViewSet):
    """Reaction surveys (L1) and learning gain (L2) of offerings; answers are anonymous."""

    http_method_names = ["get", "post", "head", "options"]
    filterset_class = ReactionFilter
    ordering_fields = ["end_date", "start_date"]
    output_serializer = ReactionDetailOutput
    list_output_serializer = ReactionSummaryOutput
    input_serializer = ReactionInput

    @property
    def access(self):
        return access_for(self.request.user)

    def get_queryset(self):
        return selectors.evaluation_offering_list(access=self.access)

    def get_object_scoped(self, pk):
        return selectors.evaluation_offering_get(access=self.access, pk=pk)

    def prepare(self, objects: list) -> list:
        reactions = selectors.reaction_summaries(objects, with_comments=self.action == "retrieve")
        learnings = selectors.learning_summaries(objects)
        return [_Report(o, reactions[o.pk], learnings[o.pk]) for o in objects]

    @extend_schema(request=ReactionInput, responses={201: ReactionReceiptOutput})
    def create(self, request):
        data = self._validated(request, partial=False, serializer_class=ReactionInput)
        enrollment = selectors.reaction_enrollment_get(access=self.access, pk=data["enrollment"])
        receipt = reaction_submit(
            enrollment=enrollment,
            actor=request.user,
            organisation=data["organisation"],
            trainers={row["trainer"]: row["scores"] for row in data["trainers"]},
            comment=data["comment"],
        )
        return Response(ReactionReceiptOutput(receipt).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=LearningDetailOutput)
    @action(detail=True, filter_backends=[], pagination_class=None)
    def learning(self, request, pk=None):
        """Pre/post means, normalised gain and its band, with one row per participant (not anonymous)."""
        offering = self.get_object_scoped(pk)
        return Response(LearningDetailOutput(selectors.learning_summary_get(offering=offering, with_rows=True)).data)


def register(router) -> None:
    """Add this slice's viewsets to the app's router."""
    router.register("reactions", ReactionViewSet, basename="reaction")
