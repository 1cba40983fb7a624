"""Specifications of nps_workbook.score: the NPS, its intervals, tables, trends and comparisons.

Expectations are computed independently of the module: by hand (arithmetic in the comments), with
plain Python counting, with the standard library's NormalDist for z, and by re-implementing the
score statistic as a scalar function.
"""

import math
import statistics

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nps_workbook import score
from nps_workbook.errors import AnalysisError
from nps_workbook.score import (
    CATEGORIES,
    DETRACTOR_MAX,
    METHODS,
    MIN_GROUP,
    MISSING_LABEL,
    PERIODS,
    PROMOTER_MIN,
    SMALL_N,
    Comparison,
    NpsSummary,
    categorize,
    compare,
    interval,
    nps,
    nps_table,
    rolling_nps,
    sample_size,
    summarize,
)

Z95 = statistics.NormalDist().inv_cdf(0.975)  # 1.959963984540054, independent of scipy

# The worked example: 5 promoters (10, 9, 9, 10, 10), 2 passives (8, 7), 3 detractors (6, 3, 0).
EXAMPLE = [10, 9, 9, 8, 7, 6, 3, 0, 10, 10]

score_lists = st.lists(st.integers(0, 10), min_size=1, max_size=200)
counts = st.integers(0, 400)


def two_sided_p(z):
    """Two-sided normal p-value of a z statistic (erfc keeps the precision of tiny values)."""
    return math.erfc(abs(z) / math.sqrt(2))


def answers_frame(scores, **columns):
    return pd.DataFrame({"score": scores, **columns})


def tango_t(theta, detractors, promoters, n):
    """Scalar re-implementation of the score statistic T(θ) (Rocks 2016, after Tango 1998)."""
    a = 2 * n
    b_coef = -detractors - promoters + (2 * n - promoters + detractors) * theta
    c_coef = -detractors * theta * (1 - theta)
    q21 = (math.sqrt(max(b_coef**2 - 4 * a * c_coef, 0.0)) - b_coef) / (2 * a)
    return (promoters - detractors - n * theta) / math.sqrt(n * (2 * q21 + theta * (1 - theta)))


# --- Constants and categories ---------------------------------------------------------------


def test_constants_are_the_published_contract():
    assert CATEGORIES == ("detractor", "passive", "promoter")
    assert (DETRACTOR_MAX, PROMOTER_MIN) == (6, 9)
    assert METHODS == ("adjusted_wald", "wald", "score")
    assert PERIODS == ("week", "month", "quarter", "year")
    assert (SMALL_N, MIN_GROUP) == (30, 5)


def test_categorize_maps_every_score_to_its_category():
    result = categorize(list(range(11)))
    assert list(result) == ["detractor"] * 7 + ["passive"] * 2 + ["promoter"] * 2
    assert result.ordered
    assert tuple(result.categories) == CATEGORIES


def test_categorize_keeps_the_index_of_a_series():
    scores = pd.Series([9, 0, 7], index=[10, 20, 30])
    result = categorize(scores)
    assert isinstance(result, pd.Series)
    assert list(result.index) == [10, 20, 30]
    assert list(result) == ["promoter", "detractor", "passive"]
    assert result.cat.ordered


@pytest.mark.parametrize(
    ("bad", "shown"),
    [(11, "11"), (-1, "-1"), (7.5, "7.5"), (float("nan"), "nan"), ("ten", "'ten'")],
)
def test_categorize_rejects_values_that_are_not_scores(bad, shown):
    scores = pd.Series([10, 5, bad], index=["a", "b", "c"], dtype=object)
    with pytest.raises(AnalysisError, match=rf"Score {shown} at row 'c'.*0 to 10"):
        categorize(scores)


# --- The score and its intervals, by hand ----------------------------------------------------


def test_nps_of_the_worked_example_is_20():
    # 5 promoters and 3 detractors of 10: 50% - 30% = 20
    assert nps(EXAMPLE) == 20.0
    assert nps(pd.Series(EXAMPLE)) == 20.0
    assert nps(answers_frame(EXAMPLE)) == 20.0


def test_nps_is_nan_without_answers():
    assert math.isnan(nps([]))
    assert math.isnan(summarize([]).nps)


def test_nps_uses_the_category_column_when_there_is_no_score():
    answers = pd.DataFrame({"category": ["promoter", "promoter", "passive", "detractor"]})
    assert nps(answers) == 25.0  # (2 - 1) / 4


def test_wald_interval_by_hand():
    # p+ = 0.5, p- = 0.3, NPS = 0.2; V = 0.5 + 0.3 - 0.2**2 = 0.76; SE = sqrt(0.76 / 10)
    se = math.sqrt(0.076)
    estimate, result_se, low, high = interval(3, 2, 5, method="wald")
    assert estimate == pytest.approx(20.0, abs=1e-9)
    assert result_se == pytest.approx(100 * se, abs=1e-9)
    assert low == pytest.approx(100 * (0.2 - Z95 * se), abs=1e-9)
    assert high == pytest.approx(100 * (0.2 + Z95 * se), abs=1e-9)


def test_adjusted_wald_interval_by_hand():
    # n~ = 10 + 3 = 13, promoters~ = 5.75, detractors~ = 3.75
    # p+~ = 5.75/13, p-~ = 3.75/13, NPS~ = 2/13
    # V~ = 9.5/13 - (2/13)**2 = 119.5/169, SE = sqrt(V~ / 13)
    centre = 2 / 13
    se = math.sqrt(119.5 / 169 / 13)
    estimate, result_se, low, high = interval(3, 2, 5)
    assert estimate == pytest.approx(20.0, abs=1e-9)  # the plain NPS, not NPS~
    assert result_se == pytest.approx(100 * se, abs=1e-9)
    assert low == pytest.approx(100 * (centre - Z95 * se), abs=1e-9)
    assert high == pytest.approx(100 * (centre + Z95 * se), abs=1e-9)


def test_summarize_the_worked_example():
    result = summarize(EXAMPLE, method="wald")
    assert isinstance(result, NpsSummary)
    assert (result.n, result.promoters, result.passives, result.detractors) == (10, 5, 2, 3)
    assert (result.promoter_share, result.passive_share, result.detractor_share) == (
        0.5,
        0.2,
        0.3,
    )
    assert result.n_effective == 10
    assert result.nps == pytest.approx(20.0)
    assert result.se == pytest.approx(100 * math.sqrt(0.076))
    assert result.flag == "indicative"  # 10 < 30
    assert (result.confidence, result.method) == (0.95, "wald")
    assert result.to_dict()["promoters"] == 5


def test_score_interval_limits_solve_the_score_equation():
    # Lower limit: T = +z; upper limit: T = -z (T decreases in theta).
    for detractors, passives, promoters in [(3, 2, 5), (0, 1, 9), (22, 9, 8), (1, 0, 0)]:
        n = detractors + passives + promoters
        estimate, _, low, high = interval(detractors, passives, promoters, method="score")
        assert low <= estimate <= high
        if detractors < n:
            assert tango_t(low / 100, detractors, promoters, n) == pytest.approx(Z95, abs=1e-6)
        else:
            assert low == -100
        if promoters < n:
            assert tango_t(high / 100, detractors, promoters, n) == pytest.approx(-Z95, abs=1e-6)
        else:
            assert high == 100


def test_score_interval_reaches_the_bound_for_unanimous_answers():
    assert interval(0, 0, 12, method="score")[3] == 100.0
    assert interval(12, 0, 0, method="score")[2] == -100.0


def test_score_se_is_the_wald_se():
    assert interval(3, 2, 5, method="score")[1] == interval(3, 2, 5, method="wald")[1]


