"""The appraisal's arithmetic against DOMAIN.md."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError

from backend.appraisal import rules
from backend.appraisal.choices import IKM_ELEMENTS, Direction, IkmGrade, Predikat, Rating


@pytest.mark.parametrize(
    ("result", "behaviour", "expected"),
    [
        (Rating.ABOVE, Rating.BELOW, "Kurang/Misconduct"),
        (Rating.ABOVE, Rating.MEETS, "Baik"),
        (Rating.ABOVE, Rating.ABOVE, "Sangat Baik"),
        (Rating.MEETS, Rating.BELOW, "Kurang/Misconduct"),
        (Rating.MEETS, Rating.MEETS, "Baik"),
        (Rating.MEETS, Rating.ABOVE, "Baik"),
        (Rating.BELOW, Rating.BELOW, "Sangat Kurang"),
        (Rating.BELOW, Rating.MEETS, "Butuh Perbaikan"),
        (Rating.BELOW, Rating.ABOVE, "Butuh Perbaikan"),
    ],
)
def test_predikat_matrix_all_nine_cells(result, behaviour, expected):
    assert Predikat(rules.predikat(result=result, behaviour=behaviour)).label == expected


@pytest.mark.parametrize(
    ("target", "realisasi", "direction", "expected"),
    [
        ("100", "80", Direction.HIGHER_IS_BETTER, "80.00"),
        ("200", "250", Direction.HIGHER_IS_BETTER, "125.00"),
        ("3", "2", Direction.HIGHER_IS_BETTER, "66.67"),
        ("100", "0", Direction.HIGHER_IS_BETTER, "0.00"),
        # Average days to issue a permit: target 5 days, took 8 → 62.50 %.
        ("5", "8", Direction.LOWER_IS_BETTER, "62.50"),
        ("5", "4", Direction.LOWER_IS_BETTER, "125.00"),
        ("7", "7", Direction.LOWER_IS_BETTER, "100.00"),
    ],
)
def test_achievement_in_both_directions(target, realisasi, direction, expected):
    value = rules.achievement(target=Decimal(target), realisasi=Decimal(realisasi), direction=direction)
    assert value == Decimal(expected)


@pytest.mark.parametrize(
    ("target", "realisasi", "direction", "field"),
    [
        (Decimal(0), Decimal(5), Direction.HIGHER_IS_BETTER, "target"),
        (Decimal(-1), Decimal(5), Direction.HIGHER_IS_BETTER, "target"),
        (None, Decimal(5), Direction.HIGHER_IS_BETTER, "target"),
        (Decimal(5), None, Direction.HIGHER_IS_BETTER, "realisasi"),
        (Decimal(5), Decimal(-2), Direction.HIGHER_IS_BETTER, "realisasi"),
        (Decimal(5), Decimal(0), Direction.LOWER_IS_BETTER, "realisasi"),
    ],
)
def test_bad_target_or_realisasi_is_a_validation_error_naming_the_field(target, realisasi, direction, field):
    with pytest.raises(ValidationError) as excinfo:
        rules.achievement(target=target, realisasi=realisasi, direction=direction)
    assert field in excinfo.value.message_dict


@pytest.mark.parametrize(
    ("achievements", "expected"),
    [
        (["79", "85"], Rating.BELOW),
        (["100", "99.99"], Rating.BELOW),
        (["100", "100"], Rating.MEETS),
        (["105", "114.98"], Rating.MEETS),
        (["110", "110"], Rating.ABOVE),
        (["150", "90"], Rating.ABOVE),
    ],
)
def test_result_rating_rule(achievements, expected):
    values = [Decimal(a) for a in achievements]
    assert rules.result_rating(achievements=values, meets_from=Decimal(100), above_from=Decimal(110)) == expected


def test_result_rating_without_scores_is_none():
    assert rules.result_rating(achievements=[], meets_from=Decimal(100), above_from=Decimal(110)) is None


def test_behaviour_rating_rule():
    values = ["a", "b", "c", "d", "e", "f", "g"]

    def rate(*ratings):
        return rules.behaviour_rating(
            ratings=dict(zip(values, ratings, strict=True)), above_min_values=4, below_min_values=1
        )

    assert rate(*[Rating.MEETS] * 7) == Rating.MEETS
    assert rate(*[Rating.ABOVE] * 4, *[Rating.MEETS] * 3) == Rating.ABOVE
    assert rate(*[Rating.ABOVE] * 3, *[Rating.MEETS] * 4) == Rating.MEETS
    assert rate(*[Rating.ABOVE] * 6, Rating.BELOW) == Rating.BELOW


def _averages(values):
    return {e: Fraction(v) for e, v in zip(IKM_ELEMENTS, values, strict=True)}


def test_ikm_worked_example():
    # 4 questionnaires; element sums 13, 12, 14, 16, 12, 11, 15, 10, 13 → NRR = sum / 4.
    sums = dict(zip(IKM_ELEMENTS, [13, 12, 14, 16, 12, 11, 15, 10, 13], strict=True))
    averages = rules.ikm_element_averages(sums=sums, responses=4)
    assert averages["u1"] == Fraction(13, 4)
    # Σ NRR × 1/9 = (116 / 4) / 9 = 3.2222…; × 25 = 80.555… → 80.56, grade B.
    value = rules.ikm_value(averages=averages)
    assert value == Decimal("80.56")
    assert rules.ikm_grade(value) == IkmGrade.B


def test_ikm_with_weights():
    averages = _averages(["4", "4", "4", "4", "4", "2", "2", "4", "4"])
    weights = dict(zip(IKM_ELEMENTS, ["0.1"] * 5 + ["0.15", "0.15"] + ["0.1", "0.1"], strict=True))
    weights = {k: Decimal(v) for k, v in weights.items()}
    rules.validate_weights(weights)
    # (4×0.1×7 + 2×0.15×2) × 25 = (2.8 + 0.6) × 25 = 85.00
    assert rules.ikm_value(averages=averages, weights=weights) == Decimal("85.00")


@pytest.mark.parametrize(
    ("value", "grade"),
    [
        ("25.00", IkmGrade.D),
        ("64.99", IkmGrade.D),
        ("65.00", IkmGrade.C),
        ("76.60", IkmGrade.C),
        ("76.61", IkmGrade.B),
        ("88.30", IkmGrade.B),
        ("88.31", IkmGrade.A),
        ("100.00", IkmGrade.A),
    ],
)
def test_ikm_grade_boundaries(value, grade):
    assert rules.ikm_grade(Decimal(value)) == grade


def test_all_fours_is_100_and_all_ones_is_25():
    assert rules.ikm_value(averages=_averages([4] * 9)) == Decimal("100.00")
    assert rules.ikm_value(averages=_averages([1] * 9)) == Decimal("25.00")


@pytest.mark.parametrize(
    "weights",
    [
        ["0.1"] * 9,  # sums to 0.9
        ["0.2"] * 9,
        ["0.1111"] * 9,  # 0.9999
        ["0.5", "0.5", "0", "0", "0", "0", "0", "0", None],  # one missing
        ["-0.1", "0.2", "0.1", "0.1", "0.1", "0.1", "0.2", "0.2", "0.1"],  # negative
    ],
)
def test_weights_not_summing_to_one_are_refused(weights):
    with pytest.raises(ValidationError):
        rules.validate_weights(
            {e: None if w is None else Decimal(w) for e, w in zip(IKM_ELEMENTS, weights, strict=True)}
        )


def test_weights_summing_exactly_to_one_are_accepted():
    rules.validate_weights({e: Decimal(w) for e, w in zip(IKM_ELEMENTS, ["0.1111"] * 8 + ["0.1112"], strict=True)})
