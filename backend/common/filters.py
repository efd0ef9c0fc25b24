"""django-filter filters shared by the apps' FilterSets.

``NumberFilter`` takes any decimal: a huge or fractional id or year then reaches the database
(an overflow on SQLite, a date out of range for ``__year``) and answers 500. These take whole
numbers in range, and refuse others with a 400.
"""

import django_filters
from django import forms
from drf_spectacular.utils import extend_schema_field

from backend.common.fields import ID_MAX

YEAR_MIN, YEAR_MAX = 1, 9999


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": ID_MAX})
class IdFilter(django_filters.NumberFilter):
    """A row's id."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": YEAR_MIN, "maximum": YEAR_MAX})
class YearFilter(django_filters.NumberFilter):
    """A calendar year (what a date can hold)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", YEAR_MIN)
        kwargs.setdefault("max_value", YEAR_MAX)
        super().__init__(*args, **kwargs)