def test_interval_is_nan_without_answers():
    for method in METHODS:
        assert all(math.isnan(value) for value in interval(0, 0, 0, method=method))


def test_interval_of_arrays_equals_interval_of_each_element():
    detractors = np.array([0, 3, 22, 0, 7])
    passives = np.array([0, 2, 9, 4, 0])
    promoters = np.array([0, 5, 8, 0, 7])
    for method in METHODS:
        arrays = interval(detractors, passives, promoters, method=method, confidence=0.9)
        for i in range(len(detractors)):
            one = interval(
                int(detractors[i]),
                int(passives[i]),
                int(promoters[i]),
                method=method,
                confidence=0.9,
            )
            np.testing.assert_allclose([a[i] for a in arrays], one, atol=1e-12)


def test_unanimous_wald_estimates_have_no_spread():
    # All promoters: V = 1 + 0 - 1**2 = 0 for the plain shares, so SE = 0 and the interval is
    # the point 100 (no clipping involved: a clipped interval would also end at 100).
    assert interval(0, 0, 40, method="wald") == (100.0, 0.0, 100.0, 100.0)
    assert interval(40, 0, 0, method="wald") == (-100.0, 0.0, -100.0, -100.0)


def test_unanimous_answers_keep_a_spread_under_the_adjusted_and_score_intervals():
    # Adjusted Wald, 40 promoters: n~ = 43, p+~ = 40.75/43, p-~ = 0.75/43,
    # V~ = p+~ + p-~ - (p+~ - p-~)**2 = 41.5/43 - (40/43)**2, SE = sqrt(V~/43) = 3.48 points;
    # the interval runs from centre - z*SE to 100 (its top is clipped).
    plus, minus = 40.75 / 43, 0.75 / 43
    se = math.sqrt((plus + minus - (plus - minus) ** 2) / 43)
    estimate, adjusted_se, low, high = interval(0, 0, 40)
    assert (estimate, high) == (100.0, 100.0)
    assert adjusted_se == pytest.approx(100 * se)
    assert low == pytest.approx(100 * (plus - minus - Z95 * se))
    # Score: the upper limit is the bound, the lower one solves T = z below it (SE stays Wald's).
    estimate, score_se, low, high = interval(0, 0, 40, method="score")
    assert (estimate, score_se, high) == (100.0, 0.0, 100.0)
    assert tango_t(low / 100, 0, 40, 40) == pytest.approx(Z95, abs=1e-6)
    assert low < 100


# --- Cross-checks against independent methods -----------------------------------------------


@given(score_lists)
def test_nps_and_wald_se_are_mean_and_sd_of_the_trinomial_coding(scores):
    # Code each answer -1 / 0 / +1: NPS is the mean, Wald SE is the population sd over sqrt(n).
    coded = [1 if s >= 9 else -1 if s <= 6 else 0 for s in scores]
    result = summarize(scores, method="wald")
    assert result.nps == pytest.approx(100 * statistics.fmean(coded), abs=1e-9)
    expected_se = 100 * statistics.pstdev(coded) / math.sqrt(len(coded))
    assert result.se == pytest.approx(expected_se, abs=1e-9)


def test_all_methods_agree_at_large_n():
    results = [interval(3000, 2000, 5000, method=method) for method in METHODS]
    for estimate, se, low, high in results:
        assert estimate == pytest.approx(20.0)
        assert se == pytest.approx(results[0][1], abs=0.01)
        assert low == pytest.approx(results[1][2], abs=0.05)
        assert high == pytest.approx(results[1][3], abs=0.05)


# --- Real published data --------------------------------------------------------------------


def test_r_nps_package_test_data(realdata):
    path = realdata / "rnps_testdata.csv"
    scores = [int(value) for value in pd.read_csv(path)["REC"]]
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    passives = len(scores) - promoters - detractors
    result = summarize(pd.Series(scores), method="wald")
    assert (result.n, result.promoters, result.passives, result.detractors) == (
        1000,
        promoters,
        passives,
        detractors,
    )
    assert result.nps == pytest.approx(100 * (promoters - detractors) / len(scores))
    assert result.flag == ""


def test_preppin_data_sudzilla_published_answer(realdata):
    folder = realdata / "prepdata_sudzilla"
    column = "On a scale of 0-10, how would you rate Sudzilla?"
    expected = pd.read_csv(folder / "expected_output_01.csv").iloc[0]
    for name in ("input_01.csv", "input_02.csv"):
        result = summarize(pd.read_csv(folder / name)[column])
        assert result.n == expected["Total Respondents"] == 39
        assert result.promoters == expected["Promoter"] == 8
        assert result.detractors == expected["Detractor"] == 22
        assert round(result.nps, 1) == expected["NPS Score"] == -35.9


# --- Properties -----------------------------------------------------------------------------


@settings(max_examples=200)
@given(counts, counts, counts, st.sampled_from([0.8, 0.9, 0.95, 0.99]))
def test_interval_bounds_are_ordered_and_within_range(detractors, passives, promoters, level):
    if detractors + passives + promoters == 0:
        return
    for method in METHODS:
        estimate, se, low, high = interval(
            detractors, passives, promoters, confidence=level, method=method
        )
        assert -100 <= low <= high <= 100
        assert se >= 0
        if method != "adjusted_wald":
            # Wald and score intervals are built around the plain estimate.
            assert low - 1e-9 <= estimate <= high + 1e-9


@settings(max_examples=200)
@given(counts, counts, counts)
def test_adjusted_wald_contains_its_own_centre(detractors, passives, promoters):
    n = detractors + passives + promoters
    if n == 0:
        return
    centre = 100 * (promoters - detractors) / (n + 3)  # (c + 3/4 - (b + 3/4)) / (n + 3)
    _, _, low, high = interval(detractors, passives, promoters)
    assert low - 1e-9 <= centre <= high + 1e-9


def test_adjusted_wald_contains_the_plain_estimate_at_95_percent_from_two_answers():
    # Exhaustive over every count combination with 2 <= n <= 80.
    for n in range(2, 81):
        grid = np.array([(b, m, n - b - m) for b in range(n + 1) for m in range(n + 1 - b)])
        estimate, _, low, high = interval(*grid.T)
        assert np.all((low - 1e-9 <= estimate) & (estimate <= high + 1e-9)), n


def test_adjusted_wald_need_not_contain_the_plain_estimate_in_extreme_cases():
    # One promoter: centre 1/4, SE = sqrt((2.5/4 - 1/16)/4) = 0.375, upper 0.25 + 1.96 * 0.375 < 1
    assert interval(0, 0, 1)[3] < 100
    # 50 promoters at 80%: the upper limit stays below 100 because z = 1.28 < sqrt(2)
    assert interval(0, 0, 50, confidence=0.8)[3] < 100


@settings(max_examples=200)
@given(counts, counts, counts)
def test_intervals_narrow_when_the_sample_grows_fourfold(detractors, passives, promoters):
    if detractors + passives + promoters == 0:
        return
    for method in METHODS:
        _, se, low, high = interval(detractors, passives, promoters, method=method)
        _, se4, low4, high4 = interval(4 * detractors, 4 * passives, 4 * promoters, method=method)
        assert high4 - low4 <= high - low + 1e-9
        if method == "wald":
            assert se4 == pytest.approx(se / 2, abs=1e-9)  # SE = sqrt(V/n), V unchanged


