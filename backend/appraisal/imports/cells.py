"""Turn one raw cell (CSV text or an XLSX value) into the value a column means, or say what is wrong.

Pure functions; each raises ``CellError`` with a message written for the person
who typed the cell.
"""

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from backend.appraisal.choices import PERIODS_PER_YEAR, PeriodKind
from backend.people.nip import normalize_nip

CENT = Decimal("0.01")
# Score.target/realisasi hold 14 digits, 2 of them decimals.
MAX_NUMBER = Decimal("1e12")
# Excel's own rounding noise (85.49999999999) is not a third decimal someone typed.
FLOAT_NOISE = Decimal("1e-9")

_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")
_PERIOD = re.compile(r"^(\d{4})(?:\s*[-/ ]\s*(TW|Q|S|M|B)\s*-?\s*(\d{1,2}))?$", re.IGNORECASE)
_PERIOD_KINDS = {
    "q": PeriodKind.QUARTERLY,
    "tw": PeriodKind.QUARTERLY,  # triwulan
    "s": PeriodKind.SEMESTER,
    "m": PeriodKind.MONTHLY,
    "b": PeriodKind.MONTHLY,  # bulan
}
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
_ROMAN += [f"X{r}" for r in _ROMAN[:7]]
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
# Day first, as Indonesians write dates: 14/03/2025.
_LOCAL_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


class CellError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def nip(value) -> str:
    """The 18 digits of a NIP cell; a NIP that a spreadsheet turned into a number is refused.

    Excel keeps 15 significant digits, so 197803152005012002 becomes
    197803152005012000: a different, often valid-looking number.
    """
    if (isinstance(value, int | float | Decimal) and not isinstance(value, bool)) or "E+" in str(value).upper():
        raise CellError(
            _(
                "This NIP was stored as a number, and Excel keeps only 15 digits of a number, so its last digits are "
                "lost. Format the column as Text and type the numbers again."
            )
        )
    return normalize_nip(text(value).lstrip("'"))


def number(value) -> Decimal:
    """A decimal with at most 2 decimals; a decimal comma ("85,5") is as good as a point."""
    if isinstance(value, bool):
        raise CellError(_("“%(value)s” is not a number.") % {"value": value})
    if isinstance(value, int | float | Decimal):
        result = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        rounded = result.quantize(CENT, rounding=ROUND_HALF_UP)
        if isinstance(value, float) and abs(rounded - result) < FLOAT_NOISE:
            result = rounded
    else:
        raw = text(value)
        compact = re.sub(r"\s", "", raw).removesuffix("%")
        if not _NUMBER.match(compact):
            raise CellError(
                _("“%(value)s” is not a number. Write it like 85,5 or 85.5, without thousands separators.")
                % {"value": raw}
            )
        try:
            result = Decimal(compact.replace(",", "."))
        except InvalidOperation:
            raise CellError(_("“%(value)s” is not a number.") % {"value": raw}) from None
    if result != result.quantize(CENT, rounding=ROUND_HALF_UP):
        raise CellError(_("“%(value)s” has more than 2 decimals.") % {"value": text(value)})
    if abs(result) >= MAX_NUMBER:
        raise CellError(_("“%(value)s” is too large.") % {"value": text(value)})
    return result.quantize(CENT)


def answer(value) -> int:
    """An IKM answer: a whole number 1–4."""
    try:
        result = number(value)
    except CellError:
        result = None
    if result is None or result != result.to_integral_value() or not 1 <= result <= 4:
        raise CellError(_("“%(value)s” is not an answer: use a whole number from 1 to 4.") % {"value": text(value)})
    return int(result)


def period_key(value) -> tuple[int, str, int]:
    """``2025`` → the year; ``2025-S1``, ``2025-Q2`` (or ``2025-TW2``), ``2025-M03`` → that period."""
    raw = text(value)
    match = _PERIOD.match(raw)
    if not match:
        raise CellError(
            _("“%(value)s” is not a period. Write 2025 (year), 2025-S1 (semester), 2025-Q2 (quarter) or 2025-M03.")
            % {"value": raw}
        )
    year = int(match.group(1))
    if match.group(2) is None:
        return year, PeriodKind.ANNUAL, 1
    kind = _PERIOD_KINDS[match.group(2).lower()]
    index = int(match.group(3))
    count = PERIODS_PER_YEAR[kind]
    if not 1 <= index <= count:
        raise CellError(
            _("“%(value)s”: a %(kind)s period is numbered 1 to %(count)d.")
            % {"value": raw, "kind": PeriodKind(kind).label.lower(), "count": count}
        )
    return year, kind, index


def period_code(year: int, kind: str, index: int) -> str:
    """The canonical spelling of a period in a file, the inverse of ``period_key``."""
    if kind == PeriodKind.ANNUAL:
        return str(year)
    if kind == PeriodKind.MONTHLY:
        return f"{year}-M{index:02d}"
    return f"{year}-{'Q' if kind == PeriodKind.QUARTERLY else 'S'}{index}"


def date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raw = text(value)
    if match := _ISO_DATE.match(raw):
        year, month, day = match.groups()
    elif match := _LOCAL_DATE.match(raw):
        day, month, year = match.groups()
    else:
        year = None
    if year is not None:
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            pass
    raise CellError(_("“%(value)s” is not a date. Write 2025-03-14 or 14/03/2025.") % {"value": raw})


def grade(value) -> str:
    """``iii/a``, ``III-a``, ``3/a`` → ``III/a``; PPPK ``9`` → ``IX``. Validity is the model's to judge."""
    raw = re.sub(r"\s", "", text(value))
    rank, _sep, letter = re.sub(r"[-.]", "/", raw).partition("/")
    if rank.isdigit() and 1 <= int(rank) <= len(_ROMAN):
        rank = _ROMAN[int(rank) - 1]
    return f"{rank.upper()}/{letter.lower()}" if letter else rank.upper()
