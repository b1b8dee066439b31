"""Message-variant statistics checked against known results: scipy's own routines,
Wilson's closed form, and Newcombe's (1998) published worked examples."""

import json
import math
import warnings

import numpy as np
import pytest
from scipy import stats

from commplan.feedback.variants import (
    analyse,
    bootstrap_difference_interval,
    newcombe_interval,
    summary_sentences,
    wilson_interval,
)


def actions(variant, audience, acted, n):
    """n respondents of one variant and audience, the first ``acted`` of whom acted."""
    return [(variant, audience, 1 if i < acted else 0) for i in range(n)]


def ratings(variant, audience, values):
    return [(variant, audience, v) for v in values]


# ------------------------------------------------------------------ single groups


@pytest.mark.parametrize(("k", "n"), [(0, 10), (3, 10), (10, 10), (56, 70), (48, 80), (1, 3)])
def test_wilson_interval_is_scipys_and_wilsons_closed_form(k, n):
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    ours = wilson_interval(k, n)
    assert ours.low == pytest.approx(ci.low, abs=1e-12)
    assert ours.high == pytest.approx(ci.high, abs=1e-12)
    # Wilson (1927): (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)
    z, p = stats.norm.ppf(0.975), k / n
    centre, half = p + z * z / (2 * n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    assert ours.low == pytest.approx((centre - half) / (1 + z * z / n), abs=1e-9)
    assert ours.high == pytest.approx((centre + half) / (1 + z * z / n), abs=1e-9)


def test_group_proportions_use_the_wilson_interval():
    result = analyse(
        "action", "A", actions("A", "families", 3, 10) + actions("B", "families", 7, 10)
    )
    b = result.group("B", "families")
    ci = stats.binomtest(7, 10).proportion_ci(method="wilson")
    assert (b.n, b.successes, b.estimate) == (10, 7, 0.7)
    assert (b.ci.low, b.ci.high) == pytest.approx((ci.low, ci.high))
    overall = result.group("B")  # one audience, so overall is the same group
    assert (overall.n, overall.successes, overall.ci) == (10, 7, b.ci)


def test_group_mean_rating_uses_the_t_interval():
    values = [1, 2, 2, 3, 4, 4, 5, 5, 5, 3, 2]
    result = analyse(
        "rating", "A", ratings("A", "staff", values) + ratings("B", "staff", [3, 4] * 6)
    )
    a = result.group("A", "staff")
    low, high = stats.t.interval(
        0.95, len(values) - 1, loc=np.mean(values), scale=stats.sem(values)
    )
    assert a.estimate == pytest.approx(np.mean(values))
    assert (a.ci.low, a.ci.high) == pytest.approx((low, high))
    assert a.sd == pytest.approx(np.std(values, ddof=1))


# ------------------------------------------------------------------ differences


def test_newcombe_interval_matches_the_published_worked_examples():
    # Newcombe RG. Interval estimation for the difference between independent
    # proportions: comparison of eleven methods. Stat Med 1998;17:873-890, Table II,
    # method 10 (score interval, no continuity correction), 95% limits:
    #   (a) 56/70 - 48/80 = 0.2000:  0.0524 to 0.3339
    #   (b)  9/10 -  3/10 = 0.6000:  0.1705 to 0.8090
    # Recomputed here from the paper's formula with Wilson limits
    # (56/70: 0.6920 to 0.8768; 48/80: 0.4905 to 0.7000), e.g.
    #   low = 0.2 - sqrt((0.8 - 0.6920)^2 + (0.7000 - 0.6)^2) = 0.0524.
    # (0.0575 to 0.3425 in the same table is method 1, the simple Wald interval.)
    a = newcombe_interval(56, 70, 48, 80)
    assert (round(a.low, 4), round(a.high, 4)) == (0.0524, 0.3339)
    b = newcombe_interval(9, 10, 3, 10)
    assert (round(b.low, 4), round(b.high, 4)) == (0.1705, 0.8090)
    # More rows of the same table: boundary cases with zero events.
    d = newcombe_interval(5, 56, 0, 29)
    assert (round(d.low, 4), round(d.high, 4)) == (-0.0381, 0.1926)
    g = newcombe_interval(10, 10, 0, 20)
    assert (round(g.low, 4), round(g.high, 4)) == (0.6791, 1.0)


def test_action_difference_uses_newcombe_and_fisher():
    outcomes = actions("A", "families", 48, 80) + actions("B", "families", 56, 70)
    result = analyse("action", "A", outcomes)
    c = result.comparison("B", "families")
    assert c.difference == pytest.approx(0.2)
    assert (round(c.ci.low, 4), round(c.ci.high, 4)) == (0.0524, 0.3339)
    expected = stats.fisher_exact([[56, 14], [48, 32]]).pvalue
    assert c.p_value == pytest.approx(expected, rel=1e-12)
    assert result.comparison("B").p_value == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("kv", "nv", "kc", "nc"), [(3, 12, 9, 11), (0, 15, 4, 15), (20, 20, 18, 20)]
)
def test_action_p_value_is_fisher_exact_on_the_2x2_table(kv, nv, kc, nc):
    outcomes = actions("ctl", "staff", kc, nc) + actions("new", "staff", kv, nv)
    c = analyse("action", "ctl", outcomes).comparison("new", "staff")
    assert c.p_value == pytest.approx(stats.fisher_exact([[kv, nv - kv], [kc, nc - kc]]).pvalue)


