"""The arithmetic of competency development (lms.rules), without the database."""

import datetime
from decimal import Decimal

import pytest

from lms.choices import ConversionBasis
from lms.rules import (
    DEFAULT_CONVERSIONS,
    Conversion,
    activity_days,
    activity_minutes,
    attendance_pct,
    completion_result,
    format_jp,
    gain_band,
    jp_from_minutes,
    minutes_from_jp,
    normalised_gain,
)

D = datetime.date


# --- JP and minutes ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "jp"),
    [(0, "0.00"), (45, "1.00"), (90, "2.00"), (100, "2.22"), (900, "20.00"), (1080, "24.00"), (1, "0.02")],
)
def test_jp_from_minutes(minutes, jp):
    assert jp_from_minutes(minutes) == Decimal(jp)


@pytest.mark.parametrize(
    ("jp", "minutes"), [(1, 45), (Decimal("2.5"), 113), (4.8, 216), (Decimal("0.01"), 0), (20, 900)]
)
def test_minutes_from_jp_rounds_half_up(jp, minutes):
    assert minutes_from_jp(jp) == minutes


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [(0, "0"), (900, "20"), (45, "1"), (100, "2,2"), (112, "2,5"), (68, "1,5"), (1079, "24"), (1057, "23,5")],
)
def test_format_jp_whole_numbers_plain_otherwise_one_decimal_with_comma(minutes, shown):
    assert format_jp(minutes) == shown


# --- Attendance and completion -------------------------------------------------------------


@pytest.mark.parametrize(
    ("attended", "sessions", "pct"),
    [(0, 0, None), (0, 4, "0.00"), (3, 4, "75.00"), (2, 3, "66.67"), (1, 3, "33.33"), (4, 4, "100.00")],
)
def test_attendance_pct(attended, sessions, pct):
    assert attendance_pct(attended, sessions) == (None if pct is None else Decimal(pct))


def test_completion_at_exactly_the_minimum_and_the_pass_mark_is_lulus():
    result = completion_result(attendance=Decimal(80), post_test=Decimal(65), min_attendance=80, pass_mark=65)
    assert result.completed
    assert result.reasons == ()


def test_completion_just_below_either_boundary_fails_with_each_reason():
    result = completion_result(attendance=Decimal("79.99"), post_test=Decimal("64.99"), min_attendance=80, pass_mark=65)
    assert not result.completed
    assert len(result.reasons) == 2
    # The shortfall is shown as it is, never rounded up to the very minimum it misses.
    assert "79,99" in result.reasons[0]
    assert "64,99" in result.reasons[1]


def test_completion_below_attendance_only():
    result = completion_result(attendance=Decimal("75.00"), post_test=Decimal(90), min_attendance=80, pass_mark=65)
    assert not result.completed
    assert len(result.reasons) == 1
    assert "75%" in result.reasons[0]
    assert "75,0" not in result.reasons[0]


def test_completion_without_attendance_or_post_test_names_both():
    result = completion_result(attendance=None, post_test=None, min_attendance=80, pass_mark=65)
    assert not result.completed
    assert len(result.reasons) == 2


def test_completion_with_zero_minimums_needs_only_a_post_test():
    assert completion_result(attendance=Decimal(0), post_test=Decimal(0), min_attendance=0, pass_mark=0).completed
    assert not completion_result(attendance=Decimal(0), post_test=None, min_attendance=0, pass_mark=0).completed


# --- Activity conversion: every basis and cap ----------------------------------------------


def minutes(kind, start, end, units=None, international=False, bonus=20):
    return activity_minutes(
        conversion=DEFAULT_CONVERSIONS[kind],
        start=start,
        end=end,
        units=units,
        international=international,
        international_bonus_pct=bonus,
    )


def test_activity_days_counts_both_ends():
    assert activity_days(D(2026, 3, 10), D(2026, 3, 10)) == 1
    assert activity_days(D(2026, 2, 27), D(2026, 3, 2)) == 4


def test_per_day_seminar_two_days_is_8_jp():
    assert minutes("seminar", D(2026, 3, 10), D(2026, 3, 11)) == 8 * 45


def test_per_day_workshop_is_5_jp_a_day():
    assert minutes("workshop", D(2026, 3, 10), D(2026, 3, 10)) == 5 * 45
    assert minutes("workshop", D(2026, 3, 10), D(2026, 3, 12)) == 15 * 45


def test_per_day_sosialisasi_is_4_jp_a_day():
    assert minutes("sosialisasi", D(2026, 3, 10), D(2026, 3, 10)) == 4 * 45


def test_per_session_coaching_is_2_jp_a_session():
    assert minutes("coaching", D(2026, 3, 3), D(2026, 3, 3), units=1) == 2 * 45
    assert minutes("mentoring", D(2026, 3, 3), D(2026, 3, 17), units=2) == 4 * 45


def test_per_session_three_coaching_sessions_in_one_month_count_two():
    assert minutes("coaching", D(2026, 3, 3), D(2026, 3, 24), units=3) == 4 * 45


