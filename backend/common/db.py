"""Query helpers shared by selectors."""

from django.db.models import Count, IntegerField, QuerySet, Subquery
from django.db.models.functions import Coalesce


def subquery_count(queryset: QuerySet, *, outer_field: str) -> Coalesce:
    """Count rows of ``queryset`` per outer row, as a correlated subquery.

    ``queryset`` must already be filtered on ``outer_field=OuterRef(...)``.
    Unlike ``Count()`` over a join, this never multiplies with other joins and
    keeps the outer query's row count (and so its pagination) intact.
    """
    counted = queryset.order_by().values(outer_field).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
