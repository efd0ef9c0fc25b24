"""NIP (PNS, Perka BKN 22/2007) and NI PPPK: parsing, validation, formatting.

PNS:  YYYYMMDD birth · YYYYMM start as CPNS · sex (1/2) · 3-digit serial
PPPK: YYYYMMDD birth · YYYY appointment year · 2 · contract count (1–9) · sex (1/2) · serial

Digit 13 tells them apart: the first digit of the CPNS start month (0 or 1)
for PNS, ``2`` for PPPK. Every rejection names the part that is wrong.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from backend.people.choices import EmploymentType, Sex

NIP_LENGTH = 18


@dataclass(frozen=True)
class ParsedNip:
    number: str
    employment_type: str
    birth_date: datetime.date
    sex: str
    # PNS: year and month of the CPNS start; PPPK: appointment year, month None.
    start_year: int
    start_month: int | None
    contract_count: int | None
    serial: str


def normalize_nip(value: str) -> str:
    """Accept the grouped display form (``19801230 201001 2 005``) as input."""
    return "".join(str(value).split())


def format_nip(value: str) -> str:
    number = normalize_nip(value)
    if len(number) != NIP_LENGTH:
        return number
    if number[12] == "2":
        return f"{number[:8]} {number[8:12]} {number[12:14]} {number[14]} {number[15:]}"
    return f"{number[:8]} {number[8:14]} {number[14]} {number[15:]}"


def _error(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def parse_nip(value: str, *, employment_type: str | None = None) -> ParsedNip:
    """Parse and validate a NIP / NI PPPK; raise ValidationError naming the wrong part.

    When ``employment_type`` is given, digit 13 must agree with it.
    """
    number = normalize_nip(value)
    if not number.isdigit():
        raise _error(_("The number may contain digits only."), "nip_not_digits")
    if len(number) != NIP_LENGTH:
        raise _error(
            _("The number must have 18 digits; it has %(count)d.") % {"count": len(number)},
            "nip_length",
        )

    birth_part = number[:8]
    try:
        birth_date = datetime.date(int(birth_part[:4]), int(birth_part[4:6]), int(birth_part[6:8]))
    except ValueError:
        raise _error(
            _("Digits 1–8 (birth date, YYYYMMDD) %(part)s are not a real date.") % {"part": birth_part},
            "nip_birth_date",
        ) from None
    if birth_date.year < 1900 or birth_date > datetime.date.today():
        raise _error(
            _("Digits 1–8 (birth date) %(part)s are not a plausible birth date.") % {"part": birth_part},
            "nip_birth_date",
        )

    marker = number[12]
    if marker in "01":
        detected = EmploymentType.PNS
    elif marker == "2":
        detected = EmploymentType.PPPK
    else:
        raise _error(
            _("Digit 13 is %(digit)s: it must be 0 or 1 (first digit of the CPNS start month, PNS) or 2 (NI PPPK).")
            % {"digit": marker},
            "nip_type_digit",
        )

    if detected == EmploymentType.PNS:
        start_part = number[8:14]
        start_year, start_month = int(start_part[:4]), int(start_part[4:6])
        if not 1 <= start_month <= 12:
            raise _error(
                _("Digits 13–14 (CPNS start month) %(part)s must be 01–12.") % {"part": start_part[4:6]},
                "nip_start_month",
            )
        if (start_year, start_month) <= (birth_date.year, birth_date.month):
            raise _error(
                _("Digits 9–14 (start as CPNS, YYYYMM) %(part)s must come after the birth date.")
                % {"part": start_part},
                "nip_start_before_birth",
            )
        contract_count = None
    else:
        start_year, start_month = int(number[8:12]), None
        if start_year <= birth_date.year:
            raise _error(
                _("Digits 9–12 (PPPK appointment year) %(part)s must come after the birth year.")
                % {"part": number[8:12]},
                "nip_start_before_birth",
            )
        contract_count = int(number[13])
        if contract_count == 0:
            raise _error(_("Digit 14 (PPPK contract count) must be 1–9, not 0."), "nip_contract_count")

    if start_year > datetime.date.today().year:
        raise _error(
            _("The start year %(year)d lies in the future.") % {"year": start_year},
            "nip_start_in_future",
        )

    sex_digit = number[14]
    if sex_digit not in "12":
        raise _error(
            _("Digit 15 (sex) is %(digit)s: it must be 1 (male) or 2 (female).") % {"digit": sex_digit},
            "nip_sex_digit",
        )

    if employment_type is not None and employment_type != detected:
        raise _error(
            _("Digit 13 marks this as a %(detected)s number, but the employment type is %(given)s.")
            % {"detected": EmploymentType(detected).label, "given": EmploymentType(employment_type).label},
            "nip_type_mismatch",
        )

    return ParsedNip(
        number=number,
        employment_type=detected,
        birth_date=birth_date,
        sex=Sex.MALE if sex_digit == "1" else Sex.FEMALE,
        start_year=start_year,
        start_month=start_month,
        contract_count=contract_count,
        serial=number[15:],
    )
