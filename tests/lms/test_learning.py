"""L2, learning: pre/post means of participants with both tests, normalised gain per participant,
the mean of those gains and its band (DOMAIN.md: g = (post − pre) / (100 − pre), high ≥ 0.7, medium ≥ 0.3)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from backend.people.access import access_for
from lms.rules import gain_band, normalised_gain
from lms.selectors.evaluation import course_evaluation_get, learning_summaries, learning_summary_get
from tests.factories import EmployeeFactory, EnrollmentFactory
from tests.lms.reactions_fixtures import finished_offering, world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def _offering(unit, scores, **kwargs):
    """A finished offering whose seat holders have these (pre, post) scores, plus a cancelled enrollment."""
    offering, enrollments = finished_offering(
        owner_unit=unit, participants=[EmployeeFactory() for _ in scores], **kwargs
    )
    for enrollment, (pre, post) in zip(enrollments, scores, strict=True):
        enrollment.pre_test, enrollment.post_test = pre, post
        enrollment.save()
    # Never held a seat: not a participant, whatever its scores.
    EnrollmentFactory(offering=offering, status="cancelled", pre_test=0, post_test=100)
    return offering, enrollments


@pytest.mark.parametrize(
    ("pre", "post", "gain", "band"),
    [
        (40, 70, "0.500", "medium"),
        (20, 100, "1.000", "high"),
        (50, 55, "0.100", "low"),
        (60, 40, "-0.500", "low"),
        (0, 69.9, "0.699", "medium"),
        (0, 70, "0.700", "high"),
        (100, 100, None, ""),
    ],
)
def test_the_rule_with_known_numbers(pre, post, gain, band):
    g = normalised_gain(Decimal(str(pre)), Decimal(str(post)))
    assert (str(g) if g is not None else None, gain_band(g)) == (gain, band)


def test_one_offering(two_agencies):
    offering, _enrollments = _offering(two_agencies["dinkes"], [(40, 70), (90, 100), (100, 100), (50, None)])
    summary = learning_summary_get(offering=offering)
    assert (summary.participants, summary.paired) == (4, 3)
    # Paired means: (40 + 90 + 100) / 3 and (70 + 100 + 100) / 3.
    assert (summary.pre_mean, summary.post_mean) == (Decimal("76.67"), Decimal("90.00"))
    # The pre-test of 100 leaves nothing to gain: counted apart, out of the mean.
    assert (summary.excluded_ceiling, summary.gains) == (1, 2)
    # The mean of the individual gains (0.5 and 1.0), not the gain of the means (which would be 0.571).
    assert summary.mean_gain == Decimal("0.750")
    assert summary.band == "high"
    assert summary.band_counts == {"high": 1, "medium": 1, "low": 0}
    assert summary.rows == []


def test_the_mean_gain_is_rounded_down_before_its_band(two_agencies):
    offering, _ = _offering(two_agencies["dinkes"], [(0, Decimal("69.9")), (0, 70)])
    summary = learning_summary_get(offering=offering)
    # (0.699 + 0.700) / 2 = 0.6995: not yet high.
    assert (summary.mean_gain, summary.band) == (Decimal("0.699"), "medium")


def test_no_scores_no_figures(two_agencies):
    offering, _ = _offering(two_agencies["dinkes"], [(None, None), (30, None)])
    summary = learning_summary_get(offering=offering)
    assert (summary.participants, summary.paired, summary.gains) == (2, 0, 0)
    assert (summary.pre_mean, summary.post_mean, summary.mean_gain, summary.band) == (None, None, None, "")


def test_rows_per_participant(two_agencies):
    offering, enrollments = _offering(two_agencies["dinkes"], [(40, 70), (100, 100)])
    rows = {row.enrollment_id: row for row in learning_summary_get(offering=offering, with_rows=True).rows}
    assert set(rows) == {e.pk for e in enrollments}
    first = rows[enrollments[0].pk]
    assert (first.name, first.nip, first.gain, first.band) == (
        enrollments[0].employee.name,
        enrollments[0].employee.nip,
        Decimal("0.500"),
        "medium",
    )
    assert (rows[enrollments[1].pk].gain, rows[enrollments[1].pk].band) == (None, "")


def test_several_offerings_at_once(two_agencies, django_assert_num_queries):
    first, _ = _offering(two_agencies["dinkes"], [(40, 70)])
    second, _ = _offering(two_agencies["dinkes"], [(50, 55), (20, 100)])
    with django_assert_num_queries(1):
        summaries = learning_summaries([first, second])
    assert summaries[first.pk].mean_gain == Decimal("0.500")
    # (0.1 + 1.0) / 2
    assert summaries[second.pk].mean_gain == Decimal("0.550")


def test_a_course_pools_its_offerings_the_reader_manages(world, two_agencies):
    course = world["offering"].course
    first, _ = _offering(two_agencies["dinkes"], [(40, 70)], course=course)
    second, _ = _offering(two_agencies["dinkes"], [(90, 100), (100, 100)], course=course)
    # Another agency's offering of the same course: not in the Dinkes coordinator's report.
    _offering(two_agencies["school"], [(0, 10)], course=course)
    report = course_evaluation_get(access=access_for(world["koord_dinkes"]), pk=course.pk)
    assert {row.offering.pk for row in report.offerings} == {world["offering"].pk, first.pk, second.pk}
    pooled = report.learning
    assert (pooled.paired, pooled.gains, pooled.excluded_ceiling) == (3, 2, 1)
    assert pooled.mean_gain == Decimal("0.750")
    assert pooled.band == "high"
    hr = course_evaluation_get(access=access_for(world["hr"]), pk=course.pk)
    assert hr.learning.paired == 4
    assert hr.learning.band_counts == {"high": 1, "medium": 1, "low": 1}


def test_the_report_page_shows_learning_to_its_readers_only(client, settings, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    enrollment = world["enrollments"][0]
    enrollment.pre_test, enrollment.post_test = 40, 70
    enrollment.save()
    url = reverse("offering-evaluation", args=[world["offering"].pk])
    client.force_login(world["koord_dinkes"])
    page = client.get(url).content.decode()
    assert "Mean normalised gain" in page
    assert "0.50" in page or "0,50" in page
    assert enrollment.employee.nip in page
    client.force_login(world["people"][1])
    assert client.get(url).status_code == 403
    client.force_login(world["koord_dikbud"])
    assert client.get(url).status_code == 404
