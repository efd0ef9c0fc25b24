"""Set-based look-ups shared by the import checks: one query per kind of reference, whatever the row count."""

from collections.abc import Iterable, Iterator

from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from backend.appraisal.models import Period
from backend.people.models import OrgUnit

# Far below SQLite's limit on query parameters, and large enough that a full file takes few queries.
CHUNK = 5000


def in_chunks(values: Iterable) -> Iterator[list]:
    values = sorted(values)
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def units_by_code(codes: Iterable[str]) -> dict[str, OrgUnit]:
    """Units keyed by lower-cased code: codes are matched without regard to case."""
    units = OrgUnit.objects.select_related("parent").annotate(lower_code=Lower("code"))
    return {
        unit.code.lower(): unit
        for chunk in in_chunks({code.lower() for code in codes})
        for unit in units.filter(lower_code__in=chunk)
    }


def unit_problem(unit: OrgUnit | None, code: str) -> str | None:
    if unit is None:
        return _("No unit has the code “%(code)s”.") % {"code": code}
    if not unit.is_active:
        return _("The unit “%(unit)s” is no longer active.") % {"unit": unit.label}
    return None


def periods_by_key(keys: Iterable[tuple[int, str, int]]) -> dict[tuple[int, str, int], Period]:
    """Periods keyed by (year, kind, number); a year holds at most 19, so fetching whole years is cheap."""
    years = {year for year, _kind, _number in keys}
    if not years:
        return {}
    return {(p.year, p.kind, p.number): p for p in Period.objects.filter(year__in=years)}
