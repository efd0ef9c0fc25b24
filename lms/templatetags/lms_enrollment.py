"""Template helpers of the enrollment box and pages."""

from django import template
from django.utils import timezone

from lms.rules import format_jp
from lms.selectors.enrollment import self_enrollment_open as _self_enrollment_open
from lms.selectors.enrollment import waitlist_position_get

register = template.Library()


@register.simple_tag
def self_enrollment_open(offering) -> bool:
    """Whether an ASN may enroll themselves now: published and inside the window."""
    return _self_enrollment_open(offering, today=timezone.localdate())


@register.simple_tag
def waitlist_position(enrollment) -> int | None:
    """The position on the waitlist; free when the row came annotated, one query otherwise."""
    if enrollment is None:
        return None
    return waitlist_position_get(enrollment=enrollment)


@register.filter
def jp(minutes) -> str:
    """Minutes shown as JP (1 JP = 45 minutes)."""
    return format_jp(int(minutes or 0))
