"""The arithmetic of competency development, kept free of the ORM so it is tested on its own.

Sources: PP 11/2017 as amended by PP 17/2020 (1 JP = 45 minutes, 20 JP a year for PNS),
PP 49/2018 Pasal 40 (PPPK at most 24 JP a contract year), DOMAIN.md's conversion table.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from lms.choices import ConversionBasis

JP_MINUTES = 45
HUNDRED = Decimal(100)


def jp_from_minutes(minutes: int) -> Decimal:
    """JP with two decimals (a 90-minute session is 2.00 JP, 100 minutes 2.22 JP)."""
    return (Decimal(minutes) / JP_MINUTES).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def minutes_from_jp(jp: Decimal | int | float) -> int:
    return int((Decimal(str(jp)) * JP_MINUTES).to_integral_value(rounding=ROUND_HALF_UP))


def format_jp(minutes: int) -> str:
    """JP for people: whole numbers without decimals, otherwise one decimal (Indonesian comma)."""
    # Rounded to the shown decimal first, so 23.98 JP reads "24", not "24,0".
    jp = jp_from_minutes(minutes).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if jp == jp.to_integral_value():
        return str(int(jp))
    return str(jp).replace(".", ",")


def attendance_pct(attended: int, sessions: int) -> Decimal | None:
    if sessions == 0:
        return None
    return (Decimal(attended) * HUNDRED / sessions).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CompletionResult:
    completed: bool
    # Empty when completed; otherwise every rule that failed, in plain words.
    reasons: tuple[str, ...]


def completion_result(
    *, attendance: Decimal | None, post_test: Decimal | None, min_attendance: int, pass_mark: int
) -> CompletionResult:
    """Lulus = attendance at or above the minimum and a post-test at or above the pass mark (DOMAIN.md)."""
    from django.utils.translation import gettext as _

    reasons = []
    if attendance is None or attendance < min_attendance:
        reasons.append(
            _("attendance %(value)s%% below the minimum %(minimum)s%%")
            % {"value": _number(attendance or 0), "minimum": min_attendance}
        )
    if post_test is None:
        reasons.append(_("no post-test score"))
    elif post_test < pass_mark:
        reasons.append(
            _("post-test %(value)s below the pass mark %(mark)s") % {"value": _number(post_test), "mark": pass_mark}
        )
    return CompletionResult(completed=not reasons, reasons=tuple(reasons))


def _number(value: Decimal) -> str:
    # Up to two decimals, no trailing zeros: 79.99 % must not read "80" beside a minimum of 80.
    value = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return format(value.normalize(), "f").replace(".", ",")


@dataclass(frozen=True)
class Conversion:
    basis: str
    jp: Decimal
    max_units_per_month: int | None = None


def activity_days(start: date, end: date) -> int:
    return (end - start).days + 1


def activity_minutes(
    *,
    conversion: Conversion,
    start: date,
    end: date,
    units: int | None,
    international: bool,
    international_bonus_pct: int,
) -> int:
    """The JP (in minutes) an external activity earns under the conversion table and its caps."""
    days = activity_days(start, end)
    if conversion.basis == ConversionBasis.PER_DAY:
        jp = conversion.jp * days
    elif conversion.basis == ConversionBasis.PER_DAY_MAX:
        # Claimed hours (60 minutes each), but no more than the cap for each day of the activity.
        claimed = Decimal(units or 0) * 60 / JP_MINUTES
        jp = min(claimed, conversion.jp * days)
    elif conversion.basis == ConversionBasis.PER_SESSION:
        sessions = units or 1
        if conversion.max_units_per_month:
            months = (end.year - start.year) * 12 + end.month - start.month + 1
            sessions = min(sessions, conversion.max_units_per_month * months)
        jp = conversion.jp * sessions
    elif conversion.basis == ConversionBasis.PER_SEMESTER:
        jp = conversion.jp * (units or 1)
    else:
        jp = conversion.jp
    if international:
        jp = jp * (HUNDRED + international_bonus_pct) / HUNDRED
    return minutes_from_jp(jp)


def normalised_gain(pre: Decimal | None, post: Decimal | None) -> Decimal | None:
    """g = (post − pre) / (100 − pre); undefined when pre = 100 or a score is missing (DOMAIN.md)."""
    if pre is None or post is None or pre >= 100:
        return None
    # Rounded down, never up: 0.6996 must stay below the 0.7 of a high gain (gain_band reads this value).
    return ((Decimal(post) - Decimal(pre)) / (HUNDRED - Decimal(pre))).quantize(Decimal("0.001"), rounding=ROUND_FLOOR)


def gain_band(gain: Decimal | None) -> str:
    if gain is None:
        return ""
    if gain >= Decimal("0.7"):
        return "high"
    if gain >= Decimal("0.3"):
        return "medium"
    return "low"


# The legal defaults of the conversion table (DOMAIN.md); a data migration loads them
# and administrators may change them afterwards.
DEFAULT_CONVERSIONS = {
    "seminar": Conversion(ConversionBasis.PER_DAY, Decimal(4)),
    "workshop": Conversion(ConversionBasis.PER_DAY, Decimal(5)),
    "sosialisasi": Conversion(ConversionBasis.PER_DAY, Decimal(4)),
    "coaching": Conversion(ConversionBasis.PER_SESSION, Decimal(2), max_units_per_month=2),
    "mentoring": Conversion(ConversionBasis.PER_SESSION, Decimal(2), max_units_per_month=2),
    "e_learning": Conversion(ConversionBasis.PER_DAY_MAX, Decimal(3)),
    "self_study": Conversion(ConversionBasis.PER_DAY_MAX, Decimal(2)),
    "detasering": Conversion(ConversionBasis.PER_ACTIVITY, Decimal(20)),
    "internship": Conversion(ConversionBasis.PER_ACTIVITY, Decimal(20)),
    "exchange": Conversion(ConversionBasis.PER_ACTIVITY, Decimal(20)),
    "benchmarking": Conversion(ConversionBasis.PER_ACTIVITY, Decimal(10)),
    "study": Conversion(ConversionBasis.PER_SEMESTER, Decimal(20)),
}
