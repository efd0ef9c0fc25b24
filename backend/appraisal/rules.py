"""The appraisal's arithmetic, exactly as DOMAIN.md states it. Pure functions, no database."""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from backend.appraisal.choices import IKM_ELEMENTS, PREDIKAT_MATRIX, Direction, IkmGrade, Predikat, Rating

CENT = Decimal("0.01")
HUNDRED = Decimal("100")


def achievement(*, target, realisasi, direction: str) -> Decimal:
    """Achievement in % of target: realisasi/target×100, or target/realisasi×100 when lower is better."""
    errors = {}
    if target is None:
        errors["target"] = _("Enter a target.")
    elif Decimal(target) <= 0:
        errors["target"] = _("The target must be greater than 0.")
    if realisasi is None:
        errors["realisasi"] = _("Enter the realisasi (actual value).")
    elif Decimal(realisasi) < 0:
        errors["realisasi"] = _("The realisasi cannot be negative.")
    elif direction == Direction.LOWER_IS_BETTER and Decimal(realisasi) == 0:
        errors["realisasi"] = _(
            "For a lower-is-better indicator the achievement is target ÷ realisasi, so the realisasi must be "
            "greater than 0."
        )
    if errors:
        raise ValidationError(errors)
    target, realisasi = Decimal(target), Decimal(realisasi)
    ratio = realisasi / target if direction == Direction.HIGHER_IS_BETTER else target / realisasi
    return (ratio * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


def predikat(*, result: str, behaviour: str) -> Predikat:
    """PermenPANRB 6/2022: the predikat follows from the two ratings alone."""
    return PREDIKAT_MATRIX[(Rating(result), Rating(behaviour))]


def result_rating(*, achievements: list[Decimal], meets_from: Decimal, above_from: Decimal) -> Rating | None:
    """The rule over indicator achievements: their mean against two thresholds; None without scores."""
    if not achievements:
        return None
    mean = sum(achievements, Decimal(0)) / len(achievements)
    if mean >= above_from:
        return Rating.ABOVE
    if mean >= meets_from:
        return Rating.MEETS
    return Rating.BELOW


def behaviour_rating(*, ratings: dict[str, str], above_min_values: int, below_min_values: int) -> Rating:
    """The overall behaviour rating from the seven BerAKHLAK values."""
    below = sum(1 for r in ratings.values() if r == Rating.BELOW)
    above = sum(1 for r in ratings.values() if r == Rating.ABOVE)
    if below >= below_min_values:
        return Rating.BELOW
    if above >= above_min_values and below == 0:
        return Rating.ABOVE
    return Rating.MEETS


# --- IKM (PermenPANRB 14/2017) -------------------------------------------------------

EQUAL_WEIGHTS = {element: Fraction(1, len(IKM_ELEMENTS)) for element in IKM_ELEMENTS}

# Lower bounds of each grade, highest first; the IKM is compared after rounding to 2 decimals.
IKM_GRADE_FLOORS = [
    (Decimal("88.31"), IkmGrade.A),
    (Decimal("76.61"), IkmGrade.B),
    (Decimal("65.00"), IkmGrade.C),
    (Decimal("25.00"), IkmGrade.D),
]


def validate_weights(weights: dict[str, Decimal]) -> None:
    missing = [e.upper() for e in IKM_ELEMENTS if weights.get(e) is None]
    if missing:
        raise ValidationError(
            _("Set all nine weights or none; missing: %(elements)s.") % {"elements": ", ".join(missing)}
        )
    if any(Decimal(w) < 0 for w in weights.values()):
        raise ValidationError(_("Weights cannot be negative."))
    total = sum((Decimal(weights[e]) for e in IKM_ELEMENTS), Decimal(0))
    if total != 1:
        raise ValidationError(_("The weights must sum to 1; they sum to %(total)s.") % {"total": total})


def ikm_element_averages(*, sums: dict[str, int], responses: int) -> dict[str, Fraction]:
    """NRR per element: the sum of its scores ÷ the number of filled questionnaires."""
    if responses <= 0:
        return {}
    return {element: Fraction(sums[element], responses) for element in IKM_ELEMENTS}


def ikm_value(*, averages: dict[str, Fraction], weights: dict[str, Decimal] | None = None) -> Decimal:
    """IKM = Σ(NRR × weight) × 25, rounded to 2 decimals; weights default to 1/9 each."""
    used = EQUAL_WEIGHTS if weights is None else {e: Fraction(Decimal(w)) for e, w in weights.items()}
    exact = sum((averages[e] * used[e] for e in IKM_ELEMENTS), Fraction(0)) * 25
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(CENT, rounding=ROUND_HALF_UP)


def ikm_grade(value: Decimal) -> IkmGrade:
    value = Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
    for floor, grade in IKM_GRADE_FLOORS:
        if value >= floor:
            return grade
    # Below 25 cannot come from answers of 1–4; treat it as the lowest grade.
    return IkmGrade.D


def converted(average: Fraction) -> Decimal:
    """An element average on the 25–100 scale of the IKM (NRR × 25)."""
    exact = average * 25
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(CENT, rounding=ROUND_HALF_UP)