def test_rating_p_value_is_welchs_t_test():
    control = [3, 3, 4, 2, 3, 4, 3, 2, 3, 3, 4, 3]
    variant = [4, 5, 3, 5, 4, 4, 5, 2, 4, 5, 5, 4, 3, 5]
    outcomes = ratings("A", "families", control) + ratings("B", "families", variant)
    c = analyse("rating", "A", outcomes).comparison("B", "families")
    expected = stats.ttest_ind(variant, control, equal_var=False).pvalue
    assert c.p_value == pytest.approx(expected, rel=1e-12)
    assert c.difference == pytest.approx(np.mean(variant) - np.mean(control))


def test_rating_p_value_when_a_group_gave_one_rating():
    varied, same = [3, 4, 2, 3, 4, 3, 3, 4, 2, 3], [5] * 10
    one = analyse("rating", "A", ratings("A", "x", varied) + ratings("B", "x", same))
    with warnings.catch_warnings():  # scipy warns about the constant group
        warnings.simplefilter("ignore", RuntimeWarning)
        expected = stats.ttest_ind(same, varied, equal_var=False).pvalue
    assert one.comparison("B", "x").p_value == pytest.approx(expected)
    both = analyse("rating", "A", ratings("A", "x", [5] * 10) + ratings("B", "x", same))
    assert both.comparison("B", "x").p_value is None  # scipy's NaN: undefined, so None
    assert json.dumps(both.to_dict(), allow_nan=False)


def _synthetic_ratings(seed=7, n=150):
    # Control: 2, 3, 4 equally likely (true mean 3.0); variant: 3, 4, 5 with
    # probabilities 0.2, 0.4, 0.4 (true mean 4.2). True difference 1.2.
    rng = np.random.default_rng(seed)
    control = rng.choice([2, 3, 4], size=n).tolist()
    variant = rng.choice([3, 4, 5], size=n, p=[0.2, 0.4, 0.4]).tolist()
    return variant, control


def test_bootstrap_interval_is_deterministic_and_covers_the_true_difference():
    variant, control = _synthetic_ratings()
    first = bootstrap_difference_interval(variant, control, seed=3)
    assert bootstrap_difference_interval(variant, control, seed=3) == first
    assert bootstrap_difference_interval(variant, control, seed=4) != first
    assert first.low < 1.2 < first.high
    # Agrees with Welch's t-interval for the same difference to within a few hundredths.
    welch = stats.ttest_ind(variant, control, equal_var=False).confidence_interval(0.95)
    assert first.low == pytest.approx(welch.low, abs=0.05)
    assert first.high == pytest.approx(welch.high, abs=0.05)