@settings(max_examples=50, deadline=None)
@given(score_lists, st.randoms(use_true_random=False))
def test_results_do_not_depend_on_row_order(scores, rnd):
    segments = [("A", "B", None)[s % 3] for s in scores]
    answers = answers_frame(scores, shop=segments)
    order = list(range(len(scores)))
    rnd.shuffle(order)
    shuffled = answers.iloc[order]
    assert summarize(shuffled) == summarize(answers)
    pd.testing.assert_frame_equal(
        nps_table(shuffled, by="shop", min_group=None),
        nps_table(answers, by="shop", min_group=None),
    )


@settings(max_examples=50, deadline=None)
@given(score_lists, st.sampled_from(METHODS))
def test_table_without_groups_equals_summarize(scores, method):
    row = nps_table(answers_frame(scores), method=method, min_group=None).iloc[0]
    result = summarize(scores, method=method)
    assert row["n"] == result.n
    assert (row["promoters"], row["passives"], row["detractors"]) == (
        result.promoters,
        result.passives,
        result.detractors,
    )
    for name in ("nps", "se", "ci_low", "ci_high"):
        assert row[name] == pytest.approx(getattr(result, name), nan_ok=True)
    assert row["flag"] == result.flag


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10), st.sampled_from("xyz")), min_size=1, max_size=150))
def test_table_by_a_column_splits_the_answers(rows):
    answers = pd.DataFrame(rows, columns=["score", "team"])
    table = nps_table(answers, by="team", min_group=None)
    assert table["n"].sum() == len(answers)
    assert list(table["team"]) == sorted(set(answers["team"]))
    for _, row in table.iterrows():
        subset = summarize(answers.loc[answers["team"] == row["team"], "score"])
        assert row["n"] == subset.n
        assert row["nps"] == pytest.approx(subset.nps)
        assert row["ci_low"] == pytest.approx(subset.ci_low)
        assert row["ci_high"] == pytest.approx(subset.ci_high)


@given(score_lists, st.sampled_from(METHODS))
def test_comparing_a_sample_with_itself_finds_no_difference(scores, method):
    result = compare(scores, scores, method=method)
    assert result.difference == 0
    assert result.p_value == 1
    assert not result.significant


# --- Tables: groups, missing values, periods, flags -----------------------------------------


def test_missing_segment_values_form_their_own_group_sorted_last():
    answers = answers_frame([10, 0, 9, 7, 8], shop=["b", None, "a", None, "b"])
    table = nps_table(answers, by="shop", min_group=None)
    assert list(table["shop"]) == ["a", "b", MISSING_LABEL]
    assert list(table["n"]) == [1, 2, 2]
    assert table["n"].sum() == len(answers)  # nothing dropped


def test_table_by_two_columns_lists_observed_combinations_only():
    answers = answers_frame([10, 9, 0, 7], region=["N", "N", "S", "S"], shop=["x", "y", "x", "x"])
    table = nps_table(answers, by=["region", "shop"], min_group=None)
    assert list(zip(table["region"], table["shop"], strict=True)) == [
        ("N", "x"),
        ("N", "y"),
        ("S", "x"),
    ]
    assert list(table.columns[:7]) == [
        "region",
        "shop",
        "n",
        "n_effective",
        "promoters",
        "passives",
        "detractors",
    ]


def test_period_labels_sort_chronologically():
    dates = pd.to_datetime(["2024-12-30", "2023-01-01", "2024-01-01", "2024-03-15"])
    answers = answers_frame([10, 10, 10, 10], date=dates)
    expected = {
        # 2023-01-01 is a Sunday in ISO week 52 of 2022; 2024-12-30 is in ISO week 1 of 2025.
        "week": ["2022-W52", "2024-W01", "2024-W11", "2025-W01"],
        "month": ["2023-01", "2024-01", "2024-03", "2024-12"],
        "quarter": ["2023Q1", "2024Q1", "2024Q4"],
        "year": ["2023", "2024"],
    }
    for period, labels in expected.items():
        table = nps_table(answers, period=period, min_group=None)
        assert list(table["period"]) == labels
        assert labels == sorted(labels)


