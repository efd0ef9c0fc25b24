"""Template helpers of the JP ledger pages: the same ``jp`` filter as the enrollment pages."""

from django import template

from lms.templatetags.lms_enrollment import jp

register = template.Library()
register.filter("jp", jp)