def test_bootstrap_in_analyse_depends_only_on_the_groups_and_seed():
    variant, control = _synthetic_ratings()
    base = ratings("A", "families", control) + ratings("B", "families", variant)
    other = ratings("A", "staff", [3, 4] * 10) + ratings("B", "staff", [2, 3] * 10)
    one = analyse("rating", "A", base, seed=11)
    again = analyse("rating", "A", base, seed=11)
    more = analyse("rating", "A", other + base, seed=11)
    assert one.to_dict() == again.to_dict()
    assert more.comparison("B", "families").ci == one.comparison("B", "families").ci
    assert one.comparison("B", "families").ci == bootstrap_difference_interval(
        variant, control, seed=11
    )


# ------------------------------------------------------------------ warnings


def test_small_group_warning_names_the_audience():
    outcomes = (
        actions("A", "families", 10, 40)
        + actions("B", "families", 20, 40)
        + actions("A", "policymakers", 2, 4)
        + actions("B", "policymakers", 1, 5)
    )
    result = analyse("action", "A", outcomes)
    small = [w for w in result.warnings if w.startswith("Too few")]
    assert small == [
        "Too few policymakers responded to tell: 4 for variant A and 5 for variant B "
        "(at least 10 per variant are needed)."
    ]
    assert result.comparison("B", "policymakers").too_few
    assert not result.comparison("B", "families").too_few
    assert not result.comparison("B").too_few


def test_no_small_group_warning_when_every_group_is_big_enough():
    outcomes = actions("A", "families", 3, 10) + actions("B", "families", 4, 10)
    assert analyse("action", "A", outcomes).warnings == []
    assert [w for w in analyse("action", "A", outcomes, min_group=11).warnings if "Too few" in w]


def _backlash_actions(policymakers_b):
    return (
        actions("A", "families", 30, 100)
        + actions("B", "families", 55, 100)
        + actions("A", "policymakers", 60, 100)
        + actions("B", "policymakers", policymakers_b, 100)
    )


def test_backlash_warning_names_both_audiences():
    result = analyse("action", "A", _backlash_actions(30))
    assert result.comparison("B", "families").ci.above_zero
    assert result.comparison("B", "policymakers").ci.below_zero
    (b,) = result.backlash
    assert (b.variant, b.helped, b.hurt, b.clear) == ("B", ("families",), ("policymakers",), True)
    (warning,) = [w for w in result.warnings if "acklash" in w]
    assert "families" in warning and "policymakers" in warning


def test_possible_backlash_when_help_is_only_a_point_estimate():
    outcomes = (
        actions("A", "families", 30, 100)
        + actions("B", "families", 36, 100)  # better, but not clearly
        + actions("A", "policymakers", 60, 100)
        + actions("B", "policymakers", 30, 100)
    )
    result = analyse("action", "A", outcomes)
    (b,) = result.backlash
    assert not b.clear and b.helped == ("families",) and b.hurt == ("policymakers",)
    assert any(w.startswith("Possible backlash") and "families" in w for w in result.warnings)


def test_no_backlash_when_the_variant_helps_everyone_or_nobody_clearly():
    helps_both = analyse("action", "A", _backlash_actions(85))
    assert helps_both.backlash == [] and helps_both.warnings == []
    noisy = analyse("action", "A", _backlash_actions(55))  # policymakers: not clearly worse
    assert noisy.backlash == [] and noisy.warnings == []


def test_no_backlash_from_an_audience_too_small_to_tell():
    outcomes = (
        actions("A", "families", 30, 100)
        + actions("B", "families", 55, 100)
        + actions("A", "policymakers", 9, 9)
        + actions("B", "policymakers", 0, 9)  # clearly worse, but under min_group
    )
    result = analyse("action", "A", outcomes)
    assert result.comparison("B", "policymakers").ci.below_zero
    assert result.backlash == []
    assert not [w for w in result.warnings if "acklash" in w]


def test_backlash_for_ratings():
    outcomes = (
        ratings("A", "families", [3, 3, 4, 3, 2, 3, 4, 3, 3, 3] * 3)
        + ratings("B", "families", [4, 5, 4, 4, 5, 4, 3, 5, 4, 4] * 3)
        + ratings("A", "educators", [4, 4, 5, 4, 3, 4, 5, 4, 4, 4] * 3)
        + ratings("B", "educators", [2, 3, 2, 3, 3, 2, 4, 2, 3, 3] * 3)
    )
    result = analyse("rating", "A", outcomes)
    (b,) = result.backlash
    assert b.helped == ("families",) and b.hurt == ("educators",)
    assert any("rated it lower" in w for w in result.warnings)