@pytest.mark.parametrize(
    ("n", "flag"), [(4, "suppressed"), (5, "indicative"), (29, "indicative"), (30, "")]
)
def test_flags_at_the_boundaries(n, flag):
    scores = [10, 0] * (n // 2) + [8] * (n % 2)
    row = nps_table(answers_frame(scores)).iloc[0]
    assert row["flag"] == flag
    assert row["n"] == n  # the size stays visible: it explains the flag, reveals no answer
    result = summarize(scores, min_group=MIN_GROUP)
    assert result.flag == flag
    if flag == "suppressed":
        assert pd.isna(row["promoters"]) and pd.isna(row["detractors"])
        assert math.isnan(row["nps"]) and math.isnan(row["ci_low"])
        assert result.promoters is None and result.detractors is None
        assert math.isnan(result.nps) and math.isnan(result.promoter_share)
    else:
        assert row["promoters"] == n // 2
        assert result.nps == pytest.approx(0.0)


def test_indicative_flag_follows_the_effective_number_of_answers():
    # 40 answers each (above SMALL_N = 30), 20 weighted 1 and 20 weighted w:
    # w = 3: n_eff = 80**2 / (20 + 20 * 9) = 6400 / 200 = 32    -> not indicative
    # w = 4: n_eff = 100**2 / (20 + 20 * 16) = 10000 / 340 = 29.4 -> indicative
    scores = [10, 0] * 20
    for heavy, n_effective, flag in [(3.0, 32.0, ""), (4.0, 10000 / 340, "indicative")]:
        answers = answers_frame(scores, w=[1.0] * 20 + [heavy] * 20)
        row = nps_table(answers, weight="w").iloc[0]
        assert (row["n"], row["n_effective"]) == (40, pytest.approx(n_effective))
        assert row["flag"] == flag
        assert summarize(answers, weight="w").flag == flag
    # Anonymity counts people: 5 answers with an n_eff under 5 are indicative, not suppressed.
    answers = answers_frame([10, 0, 10, 0, 9], w=[1.0, 1.0, 1.0, 1.0, 10.0])
    row = nps_table(answers, weight="w").iloc[0]
    assert row["n_effective"] == pytest.approx(14**2 / 104)
    assert row["flag"] == "indicative"


def test_no_suppression_when_min_group_is_none():
    row = nps_table(answers_frame([10, 10]), min_group=None).iloc[0]
    assert row["flag"] == "indicative"
    assert row["nps"] == 100
    assert summarize([10, 10]).flag == "indicative"  # a whole survey is never suppressed


def test_counts_are_nullable_integers():
    table = nps_table(answers_frame([10] * 6 + [0], shop=list("aaaaaab")), by="shop")
    assert str(table["promoters"].dtype) == "Int64"
    assert table["promoters"].tolist() == [6, pd.NA]


def three_months():
    # Shop A, Jan: 4 promoters, 1 passive, 1 detractor  -> NPS 50
    #         Feb: 2 promoters, 1 passive, 3 detractors -> NPS -100/6 = -16.67
    #         Mar: 6 promoters                          -> NPS 100
    # Shop B, Feb only.
    rows = [("A", "2024-01-10", s) for s in (10, 10, 10, 9, 7, 0)]
    rows += [("A", "2024-02-10", s) for s in (10, 9, 8, 5, 3, 2)]
    rows += [("A", "2024-03-10", s) for s in (10, 10, 10, 10, 10, 9)]
    rows += [("B", "2024-02-01", s) for s in (10, 0)]
    frame = pd.DataFrame(rows, columns=["shop", "date", "score"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def test_change_columns_by_hand():
    table = nps_table(three_months(), by="shop", period="month", method="wald", min_group=None)
    assert list(zip(table["shop"], table["period"], strict=True)) == [
        ("A", "2024-01"),
        ("A", "2024-02"),
        ("A", "2024-03"),
        ("B", "2024-02"),
    ]
    # Wald variances per answer: Jan V = 5/6 - (1/2)**2 = 7/12, Feb V = 5/6 - (1/6)**2 = 29/36,
    # Mar V = 0. Squared SEs: Jan 7/72, Feb 29/216, Mar 0.
    feb_change = -100 / 6 - 50
    feb_se = 100 * math.sqrt(7 / 72 + 29 / 216)
    mar_change = 100 + 100 / 6
    mar_se = 100 * math.sqrt(29 / 216)

    first, feb, mar, shop_b = (table.iloc[i] for i in range(4))
    assert math.isnan(first["change"]) and not first["change_significant"]
    assert math.isnan(shop_b["change"]) and not shop_b["change_significant"]

    assert feb["change"] == pytest.approx(feb_change)
    assert feb["change_se"] == pytest.approx(feb_se)
    assert feb["change_ci_low"] == pytest.approx(feb_change - Z95 * feb_se)
    assert feb["change_ci_high"] == pytest.approx(feb_change + Z95 * feb_se)
    # The p-value pools the two months' answers (the variance under "no change"):
    # Jan + Feb = 6 promoters, 2 passives, 4 detractors of 12: V0 = 5/6 - (1/6)**2 = 29/36,
    # SE0**2 = V0 * (1/6 + 1/6) = 29/108, z = (2/3) / sqrt(29/108) = 1.29.
    feb_p = two_sided_p((2 / 3) / math.sqrt(29 / 108))
    assert feb["change_p"] == pytest.approx(feb_p)
    assert not feb["change_significant"]

    assert mar["change"] == pytest.approx(mar_change)
    assert mar["change_se"] == pytest.approx(mar_se)
    # Feb + Mar = 8 promoters, 1 passive, 3 detractors of 12: V0 = 11/12 - (5/12)**2 = 107/144,
    # SE0**2 = 107/144 * (1/3) = 107/432, z = (7/6) / sqrt(107/432) = 2.34.
    mar_p = two_sided_p((7 / 6) / math.sqrt(107 / 432))
    assert mar["change_p"] == pytest.approx(mar_p)
    assert mar["change_significant"]


def test_change_is_the_same_test_as_compare():
    answers = three_months()
    table = nps_table(answers, by="shop", period="month", min_group=None)
    months = answers[answers["shop"] == "A"].groupby(answers["date"].dt.month)["score"]
    result = compare(months.get_group(3), months.get_group(2))
    row = table.iloc[2]
    assert row["change"] == pytest.approx(result.difference)
    assert row["change_se"] == pytest.approx(result.se)
    assert row["change_ci_low"] == pytest.approx(result.ci_low)
    assert row["change_p"] == pytest.approx(result.p_value)
    assert row["change_significant"] == result.significant


def test_no_change_next_to_a_suppressed_period():
    answers = three_months()
    february = answers.index[(answers["shop"] == "A") & (answers["date"] == "2024-02-10")]
    answers = answers.drop(february[:3])  # shop A keeps 3 answers in February: below 5
    table = nps_table(answers, by="shop", period="month", min_group=5)
    assert list(table["flag"][:3]) == ["indicative", "suppressed", "indicative"]
    assert table["change"][:3].isna().all()
    assert not table["change_significant"][:3].any()


# --- Rolling windows ------------------------------------------------------------------------


def test_rolling_window_counts_a_gap_month_as_no_answers():
    # Jan: 10, 10   Feb: none   Mar: 0   Apr: 9, 8   (window of 2 months)
    answers = answers_frame(
        [10, 10, 0, 9, 8],
        date=pd.to_datetime(["2024-01-03", "2024-01-30", "2024-03-15", "2024-04-01", "2024-04-30"]),
    )
    table = rolling_nps(answers, window=2, min_group=None, method="wald")
    assert list(table["window_start"]) == ["2024-01", "2024-02", "2024-03"]
    assert list(table["period"]) == ["2024-02", "2024-03", "2024-04"]
    assert list(table["n"]) == [2, 1, 3]  # Jan+Feb, Feb+Mar, Mar+Apr
    assert list(table["nps"]) == pytest.approx([100.0, -100.0, 0.0])  # 0 = (1 - 1) / 3
    # Apr window against the previous non-overlapping window (Jan+Feb): 0 - 100
    assert table["change"].iloc[2] == pytest.approx(-100.0)
    assert table["change"].iloc[:2].isna().all()


@pytest.mark.parametrize("period", PERIODS)
def test_rolling_window_of_one_period_equals_the_period_table(period):
    answers = three_months()
    rolling = rolling_nps(answers, window=1, period=period, by="shop", min_group=None)
    table = nps_table(answers, by="shop", period=period, min_group=None)
    columns = ["shop", "period", "n", "promoters", "detractors", "nps", "ci_low", "ci_high"]
    if period != "week":
        # The change to the period before; the weeks of these answers have empty weeks between
        # them, and there the period table compares with the last week that has answers, the
        # rolling window with the calendar week before (which has none).
        columns += ["change", "change_se", "change_p", "change_significant"]
    pd.testing.assert_frame_equal(rolling[columns], table[columns])
    assert list(rolling["window_start"]) == list(rolling["period"])


def test_rolling_is_empty_when_the_answers_span_fewer_periods_than_the_window():
    answers = three_months()
    table = rolling_nps(answers, window=4, by="shop")
    assert table.empty
    assert {"window_start", "period", "nps", "change"} <= set(table.columns)


# --- Comparison -----------------------------------------------------------------------------


def test_compare_by_hand():
    # a: 3 promoters, 1 passive  -> NPS 75,  V = 0.75 - 0.75**2 = 0.1875
    # b: 1 promoter, 1 passive, 2 detractors -> NPS -25, V = 0.75 - 0.25**2 = 0.6875
    # SE = sqrt(0.1875/4 + 0.6875/4) = sqrt(0.21875)
    result = compare([10, 10, 9, 8], [0, 3, 9, 7], method="wald")
    assert isinstance(result, Comparison)
    se = 100 * math.sqrt(0.21875)
    assert (result.nps_a, result.nps_b, result.n_a, result.n_b) == (75.0, -25.0, 4, 4)
    assert result.difference == pytest.approx(100.0)
    assert result.se == pytest.approx(se)
    assert result.ci_low == pytest.approx(100 - Z95 * se)
    assert result.ci_high == pytest.approx(min(200.0, 100 + Z95 * se))
    # p-value under "no difference": both samples pooled, 4 promoters, 2 passives, 2 detractors
    # of 8: V0 = 0.75 - 0.25**2 = 0.6875, SE0 = sqrt(0.6875 * (1/4 + 1/4)), z = 1 / SE0 = 1.71.
    assert result.p_value == pytest.approx(two_sided_p(1 / math.sqrt(0.6875 / 2)))
    assert not result.significant  # p = 0.088 (the unpooled Wald z = 2.14 would say p = 0.03)
    assert compare([0, 3, 9, 7], [10, 10, 9, 8], method="wald").difference == -100.0


@pytest.mark.parametrize(
    ("a", "b", "z"),
    [
        # 20 promoters vs 20 detractors: pooled 20 + 20 of 40, V0 = 1 - 0**2 = 1,
        # SE0 = sqrt(1/20 + 1/20), z = 2 / SE0 = 6.32.
        ([10] * 20, [0] * 20, 2 / math.sqrt(0.1)),
        # One promoter vs one detractor: V0 = 1, SE0 = sqrt(2), z = 1.41 (p = 0.16).
        ([10], [0], 2 / math.sqrt(2)),
        # 20 promoters vs 19 promoters and a passive: pooled 39 + 1 of 40,
        # V0 = 0.975 - 0.975**2 = 0.024375, SE0 = sqrt(V0 * 0.1), z = 0.05 / SE0 = 1.01.
        ([10] * 20, [10] * 19 + [8], 0.05 / math.sqrt(0.024375 * 0.1)),
    ],
)
@pytest.mark.parametrize("method", METHODS)
def test_unanimous_samples_that_differ_are_tested_against_their_pooled_answers(a, b, z, method):
    # The unpooled Wald SE of a unanimous sample is 0: it would make any difference certain.
    result = compare(a, b, method=method)
    assert result.p_value == pytest.approx(two_sided_p(z), rel=1e-9)
    assert result.significant == (two_sided_p(z) < 0.05)


def test_identical_unanimous_samples_do_not_differ():
    result = compare([10] * 20, [9] * 20)
    assert (result.difference, result.p_value, result.significant) == (0.0, 1.0, False)


def test_compare_uses_the_methods_se_for_the_interval_and_wald_for_the_p_value():
    a, b = [10, 10, 9, 8], [0, 3, 9, 7]
    adjusted = compare(a, b)
    wald = compare(a, b, method="wald")
    se_a, se_b = interval(0, 1, 3)[1], interval(2, 1, 1)[1]
    assert adjusted.se == pytest.approx(math.hypot(se_a, se_b))
    assert adjusted.p_value == pytest.approx(wald.p_value)
    assert compare(a, b, method="score").se == pytest.approx(wald.se)


def test_compare_clips_the_interval_to_the_possible_range():
    result = compare([10] * 3, [0] * 3)
    assert result.difference == 200
    assert -200 <= result.ci_low <= result.ci_high <= 200


# --- Weights --------------------------------------------------------------------------------


def test_weighted_nps_by_hand():
    # Scores 10, 0, 9 with weights 1, 1, 2: promoter weight 3, detractor weight 1, total 4
    # NPS_w = (3 - 1) / 4 = 50; shares 0.75 / 0 / 0.25; n_eff = 4**2 / (1 + 1 + 4) = 16/6
    # V_w = 0.75 + 0.25 - 0.5**2 = 0.75; Wald SE = sqrt(0.75 / (16/6))
    answers = answers_frame([10, 0, 9], w=[1.0, 1.0, 2.0])
    wald = summarize(answers, weight="w", method="wald")
    assert wald.n == 3
    assert wald.n_effective == pytest.approx(16 / 6)
    assert (wald.promoters, wald.passives, wald.detractors) == (2, 0, 1)
    assert (wald.promoter_share, wald.passive_share, wald.detractor_share) == (0.75, 0, 0.25)
    assert wald.nps == pytest.approx(50.0)
    assert wald.se == pytest.approx(100 * math.sqrt(0.75 / (16 / 6)))
    # Adjusted: effective counts 2 promoters, 2/3 detractor; n~ = 16/6 + 3,
    # p+~ = 2.75 / n~, p-~ = (2/3 + 0.75) / n~
    n_adj = 16 / 6 + 3
    plus, minus = 2.75 / n_adj, (2 / 3 + 0.75) / n_adj
    se = math.sqrt((plus + minus - (plus - minus) ** 2) / n_adj)
    adjusted = summarize(answers, weight="w")
    assert adjusted.nps == pytest.approx(50.0)
    assert adjusted.se == pytest.approx(100 * se)
    assert adjusted.ci_low == pytest.approx(100 * (plus - minus - Z95 * se))


def test_equal_weights_change_nothing_but_the_weighted_table_reports_n_effective():
    answers = answers_frame(EXAMPLE, w=[2.5] * 10, shop=list("aaaaabbbbb"))
    weighted = nps_table(answers, by="shop", weight="w", min_group=None)
    plain = nps_table(answers, by="shop", min_group=None)
    pd.testing.assert_frame_equal(weighted, plain)
    assert list(plain["n_effective"]) == [5.0, 5.0]


@pytest.mark.parametrize(("bad", "shown"), [(-1.0, "-1.0"), (float("nan"), "nan")])
def test_negative_or_missing_weights_are_refused(bad, shown):
    answers = answers_frame([10, 0, 9], w=[1.0, bad, 2.0])
    answers.index = ["r1", "r2", "r3"]
    with pytest.raises(AnalysisError, match=rf"Weight column 'w' has {shown} at row 'r2'"):
        summarize(answers, weight="w")
    with pytest.raises(AnalysisError, match=r"Weight column 'w'"):
        nps_table(answers, weight="w")


def test_unknown_weight_column_is_named():
    with pytest.raises(
        AnalysisError,
        match=r"The answers have no 'vægt' column \(the weight column\); they have: score",
    ):
        summarize(answers_frame([10]), weight="vægt")


# --- Sample size ----------------------------------------------------------------------------


def test_sample_size_by_hand():
    # Worst case V = 1: n = ceil(1.959964**2 / 0.05**2) = ceil(1536.58) = 1537
    assert sample_size(5) == 1537
    # 10 points: ceil(3.841459 / 0.01) = 385
    assert sample_size(10) == 385
    # p+ = 0.5, p- = 0.2: V = 0.7 - 0.09 = 0.61; ceil(3.841459 * 0.61 / 0.0025) = ceil(937.3)
    assert sample_size(5, promoter_share=0.5, detractor_share=0.2) == 938


@given(st.floats(1, 50), st.floats(0, 1), st.floats(0, 1))
def test_sample_size_is_the_smallest_n_meeting_the_margin(margin, plus, minus):
    if plus + minus > 1:
        return
    n = sample_size(margin, promoter_share=plus, detractor_share=minus)
    variance = plus + minus - (plus - minus) ** 2
    half_width = 100 * Z95 * math.sqrt(variance / n)
    assert half_width <= margin + 1e-6
    if n > 1:
        assert 100 * Z95 * math.sqrt(variance / (n - 1)) > margin - 1e-6


# --- Mistakes a user can make ---------------------------------------------------------------


def test_unknown_by_column_names_the_columns_there_are():
    answers = answers_frame([10], Afdeling=["Salg"], Kontaktpunkt=["Telefon"])
    with pytest.raises(
        AnalysisError,
        match=r"no 'Afdelng' column \(named in by=\); they have: score, Afdeling, Kontaktpunkt",
    ):
        nps_table(answers, by="Afdelng")
    with pytest.raises(AnalysisError, match=r"no 'x' column \(named in by=\)"):
        rolling_nps(answers, by=["Afdeling", "x"])


def test_by_column_with_an_output_name_is_refused():
    with pytest.raises(AnalysisError, match=r"Column 'n' in by= .*output column"):
        nps_table(answers_frame([10], n=[1]), by="n")


@pytest.mark.parametrize("level", [0, 1, 95, -0.5, "0.95"])
def test_confidence_outside_zero_one_is_refused(level):
    message = rf"confidence={level!r} is not a level between 0 and 1"
    with pytest.raises(AnalysisError, match=message):
        interval(1, 1, 1, confidence=level)
    with pytest.raises(AnalysisError, match=message):
        summarize([10], confidence=level)
    with pytest.raises(AnalysisError, match=message):
        nps_table(answers_frame([10]), confidence=level)
    with pytest.raises(AnalysisError, match=message):
        compare([10], [9], confidence=level)


def test_unknown_method_lists_the_methods():
    message = r"Unknown interval method 'bootstrap'; expected one of: adjusted_wald, wald, score"
    with pytest.raises(AnalysisError, match=message):
        interval(1, 1, 1, method="bootstrap")
    with pytest.raises(AnalysisError, match=message):
        summarize([10], method="bootstrap")
    with pytest.raises(AnalysisError, match=message):
        compare([10], [9], method="bootstrap")


def test_unknown_period_lists_the_periods():
    answers = three_months()
    message = r"Unknown period 'fortnight'; expected one of: week, month, quarter, year"
    with pytest.raises(AnalysisError, match=message):
        nps_table(answers, period="fortnight")
    with pytest.raises(AnalysisError, match=message):
        rolling_nps(answers, period="fortnight")


def test_period_without_a_date_column_is_refused():
    with pytest.raises(
        AnalysisError, match=r"no 'date' column \(needed for period='month'\); they have: score"
    ):
        nps_table(answers_frame([10, 9]), period="month")


def test_period_with_missing_or_text_dates_is_refused():
    answers = answers_frame([10, 9], date=pd.to_datetime(["2024-01-01", None]))
    with pytest.raises(AnalysisError, match=r"1 missing dates \(first at row 1\)"):
        nps_table(answers, period="month")
    with pytest.raises(AnalysisError, match=r"needs dates \(datetime64\)"):
        nps_table(answers_frame([10], date=["2024-01-01"]), period="month")


def test_answers_without_scores_are_refused():
    with pytest.raises(AnalysisError, match=r"no 'score' or 'category' column; .*: rating"):
        summarize(pd.DataFrame({"rating": [10]}))


def test_bad_window_and_sizes_are_refused():
    with pytest.raises(AnalysisError, match=r"window=0 is not a whole number of periods"):
        rolling_nps(three_months(), window=0)
    with pytest.raises(AnalysisError, match=r"min_group=-1 is not a whole number"):
        nps_table(answers_frame([10]), min_group=-1)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"margin": 0}, r"margin=0 is not a number of NPS points in \(0, 200\]"),
        ({"margin": 250}, r"margin=250 is not"),
        ({"margin": 5, "promoter_share": 0.5}, r"Give both promoter_share and detractor_share"),
        (
            {"margin": 5, "promoter_share": 0.7, "detractor_share": 0.6},
            r"promoter_share \+ detractor_share = 1.3 exceeds 1",
        ),
        (
            {"margin": 5, "promoter_share": -0.1, "detractor_share": 0.6},
            r"promoter_share=-0.1 is not a share between 0 and 1",
        ),
        ({"margin": 5, "confidence": 1.5}, r"confidence=1.5 is not a level"),
    ],
)
def test_sample_size_refuses_impossible_requests(arguments, message):
    with pytest.raises(AnalysisError, match=message):
        sample_size(**arguments)


