from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F

from backend.appraisal.choices import OrgRating, Predikat
from backend.appraisal.models import Evaluation, OrgPerformance, Period, PredikatBound
from backend.people.access import Access, employee_visibility
from backend.people.models import OrgUnit


@dataclass
class PredikatDistribution:
    """One OPD's predikat counts in a period, and where they break its organisational bound."""

    opd: OrgUnit
    counts: dict[str, int]
    total: int
    org_rating: str | None
    # Predikat label → (share, largest share allowed), in %, where the share exceeds the bound.
    breaches: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)

    @property
    def org_rating_label(self) -> str:
        return OrgRating(self.org_rating).label if self.org_rating else ""

    @property
    def has_warning(self) -> bool:
        return bool(self.breaches)


def predikat_distribution_list(*, access: Access, period: Period) -> list[PredikatDistribution]:
    """Per OPD: how many visible employees got each predikat, checked against the bounds.

    Three queries: counts grouped by OPD and predikat, the OPDs' ratings, and the bounds.
    """
    rows = (
        Evaluation.objects.filter(employee_visibility(access, prefix="employee__"), period=period)
        .annotate(opd_path=F("employee__unit__path"))
        .values("opd_path", "predikat")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_opd: dict[int, dict[str, int]] = {}
    for row in rows:
        opd_id = int(row["opd_path"].strip("/").split("/")[0])
        counts = by_opd.setdefault(opd_id, dict.fromkeys(Predikat.values, 0))
        counts[row["predikat"]] += row["n"]
    opds = OrgUnit.objects.in_bulk(list(by_opd))
    ratings = dict(
        OrgPerformance.objects.filter(org_unit_id__in=list(by_opd), year=period.year).values_list(
            "org_unit_id", "rating"
        )
    )
    bounds: dict[str, dict[str, Decimal]] = {}
    for bound in PredikatBound.objects.all():
        bounds.setdefault(bound.org_rating, {})[bound.predikat] = bound.max_share

    result = []
    for opd_id, counts in by_opd.items():
        total = sum(counts.values())
        rating = ratings.get(opd_id)
        breaches = {}
        for predikat, max_share in bounds.get(rating, {}).items():
            share = Decimal(counts[predikat]) / total if total else Decimal(0)
            if share > max_share:
                breaches[Predikat(predikat).label] = (share * 100, max_share * 100)
        result.append(PredikatDistribution(opds[opd_id], counts, total, rating, breaches))
    return sorted(result, key=lambda d: d.opd.name)
