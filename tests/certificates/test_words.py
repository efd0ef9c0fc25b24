from datetime import date

import pytest
from django.utils import translation

from certificates.words import hari_tanggal, jp_phrase, rentang_tanggal, tanggal, terbilang


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "nol"),
        (1, "satu"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (12, "dua belas"),
        (19, "sembilan belas"),
        (20, "dua puluh"),
        (21, "dua puluh satu"),
        (100, "seratus"),
        (101, "seratus satu"),
        (115, "seratus lima belas"),
        (200, "dua ratus"),
        (235, "dua ratus tiga puluh lima"),
        (1000, "seribu"),
        (1001, "seribu satu"),
        (1111, "seribu seratus sebelas"),
        (2026, "dua ribu dua puluh enam"),
        (11000, "sebelas ribu"),
        (100000, "seratus ribu"),
        (999999, "sembilan ratus sembilan puluh sembilan ribu sembilan ratus sembilan puluh sembilan"),
    ],
)
def test_terbilang(n, words):
    assert terbilang(n) == words


@pytest.mark.parametrize("n", [-1, 1_000_000])
def test_terbilang_refuses_numbers_out_of_range(n):
    with pytest.raises(ValueError, match="0 to 999999"):
        terbilang(n)


def test_terbilang_refuses_non_integers():
    with pytest.raises(TypeError):
        terbilang(2.5)


@pytest.mark.parametrize(
    ("minutes", "phrase"),
    [
        (900, "20 (dua puluh) jam pelajaran"),
        (675, "15 (lima belas) jam pelajaran"),
        (45, "1 (satu) jam pelajaran"),
        # 22.51 JP shows as lms.rules.format_jp does, to one decimal, read digit by digit after "koma".
        (1013, "22,5 (dua puluh dua koma lima) jam pelajaran"),
        (337, "7,5 (tujuh koma lima) jam pelajaran"),
        # 19.98 JP rounds to a whole 20: no "20,0".
        (899, "20 (dua puluh) jam pelajaran"),
    ],
)
def test_jp_phrase(minutes, phrase):
    assert jp_phrase(minutes) == phrase


def test_dates_are_indonesian_whatever_the_active_language():
    with translation.override("en"):
        assert tanggal(date(2026, 3, 13)) == "13 Maret 2026"
        assert tanggal("2026-08-01") == "1 Agustus 2026"
        assert hari_tanggal("2026-03-10") == "Selasa, 10 Maret 2026"
    assert tanggal("") == ""


def test_date_range():
    assert rentang_tanggal("2026-03-10", "2026-03-12") == "10 Maret 2026 s.d. 12 Maret 2026"
    assert rentang_tanggal("2026-03-10", "2026-03-10") == "10 Maret 2026"