def test_rolling_shows_a_group_only_in_windows_holding_its_answers():
    # Shop B answered only in February: with 2-month windows it appears in the windows
    # Jan-Feb and Feb-Mar, not in a window of its own before or after.
    table = rolling_nps(three_months(), window=2, by="shop", min_group=None)
    shop_b = table[table["shop"] == "B"]
    assert list(shop_b["window_start"]) == ["2024-01", "2024-02"]
    assert list(shop_b["n"]) == [2, 2]
    assert list(table.loc[table["shop"] == "A", "n"]) == [12, 12]  # Jan+Feb, Feb+Mar


def test_counting_by_bincount_and_by_groupby_agree(monkeypatch):
    """Very many possible groups fall back to a groupby; both paths give the same table."""
    rng = np.random.default_rng(7)
    answers = pd.DataFrame(
        {
            "score": rng.integers(0, 11, 2_000),
            "segment": pd.Series(rng.choice(["a", "b", None], 2_000), dtype="str"),
            "account": rng.integers(0, 300, 2_000),
            "revenue": rng.uniform(1, 10, 2_000),
            "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 400, 2_000), "D"),
        }
    )
    options = dict(by=["segment", "account"], period="quarter", weight="revenue", min_group=None)
    fast = score.nps_table(answers, **options)
    monkeypatch.setattr(score, "_MAX_BINS", 10)
    slow = score.nps_table(answers, **options)
    pd.testing.assert_frame_equal(fast, slow)