# ------------------------------------------------------------------ sentences


def test_sentence_for_a_clear_rating_win_and_a_too_small_audience():
    outcomes = (
        ratings("A", "families", [3, 4, 4, 3, 4, 3, 4, 4, 3, 4] * 3)  # 3.6
        + ratings("B", "families", [4, 4, 5, 4, 4, 4, 5, 4, 3, 4] * 3)  # 4.1
        + ratings("A", "policymakers", [3, 4, 3])
        + ratings("B", "policymakers", [4, 5])
    )
    result = analyse("rating", "A", outcomes)
    c = result.comparison("B", "families")
    assert c.clear and c.difference == pytest.approx(0.5)
    lo, hi = round(c.ci.low, 1), round(c.ci.high, 1)
    sentences = summary_sentences(result, measure="clarity")
    assert (
        "Variant B was rated higher for clarity by families, 4.1 vs 3.6, difference 0.5, "
        f"95% CI {lo} to {hi}; too few policymakers responded to tell."
    ) in sentences


def test_sentence_for_a_clear_action_win():
    outcomes = actions("A", "families", 60, 200) + actions("B", "families", 84, 200)
    result = analyse("action", "A", outcomes)
    c = result.comparison("B", "families")
    lo, hi = round(c.ci.low * 100), round(c.ci.high * 100)
    assert (lo, hi) == (3, 21)
    assert summary_sentences(result) == [
        "Each variant is compared with the control, variant A.",
        "Variant B led more families to act: 42% vs 30%, difference 12 points, 95% CI 3 to 21.",
    ]


def test_sentence_when_the_interval_includes_zero():
    outcomes = actions("A", "educators", 30, 100) + actions("B", "educators", 33, 100)
    result = analyse("action", "A", outcomes)
    assert not result.comparison("B", "educators").clear
    (_, sentence) = summary_sentences(result)
    assert sentence.startswith(
        "There is no clear difference between variant B and the control among educators: "
        "33% vs 30%, difference 3 points, 95% CI"
    )
    assert "led more" not in sentence


def test_sentences_use_audience_names_and_report_overall_for_several_audiences():
    outcomes = (
        actions("A", "fam", 60, 200)
        + actions("B", "fam", 84, 200)
        + actions("A", "pol", 1, 3)
        + actions("B", "pol", 2, 3)
    )
    names = {"pol": "policymakers", "fam": "families"}
    result = analyse("action", "A", outcomes, audience_names=names)
    assert result.audiences == ["pol", "fam"]
    sentences = summary_sentences(result)
    assert sentences[1].startswith("Overall, variant B led more people to act: ")
    assert sentences[2].startswith("Variant B led more families to act: 42% vs 30%")
    assert sentences[2].endswith("; too few policymakers responded to tell.")


def test_result_is_json_ready():
    outcomes = ratings("A", "families", [3, 4] * 6) + ratings("B", "families", [4] + [5] * 11)
    data = analyse("rating", "A", outcomes).to_dict()
    assert json.loads(json.dumps(data, allow_nan=False)) == data
    (comparison,) = [c for c in data["comparisons"] if c["audience"] == "families"]
    assert set(comparison["ci"]) == {"low", "high"}
    assert comparison["ci_method"].startswith("percentile bootstrap")
    assert comparison["p_method"].startswith("Welch")


def test_bad_input_is_refused_and_missing_control_is_explained():
    with pytest.raises(ValueError):
        analyse("score", "A", [])
    with pytest.raises(ValueError):
        analyse("action", "A", [("A", "families", 2)])
    result = analyse("rating", "A", ratings("B", "families", [4] * 12))
    assert result.comparisons == []
    assert any("control (A)" in w for w in result.warnings)
    assert summary_sentences(result) == [w for w in result.warnings if "control (A)" in w]
