"""Indonesian words for what a certificate spells out: numbers, JP and dates.

A certificate is an Indonesian legal document, so these never follow the active UI
language: "20 (dua puluh) jam pelajaran" and "13 Maret 2026" read the same for every user.
"""

from datetime import date

from lms.rules import format_jp

_DIGITS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")

BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
# Indexed by date.weekday(): Monday is 0.
HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")

MAX_TERBILANG = 999_999


def _below_thousand(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    words = []
    if hundreds:
        # One hundred is the bound form "seratus", never "satu ratus".
        words.append("seratus" if hundreds == 1 else f"{_DIGITS[hundreds]} ratus")
    if rest >= 20:
        tens, units = divmod(rest, 10)
        words.append(f"{_DIGITS[tens]} puluh")
        if units:
            words.append(_DIGITS[units])
    elif rest >= 10:
        words.append({10: "sepuluh", 11: "sebelas"}.get(rest) or f"{_DIGITS[rest - 10]} belas")
    elif rest:
        words.append(_DIGITS[rest])
    return " ".join(words)


def terbilang(n: int) -> str:
    """The number in Indonesian words, 0 to 999 999 ("dua ratus tiga puluh lima")."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"terbilang() needs an int, not {type(n).__name__}")
    if not 0 <= n <= MAX_TERBILANG:
        raise ValueError(f"terbilang() spells 0 to {MAX_TERBILANG}, not {n}")
    if n == 0:
        return _DIGITS[0]
    thousands, rest = divmod(n, 1000)
    words = []
    if thousands:
        words.append("seribu" if thousands == 1 else f"{_below_thousand(thousands)} ribu")
    if rest:
        words.append(_below_thousand(rest))
    return " ".join(words)


def jp_phrase(minutes: int) -> str:
    """ "20 (dua puluh) jam pelajaran"; a fraction reads "22,5 (dua puluh dua koma lima) jam pelajaran".

    The figure is lms.rules.format_jp's (1 JP = 45 minutes, one decimal at most), so the
    certificate shows the same JP as the participant's transcript, and the words are read
    from that figure: digits and words can never disagree.
    """
    figure = format_jp(minutes)
    whole, _, decimals = figure.partition(",")
    words = terbilang(int(whole))
    if decimals:
        # Indonesian reads decimals digit by digit after "koma".
        words += " koma " + " ".join(_DIGITS[int(d)] for d in decimals)
    return f"{figure} ({words}) jam pelajaran"


def _as_date(value: date | str) -> date:
    # The frozen certificate content keeps dates as ISO strings (JSON has no date type).
    return date.fromisoformat(value) if isinstance(value, str) else value


def tanggal(value: date | str) -> str:
    """ "13 Maret 2026" for a date or an ISO date string; "" for an empty one."""
    if not value:
        return ""
    day = _as_date(value)
    return f"{day.day} {BULAN[day.month - 1]} {day.year}"


def hari_tanggal(value: date | str) -> str:
    """ "Selasa, 10 Maret 2026": a session's day in the outline."""
    if not value:
        return ""
    day = _as_date(value)
    return f"{HARI[day.weekday()]}, {tanggal(day)}"


def rentang_tanggal(start: date | str, end: date | str) -> str:
    """ "10 Maret 2026 s.d. 12 Maret 2026", or one date when the training lasted a day."""
    if not end or _as_date(start) == _as_date(end):
        return tanggal(start)
    return f"{tanggal(start)} s.d. {tanggal(end)}"