# --- how the keys are encoded (issue #8: the fast paths must give pandas' answer) -------------

TEXTS = st.lists(st.one_of(st.none(), st.text(max_size=4)), min_size=0, max_size=60)


@settings(max_examples=200, deadline=None)
@given(values=TEXTS, chunks=st.integers(1, 3), dtype=st.sampled_from(["string", "str"]))
def test_text_is_encoded_as_pandas_factorizes_it(values, chunks, dtype):
    """Arrow-backed text goes through pyarrow's dictionary encoding: same codes and values
    as pd.factorize(sort=True), a missing value last, over any number of Arrow chunks."""
    import pyarrow as pa

    size = -(-len(values) // chunks) or 1
    parts = [pa.array(values[i : i + size], pa.string()) for i in range(0, len(values), size)]
    array = pa.chunked_array(parts, pa.string())
    column = pd.Series(pd.array(array, dtype=pd.StringDtype("pyarrow")), name="shop")
    if dtype == "str":
        column = column.astype(pd.StringDtype("pyarrow", na_value=np.nan))
    key = score._encode(column)
    codes, uniques = pd.factorize(column, sort=True, use_na_sentinel=False)
    np.testing.assert_array_equal(key.codes, codes)
    assert list(pd.Series(key.values)) == list(pd.Series(uniques)) or (
        pd.Series(key.values).isna().equals(pd.Series(uniques).isna())
        and list(pd.Series(key.values).dropna()) == list(pd.Series(uniques).dropna())
    )
    assert key.values.dtype == column.dtype


@pytest.mark.parametrize("period", score.PERIODS)
@pytest.mark.parametrize("tz", [None, "Europe/Copenhagen"])
def test_dates_are_cut_into_periods_as_pandas_cuts_them(period, tz):
    """Periods come from a table of the days in the answers' range; they must be what
    dt.to_period gives, also for times of day, dates before 1970 and around new year."""
    stamps = pd.to_datetime(
        [
            "1969-12-31 23:30",
            "1970-01-01 00:00",
            "2023-12-31 22:59",
            "2024-01-01 00:01",
            "2024-12-30 12:00",  # ISO week 1 of 2025
            "2021-01-03 08:00",  # ISO week 53 of 2020
            "2024-02-29 23:59:59",
        ],
        format="ISO8601",
    )
    dates = pd.Series(stamps if tz is None else stamps.tz_localize(tz), name="date")
    answers = pd.DataFrame({"date": dates})
    key = score._period_key(score._dates(answers, period), period)
    wall = dates.dt.tz_localize(None) if tz else dates
    expected = wall.dt.to_period(score._PERIOD_FREQ[period])
    assert list(key.values.take(key.codes)) == list(expected)
    assert list(key.values) == sorted(key.values)


def test_dates_far_apart_are_cut_without_a_table_of_days(monkeypatch):
    dates = pd.Series(pd.to_datetime(["1900-06-01", "2024-03-05", "2024-03-01"]), name="date")
    monkeypatch.setattr(score, "_DAY_TABLE_MAX", 10)
    key = score._period_key(dates, "month")
    assert [str(key.values[c]) for c in key.codes] == ["1900-06", "2024-03", "2024-03"]


def test_many_answers_are_encoded_in_threads_with_the_same_table(monkeypatch):
    rng = np.random.default_rng(3)
    n = 5_000
    answers = pd.DataFrame(
        {
            "score": rng.integers(0, 11, n),
            "shop": pd.array(rng.choice(["Århus", "Odense", "", None], n), dtype="string"),
            "channel": pd.array(rng.choice(["web", "phone"], n), dtype="string"),
            "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 200, n), "D"),
        }
    )
    options = dict(by=["shop", "channel"], period="month", min_group=None)
    alone = score.nps_table(answers, **options)
    monkeypatch.setattr(score, "_THREADED_ROWS", 0)
    threaded = score.nps_table(answers, **options)
    pd.testing.assert_frame_equal(alone, threaded)
    # and the counts are those of a plain groupby
    month = answers["date"].dt.strftime("%Y-%m")
    shop = answers["shop"].fillna(score.MISSING_LABEL)
    counted = answers.groupby([shop, answers["channel"], month]).size()
    rows = zip(
        threaded["shop"], threaded["channel"], threaded["period"], threaded["n"], strict=True
    )
    assert {(shop, channel, month): n for shop, channel, month, n in rows} == counted.to_dict()


# --- What the mutation run of score found untested (tests/MUTATION.md) ------------------------


def spread_answers(n: int = 600, seed: int = 7) -> pd.DataFrame:
    """Answers over ten months in three shops of unequal size, with weights."""
    rng = np.random.default_rng(seed)
    day = rng.integers(0, 300, n)
    return pd.DataFrame(
        {
            "score": rng.integers(0, 11, n),
            "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(day, "D") + pd.Timedelta("9h"),
            "shop": rng.choice(["Aarhus", "Odense", "Vejle"], n, p=[0.6, 0.37, 0.03]),
            "w": rng.uniform(0.5, 2.0, n).round(2),
        }
    )


def test_a_rolling_window_is_the_table_of_the_answers_of_its_months():
    """Second method: each row of the rolling table (default window 3 months, weighted, by
    shop, small shops hidden) equals nps_table of the answers dated in its three months; its
    change is the difference from the window ending three months earlier."""
    answers = spread_answers()
    rolling = rolling_nps(answers, by="shop", weight="w", min_group=5)
    columns = ["n", "n_effective", "promoters", "passives", "detractors", "nps", "se"]
    columns += ["ci_low", "ci_high", "flag"]
    month = answers["date"].dt.to_period("M")
    assert len(rolling) > 20
    for _, row in rolling.iterrows():
        start, end = pd.Period(row["window_start"], "M"), pd.Period(row["period"], "M")
        assert (end - start).n == 2  # three months
        inside = answers[(month >= start) & (month <= end)]
        table = nps_table(inside, by="shop", weight="w", min_group=5).set_index("shop")
        expected = table.loc[row["shop"], columns]
        for column in columns:
            got, want = row[column], expected[column]
            if isinstance(want, str) or pd.isna(want):
                assert (pd.isna(got) and pd.isna(want)) or got == want, (row["shop"], column)
            else:
                assert got == pytest.approx(want, rel=1e-9, abs=1e-9), (row["shop"], column)
        earlier = rolling[(rolling["shop"] == row["shop"]) & (rolling["period"] == str(end - 3))]
        if earlier.empty or pd.isna(row["nps"]) or pd.isna(earlier["nps"].iloc[0]):
            assert pd.isna(row["change"])
        else:
            assert row["change"] == pytest.approx(row["nps"] - earlier["nps"].iloc[0])
    # The small shop's windows under five answers are hidden, not shown with a handful.
    small = rolling[rolling["shop"] == "Vejle"]
    assert small["nps"].isna().any() and small["nps"].notna().any()
    assert (small["nps"].isna() == (small["n"] < 5)).all()


@pytest.mark.parametrize("window", [True, 0, 2.5, "3"])
def test_a_rolling_window_that_is_not_a_whole_number_of_periods_is_refused(window):
    with pytest.raises(AnalysisError) as raised:
        rolling_nps(spread_answers(), window=window)
    assert str(raised.value) == (f"window={window!r} is not a whole number of periods (1 or more)")


def test_a_category_column_is_read_whatever_the_order_of_its_categories():
    scores = [0, 6, 7, 8, 9, 10, 10]  # 2 detractors, 2 passives, 3 promoters: NPS +14.3
    expected = 100 * (3 - 2) / 7
    labels = categorize(pd.Series(scores)).astype(str)
    reverse = pd.Categorical(labels, categories=["promoter", "passive", "detractor"])
    for category in (labels, pd.Categorical(labels, categories=list(CATEGORIES)), reverse):
        answers = pd.DataFrame({"score": scores, "category": category})
        table = nps_table(answers, min_group=None)
        assert table["nps"].iloc[0] == pytest.approx(expected)
        assert (table["detractors"].iloc[0], table["promoters"].iloc[0]) == (2, 3)


def test_a_category_that_is_not_one_names_its_value_and_row():
    answers = pd.DataFrame(
        {"score": [9, 3, 10], "category": ["promoter", "detractor", "promotor"]},
        index=[11, 12, 13],
    )
    with pytest.raises(AnalysisError) as raised:
        nps_table(answers, min_group=None)
    assert str(raised.value) == (
        "Category 'promotor' at row 13 is not one of: detractor, passive, promoter"
    )


@pytest.mark.parametrize("counts", [(-1, 0, 1), (0, -1, 1), (1, 0, -1)])
def test_a_negative_category_count_is_refused(counts):
    with pytest.raises(AnalysisError) as raised:
        interval(*counts)
    assert str(raised.value) == "Category counts must be 0 or more; got a negative count"


def test_a_wald_interval_beyond_the_scale_stops_at_its_end():
    # 1 detractor and 1 passive: NPS -50, V = 0.5 - 0.25, SE = sqrt(0.25/2) = 35.4 points,
    # so NPS - 1.96 SE = -119 is cut at -100; the mirror case's upper end at +100.
    estimate, se, low, high = interval(1, 1, 0, method="wald")
    assert (estimate, se) == (pytest.approx(-50), pytest.approx(100 * math.sqrt(0.125)))
    assert low == -100 and high == pytest.approx(-50 + Z95 * 100 * math.sqrt(0.125))
    assert interval(0, 1, 1, method="wald")[3] == 100
    # A difference of two such samples stops at -200: 3 detractors and a promoter against the
    # reverse, -50 - 50 = -100 with SE sqrt(2 * 0.75/4) = 61.2 points: -100 - 1.96 * 61.2 = -220.
    result = compare([0, 0, 0, 9], [9, 9, 9, 0], method="wald")
    assert result.difference == pytest.approx(-100)
    assert result.ci_low == -200 and result.ci_high == pytest.approx(-100 + Z95 * result.se)


def test_compare_uses_the_confidence_it_is_given():
    a, b = [10] * 30 + [0] * 10 + [7] * 10, [10] * 20 + [0] * 20 + [7] * 10
    wide, narrow = compare(a, b), compare(a, b, confidence=0.80)
    z80 = statistics.NormalDist().inv_cdf(0.90)
    assert narrow.se == pytest.approx(wide.se)
    assert narrow.ci_high - narrow.ci_low == pytest.approx(2 * z80 * narrow.se)
    assert narrow.confidence == 0.80


@pytest.mark.parametrize("name", ["period", "window_start", "flag", "nps", "change_p", "n"])
def test_a_segment_named_as_an_output_column_is_refused(name):
    answers = pd.DataFrame({"score": [9, 3], name: ["a", "b"]})
    with pytest.raises(AnalysisError) as raised:
        nps_table(answers, by=name, min_group=None)
    assert str(raised.value) == (
        f"Column {name!r} in by= has the name of an output column of the table; "
        "rename it before grouping by it"
    )


def test_a_segment_named_twice_is_refused():
    answers = pd.DataFrame({"score": [9, 3], "shop": ["a", "b"]})
    with pytest.raises(AnalysisError) as raised:
        nps_table(answers, by=["shop", "shop"], min_group=None)
    assert str(raised.value) == "by=['shop', 'shop'] names a column twice; name each column once"


def test_weights_of_zero_and_below_one_count_as_given():
    # Weighted: promoters 0.5 + 2, detractors 0 + 1.5, passive 1: NPS = (2.5 - 1.5) / 5 = +20.
    answers = pd.DataFrame({"score": [10, 9, 0, 3, 8], "w": [0.5, 2.0, 0.0, 1.5, 1.0]})
    table = nps_table(answers, weight="w", min_group=None)
    assert table["nps"].iloc[0] == pytest.approx(20.0)
    # Kish: (sum w)^2 / sum w^2 = 25 / (0.25 + 4 + 0 + 2.25 + 1) = 25 / 7.5.
    assert table["n_effective"].iloc[0] == pytest.approx(25 / 7.5)


@pytest.mark.parametrize("dtype", ["object", "string[python]", "string[pyarrow]", "category"])
def test_segments_come_sorted_with_missing_values_labelled_whatever_the_text_type(dtype):
    shops = pd.Series(["Vejle", None, "Aarhus", "Odense", "Vejle", None, "Aarhus"], dtype=dtype)
    scores = [10, 0, 9, 7, 3, 10, 10]
    answers = pd.DataFrame({"score": scores, "shop": shops, "region": ["Øst"] * 7})
    table = nps_table(answers, by=["region", "shop"], min_group=None)
    groups = table["shop"].astype(str).tolist()
    assert sorted(groups[:3]) == groups[:3] == ["Aarhus", "Odense", "Vejle"]
    assert groups[3] == MISSING_LABEL  # the answers without a shop, after the shops
    by_shop = dict(zip(groups, table["nps"], strict=True))
    # Aarhus 9, 10: +100; Odense 7: 0; Vejle 10, 3: 0; missing 0, 10: 0.
    assert by_shop == {"Aarhus": 100.0, "Odense": 0.0, "Vejle": 0.0, MISSING_LABEL: 0.0}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"small_n": -1}, "small_n=-1 is not a whole number of answers (0 or more)"),
        ({"small_n": 2.5}, "small_n=2.5 is not a whole number of answers (0 or more)"),
        ({"min_group": True}, "min_group=True is not a whole number of answers (0 or more)"),
        ({"min_group": -3}, "min_group=-3 is not a whole number of answers (0 or more)"),
        (
            {"confidence": 1.5},
            "confidence=1.5 is not a level between 0 and 1 (exclusive); use e.g. 0.95 for a "
            "95% interval",
        ),
    ],
)
def test_sizes_and_levels_that_are_not_are_refused_with_what_was_given(options, message):
    with pytest.raises(AnalysisError) as raised:
        nps_table(pd.DataFrame({"score": [9, 3]}), **options)
    assert str(raised.value) == message


