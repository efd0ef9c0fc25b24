"""NIP (PNS) and NI PPPK validation table, per DOMAIN.md."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from backend.people.nip import format_nip, parse_nip


@pytest.mark.parametrize(
    ("number", "employment_type", "birth", "sex"),
    [
        ("198012302010012005", "PNS", datetime.date(1980, 12, 30), "F"),
        ("19801230 201001 2 005", "PNS", datetime.date(1980, 12, 30), "F"),  # grouped display form
        ("197503151999031001", "PNS", datetime.date(1975, 3, 15), "M"),
        ("200001012022121001", "PNS", datetime.date(2000, 1, 1), "M"),  # start month 12: digit 13 is 1
        ("199205172023211042", "PPPK", datetime.date(1992, 5, 17), "M"),
        ("198811022022292007", "PPPK", datetime.date(1988, 11, 2), "F"),  # ninth contract
    ],
)
def test_valid_numbers_parse_with_birth_date_and_sex(number, employment_type, birth, sex):
    parsed = parse_nip(number)
    assert parsed.employment_type == employment_type
    assert parsed.birth_date == birth
    assert parsed.sex == sex
    assert parse_nip(number, employment_type=employment_type) == parsed


@pytest.mark.parametrize(
    ("number", "employment_type", "code", "names"),
    [
        ("19801230201001200", None, "nip_length", "18 digits"),
        ("1980123020100120055", None, "nip_length", "18 digits"),
        ("19801230201001200A", None, "nip_not_digits", "digits only"),
        ("198013302010012005", None, "nip_birth_date", "Digits 1–8"),  # month 13
        ("198002302010012005", None, "nip_birth_date", "Digits 1–8"),  # 30 February
        ("208001012010012005", None, "nip_birth_date", "Digits 1–8"),  # born in the future
        ("198012302010002005", None, "nip_start_month", "Digits 13–14"),  # start month 00
        ("198012302010132005", None, "nip_start_month", "Digits 13–14"),  # start month 13
        ("198012301979012005", None, "nip_start_before_birth", "Digits 9–14"),  # CPNS before birth
        ("198012301980122005", None, "nip_start_before_birth", "Digits 9–14"),  # same month as birth
        ("198012302010013005", None, "nip_sex_digit", "Digit 15"),
        ("198012302010010005", None, "nip_sex_digit", "Digit 15"),
        ("198012302010312005", None, "nip_type_digit", "Digit 13"),  # 3 is neither PNS nor PPPK
        ("199205172023201042", None, "nip_contract_count", "Digit 14"),  # PPPK contract 0
        ("199205171990211042", None, "nip_start_before_birth", "Digits 9–12"),  # appointed before birth
        ("199205172023213042", None, "nip_sex_digit", "Digit 15"),
        ("198012302010012005", "PPPK", "nip_type_mismatch", "Digit 13"),  # a PNS number typed as PPPK
        ("199205172023211042", "PNS", "nip_type_mismatch", "Digit 13"),  # a PPPK number typed as PNS
    ],
)
def test_invalid_numbers_name_the_wrong_part(number, employment_type, code, names):
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        parse_nip(number, employment_type=employment_type)
    assert excinfo.value.code == code
    assert names in excinfo.value.messages[0]


def test_future_start_year_is_refused():
    next_year = datetime.date.today().year + 1
    with pytest.raises(ValidationError) as excinfo:
        parse_nip(f"19900101{next_year}011001")
    assert excinfo.value.code == "nip_start_in_future"


def test_display_grouping():
    assert format_nip("198012302010012005") == "19801230 201001 2 005"
    assert format_nip("199205172023211042") == "19920517 2023 21 1 042"