def test_per_session_cap_grows_with_the_months_spanned():
    # March and April: up to 4 sessions count.
    assert minutes("coaching", D(2026, 3, 20), D(2026, 4, 10), units=3) == 6 * 45
    assert minutes("coaching", D(2026, 3, 20), D(2026, 4, 10), units=5) == 8 * 45
    # Across a year end the months still add up (December and January).
    assert minutes("coaching", D(2025, 12, 20), D(2026, 1, 10), units=4) == 8 * 45


def test_per_session_without_a_count_is_one_session():
    assert minutes("coaching", D(2026, 3, 3), D(2026, 3, 3)) == 2 * 45


def test_per_session_without_a_monthly_cap_counts_every_session():
    conversion = Conversion(ConversionBasis.PER_SESSION, Decimal(2))
    got = activity_minutes(
        conversion=conversion,
        start=D(2026, 3, 1),
        end=D(2026, 3, 1),
        units=5,
        international=False,
        international_bonus_pct=20,
    )
    assert got == 10 * 45


def test_per_day_max_e_learning_10_hours_in_one_day_is_capped_at_3_jp():
    assert minutes("e_learning", D(2026, 3, 10), D(2026, 3, 10), units=10) == 3 * 45


def test_per_day_max_counts_claimed_hours_below_the_cap():
    # Two hours are 120 minutes, 2.67 JP, under the 3 JP of one day.
    assert minutes("e_learning", D(2026, 3, 10), D(2026, 3, 10), units=2) == 120
    # Ten hours over four days: 13.3 JP claimed, 12 JP cap.
    assert minutes("e_learning", D(2026, 3, 10), D(2026, 3, 13), units=10) == 12 * 45
    # Self-study: 2 JP a day at most.
    assert minutes("self_study", D(2026, 3, 10), D(2026, 3, 10), units=5) == 2 * 45


def test_per_day_max_without_hours_earns_nothing():
    assert minutes("e_learning", D(2026, 3, 10), D(2026, 3, 10)) == 0


def test_per_activity_kinds_earn_their_fixed_jp_whatever_the_length():
    for kind in ("detasering", "internship", "exchange"):
        assert minutes(kind, D(2026, 1, 5), D(2026, 3, 30)) == 20 * 45
    assert minutes("benchmarking", D(2026, 3, 10), D(2026, 3, 12)) == 10 * 45


def test_per_semester_study_is_20_jp_a_semester():
    assert minutes("study", D(2026, 1, 5), D(2026, 6, 30), units=1) == 20 * 45
    assert minutes("study", D(2025, 7, 1), D(2026, 6, 30), units=2) == 40 * 45
    assert minutes("study", D(2026, 1, 5), D(2026, 6, 30)) == 20 * 45


def test_international_adds_the_bonus_percentage():
    assert minutes("seminar", D(2026, 3, 10), D(2026, 3, 10), international=True) == 216  # 4.8 JP
    assert minutes("seminar", D(2026, 3, 10), D(2026, 3, 11), international=True) == round(9.6 * 45)
    assert minutes("study", D(2026, 1, 5), D(2026, 6, 30), units=1, international=True) == 24 * 45
    assert minutes("seminar", D(2026, 3, 10), D(2026, 3, 10), international=True, bonus=50) == 6 * 45
    assert minutes("seminar", D(2026, 3, 10), D(2026, 3, 10), international=True, bonus=0) == 4 * 45


def test_international_bonus_applies_after_the_daily_cap():
    assert minutes("e_learning", D(2026, 3, 10), D(2026, 3, 10), units=10, international=True) == round(3.6 * 45)


def test_default_table_covers_every_activity_kind():
    from lms.choices import ActivityKind

    assert set(DEFAULT_CONVERSIONS) == set(ActivityKind.values)


# --- Learning gain -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pre", "post", "gain"),
    [
        (40, 70, "0.500"),
        (0, 100, "1.000"),
        (50, 50, "0.000"),
        (60, 40, "-0.500"),
        (10, 73, "0.700"),
        (70, 79, "0.300"),
        (99, 100, "1.000"),
    ],
)
def test_normalised_gain(pre, post, gain):
    assert normalised_gain(Decimal(pre), Decimal(post)) == Decimal(gain)


@pytest.mark.parametrize(("pre", "post"), [(100, 100), (None, 80), (40, None), (None, None)])
def test_normalised_gain_undefined(pre, post):
    assert normalised_gain(pre, post) is None


def test_normalised_gain_never_rounds_up_into_a_higher_band():
    # g = 0.6996: shown as 0.699 and still medium; rounding half up made it 0.700, "high".
    gain = normalised_gain(Decimal(0), Decimal("69.96"))
    assert gain == Decimal("0.699")
    assert gain_band(gain) == "medium"
    assert gain_band(normalised_gain(Decimal(0), Decimal("29.99"))) == "low"


@pytest.mark.parametrize(
    ("gain", "band"),
    [
        (None, ""),
        ("1.0", "high"),
        ("0.7", "high"),
        ("0.699", "medium"),
        ("0.3", "medium"),
        ("0.299", "low"),
        ("0", "low"),
        ("-0.5", "low"),
    ],
)
def test_gain_band_boundaries(gain, band):
    assert gain_band(None if gain is None else Decimal(gain)) == band