def test_sizes_of_zero_show_every_group():
    table = nps_table(pd.DataFrame({"score": [1, 2]}), small_n=0, min_group=0)
    assert table["nps"].iloc[0] == -100 and table["flag"].iloc[0] == ""


def test_summarize_hides_a_sample_under_the_minimum_and_needs_a_frame_for_a_weight():
    hidden = summarize([9, 3, 10, 0, 7], min_group=10)
    assert (hidden.n, hidden.flag) == (5, "suppressed") and math.isnan(hidden.nps)
    assert hidden.promoters is None
    with pytest.raises(AnalysisError) as raised:
        summarize([9, 3], weight="w")
    assert str(raised.value) == (
        "weight='w' names a column, so it needs an answers DataFrame, not plain scores"
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        ({"margin": 0}, "margin=0 is not a number of NPS points in (0, 200]"),
        ({"margin": 201}, "margin=201 is not a number of NPS points in (0, 200]"),
        ({"margin": True}, "margin=True is not a number of NPS points in (0, 200]"),
        (
            {"margin": 10, "promoter_share": 0.5},
            "Give both promoter_share and detractor_share, or neither for the worst case; "
            "got promoter_share=0.5, detractor_share=None",
        ),
        (
            {"margin": 10, "promoter_share": 0.5, "detractor_share": 1.2},
            "detractor_share=1.2 is not a share between 0 and 1",
        ),
        (
            {"margin": 10, "promoter_share": True, "detractor_share": 0.2},
            "promoter_share=True is not a share between 0 and 1",
        ),
    ],
)
def test_sample_size_refuses_what_is_not_a_margin_or_a_share(call, message):
    with pytest.raises(AnalysisError) as raised:
        sample_size(**call)
    assert str(raised.value) == message


def test_sample_size_at_the_widest_margin_and_for_given_shares():
    assert sample_size(200) == 1  # 1.96² · 1 / 2² = 0.96: one answer
    # 50 % promoters, 20 % detractors: V = 0.7 − 0.3² = 0.61; 1.96² · 0.61 / 0.1² = 234.3.
    assert sample_size(10, promoter_share=0.5, detractor_share=0.2) == 235


def test_compare_counts_each_sample_and_uses_the_method_given():
    a, b = [10, 10, 9, 3, 7], [0, 0, 9]
    result = compare(a, b, method="wald")
    assert (result.n_a, result.n_b, result.method) == (5, 3, "wald")
    # Wald SEs: a: p+ 0.6, p− 0.2, V = 0.8 − 0.16 = 0.64, SE² = 0.128; b: p+ 1/3, p− 2/3,
    # V = 1 − 1/9, SE² = (8/9)/3. In points: 100·sqrt(0.128 + 8/27).
    assert result.se == pytest.approx(100 * math.sqrt(0.128 + 8 / 27))
    assert result.difference == pytest.approx(40 - (-100 / 3))


def test_categories_are_named_category():
    assert categorize(pd.Series([0, 7, 9])).name == "category"


def test_a_comparison_as_a_dict_holds_every_field():
    result = compare([10, 9, 3], [0, 7])
    as_dict = result.to_dict()
    assert set(as_dict) == {
        "nps_a", "nps_b", "n_a", "n_b", "difference", "se", "ci_low", "ci_high", "p_value",
        "significant", "confidence", "method",
    }  # fmt: skip
    assert (as_dict["n_a"], as_dict["n_b"], as_dict["difference"]) == (3, 2, result.difference)


def test_rolling_groups_of_two_segments_keep_a_name_shared_across_the_first():
    # Shop "Centrum" in two regions: two groups, not one.
    answers = pd.DataFrame(
        {
            "score": [10, 10, 0, 0],
            "date": pd.to_datetime(["2024-01-05", "2024-02-05"] * 2),
            "region": ["Nord", "Nord", "Syd", "Syd"],
            "shop": ["Centrum"] * 4,
        }
    )
    table = rolling_nps(answers, window=2, by=["region", "shop"], min_group=None)
    assert table[["region", "shop", "n", "nps"]].values.tolist() == [
        ["Nord", "Centrum", 2, 100.0],
        ["Syd", "Centrum", 2, -100.0],
    ]


def test_a_tables_counts_are_whole_numbers_and_its_flags_text():
    table = nps_table(spread_answers(), by="shop", min_group=5)
    for column in ("n", "promoters", "passives", "detractors"):
        assert table[column].dtype == "Int64", column
    assert pd.api.types.is_string_dtype(table["flag"])
