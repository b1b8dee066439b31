"""The statistics of message-variant tests: did variant B do better than the control?

Staff test two or more variants of a message, one of them the control, and record one
outcome per respondent together with the respondent's audience: either a rating from
1 to 5 (clarity, intent to act, ...) or a yes/no action (1/0). :func:`analyse` turns
those outcomes into numbers, for each variant overall and for each audience, and
:func:`summary_sentences` turns the numbers into plain sentences.

Methods (all intervals are two-sided 95%):

* Mean rating of one group: Student t-interval, mean ± t(0.975, n-1)·s/√n
  (``scipy.stats.t``).
* Proportion who acted in one group: Wilson score interval (E. B. Wilson, "Probable
  inference, the law of succession, and statistical inference", JASA 22:209-212, 1927),
  as computed by ``scipy.stats.binomtest(k, n).proportion_ci(method="wilson")``.
* Difference in mean rating, variant minus control: percentile bootstrap (B. Efron,
  "Bootstrap methods: another look at the jackknife", Annals of Statistics 7:1-26,
  1979; Efron & Tibshirani, "An Introduction to the Bootstrap", 1993). Each group is
  resampled with replacement on its own, 5000 times, with ``numpy.random.Generator``
  seeded from ``seed``; the interval is the 2.5th to 97.5th percentile of the
  resampled differences. Ratings on a 1-5 scale are bounded and often skewed, which
  the bootstrap follows without assuming normality. A fresh generator is seeded for
  every comparison, so a comparison's interval depends only on its own data and the
  seed (adding another audience does not move it).
* p-value for a rating difference: Welch's unequal-variances t-test (B. L. Welch,
  "The generalization of 'Student's' problem when several different population
  variances are involved", Biometrika 34:28-35, 1947),
  ``scipy.stats.ttest_ind(equal_var=False)``. Near the 0.05 boundary it can disagree
  with the bootstrap interval; the sentences and warnings go by the interval.
* Difference in the proportion who acted: Newcombe's hybrid score interval, method 10
  of R. G. Newcombe, "Interval estimation for the difference between independent
  proportions: comparison of eleven methods", Statistics in Medicine 17:873-890, 1998,
  built from the two Wilson intervals (no continuity correction).
* p-value for a difference in proportions: Fisher's exact test on the 2x2 table
  (variant, control) x (acted, did not act), ``scipy.stats.fisher_exact``, two-sided.

"Higher is better" throughout: a higher rating or more people acting counts as the
variant helping. A difference is called clear when its 95% interval excludes zero.
No correction is made for looking at several audiences and variants at once, so a
single clear result among many should be read with care; the small-group warning and
the backlash rule (which needs clear results in opposite directions) are the guards.

Pure Python with numpy and scipy: no Streamlit, no SQL.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from scipy import stats

KINDS = ("rating", "action")
CONFIDENCE = 0.95
BOOTSTRAP_RESAMPLES = 5000
_BOOTSTRAP_CELLS = 2_000_000  # resampled values held in memory at once

RATING_CI_METHOD = "Student t-interval"
ACTION_CI_METHOD = "Wilson score interval (Wilson 1927)"
RATING_DIFF_CI_METHOD = f"percentile bootstrap, {BOOTSTRAP_RESAMPLES} resamples (Efron 1979)"
ACTION_DIFF_CI_METHOD = "Newcombe hybrid score interval, method 10 (Newcombe 1998)"
RATING_P_METHOD = "Welch t-test (Welch 1947)"
ACTION_P_METHOD = "Fisher's exact test, two-sided"


# ---------------------------------------------------------------- result types


@dataclass(frozen=True)
class Interval:
    """A two-sided confidence interval."""

    low: float
    high: float

    @property
    def above_zero(self) -> bool:
        return self.low > 0

    @property
    def below_zero(self) -> bool:
        return self.high < 0

    @property
    def excludes_zero(self) -> bool:
        return self.above_zero or self.below_zero

    def to_dict(self) -> dict[str, float]:
        return {"low": self.low, "high": self.high}


@dataclass(frozen=True)
class GroupStat:
    """One variant, overall (``audience`` is None) or within one audience.

    ``estimate`` is the mean rating, or the proportion who acted (0-1); ``ci`` is
    None when it cannot be computed (no respondents, or one rating)."""

    variant: str
    audience: str | None
    n: int
    estimate: float | None
    ci: Interval | None
    successes: int | None = None  # action tests: how many acted
    sd: float | None = None  # rating tests: sample standard deviation
    too_few: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Comparison:
    """A non-control variant against the control, overall (``audience`` is None) or
    within one audience. ``difference`` is variant minus control: rating points, or
    a difference of proportions (0.12 = 12 percentage points)."""

    variant: str
    control: str
    audience: str | None
    n_variant: int
    n_control: int
    variant_estimate: float | None
    control_estimate: float | None
    difference: float | None
    ci: Interval | None
    p_value: float | None
    ci_method: str
    p_method: str
    too_few: bool

    @property
    def clear(self) -> bool:
        """The 95% interval excludes zero and both groups are big enough."""
        return not self.too_few and self.ci is not None and self.ci.excludes_zero

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "clear": self.clear}


@dataclass(frozen=True)
class Backlash:
    """A variant that helps some audiences and hurts others.

    ``clear`` is True when the help is clear too (its interval is entirely above
    zero); False when the variant only looks better for ``helped`` (point estimate
    above zero) but clearly hurts ``hurt``."""

    variant: str
    helped: tuple[str, ...]
    hurt: tuple[str, ...]
    clear: bool

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class TestResult:
    """Everything :func:`analyse` found. ``groups`` and ``comparisons`` list the
    overall rows (audience None) first, then one block per audience."""

    __test__ = False  # not a pytest test class

    kind: str
    control: str
    variants: list[str]
    audiences: list[str]
    audience_names: dict[str, str]
    groups: list[GroupStat]
    comparisons: list[Comparison]
    warnings: list[str] = field(default_factory=list)
    backlash: list[Backlash] = field(default_factory=list)
    min_group: int = 10
    seed: int = 0
    confidence: float = CONFIDENCE

    def group(self, variant: str, audience: str | None = None) -> GroupStat:
        for g in self.groups:
            if g.variant == variant and g.audience == audience:
                return g
        raise KeyError((variant, audience))

    def comparison(self, variant: str, audience: str | None = None) -> Comparison:
        for c in self.comparisons:
            if c.variant == variant and c.audience == audience:
                return c
        raise KeyError((variant, audience))

    def audience_name(self, key: str) -> str:
        return self.audience_names.get(key, key)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (no NaN: missing numbers are None)."""
        return {
            "kind": self.kind,
            "control": self.control,
            "variants": list(self.variants),
            "audiences": list(self.audiences),
            "audience_names": dict(self.audience_names),
            "confidence": self.confidence,
            "min_group": self.min_group,
            "seed": self.seed,
            "groups": [g.to_dict() for g in self.groups],
            "comparisons": [c.to_dict() for c in self.comparisons],
            "warnings": list(self.warnings),
            "backlash": [b.to_dict() for b in self.backlash],
        }


# ---------------------------------------------------------------- the methods


def _number(x: float) -> float | None:
    x = float(x)
    return x if math.isfinite(x) else None


def t_interval(values: Sequence[float], confidence: float = CONFIDENCE) -> Interval | None:
    """Student t-interval for a mean: mean ± t(1-α/2, n-1)·s/√n. None below n=2."""
    x = np.asarray(values, dtype=float)
    if x.size < 2:
        return None
    mean, se = float(x.mean()), float(x.std(ddof=1)) / math.sqrt(x.size)
    half = float(stats.t.ppf(0.5 + confidence / 2, x.size - 1)) * se
    return Interval(mean - half, mean + half)


def wilson_interval(successes: int, n: int, confidence: float = CONFIDENCE) -> Interval:
    """Wilson (1927) score interval for a proportion, via scipy's ``binomtest``."""
    if n <= 0:
        raise ValueError("a proportion needs at least one respondent")
    ci = stats.binomtest(int(successes), int(n)).proportion_ci(
        confidence_level=confidence, method="wilson"
    )
    return Interval(float(ci.low), float(ci.high))


def newcombe_interval(
    x1: int, n1: int, x2: int, n2: int, confidence: float = CONFIDENCE
) -> Interval:
    """Newcombe (1998) hybrid score interval, method 10, for p1 - p2.

    With (l1, u1) and (l2, u2) the Wilson intervals of p1 = x1/n1 and p2 = x2/n2:

        low  = (p1 - p2) - sqrt((p1 - l1)^2 + (u2 - p2)^2)
        high = (p1 - p2) + sqrt((u1 - p1)^2 + (p2 - l2)^2)
    """
    p1, p2 = x1 / n1, x2 / n2
    w1, w2 = wilson_interval(x1, n1, confidence), wilson_interval(x2, n2, confidence)
    d = p1 - p2
    low = d - math.sqrt((p1 - w1.low) ** 2 + (w2.high - p2) ** 2)
    high = d + math.sqrt((w1.high - p1) ** 2 + (p2 - w2.low) ** 2)
    return Interval(max(-1.0, low), min(1.0, high))


def _bootstrap_means(x: np.ndarray, rng: np.random.Generator, resamples: int) -> np.ndarray:
    """Means of ``resamples`` resamples of x with replacement, in bounded memory."""
    out = np.empty(resamples)
    batch = max(1, _BOOTSTRAP_CELLS // x.size)
    for start in range(0, resamples, batch):
        stop = min(resamples, start + batch)
        out[start:stop] = x[rng.integers(0, x.size, size=(stop - start, x.size))].mean(axis=1)
    return out


def bootstrap_difference_interval(
    variant: Sequence[float],
    control: Sequence[float],
    *,
    seed: int = 0,
    resamples: int = BOOTSTRAP_RESAMPLES,
    confidence: float = CONFIDENCE,
) -> Interval | None:
    """Percentile bootstrap (Efron) interval for mean(variant) - mean(control).

    Each group is resampled on its own (the groups are independent samples) with a
    ``numpy.random.Generator`` seeded with ``seed``, so the interval is the same
    every time for the same data and seed. None when a group has fewer than two."""
    v, c = np.asarray(variant, dtype=float), np.asarray(control, dtype=float)
    if v.size < 2 or c.size < 2:
        return None
    rng = np.random.default_rng(seed)
    diffs = _bootstrap_means(v, rng, resamples) - _bootstrap_means(c, rng, resamples)
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(diffs, [tail, 100 - tail])
    return Interval(float(low), float(high))


def welch_p_value(variant: Sequence[float], control: Sequence[float]) -> float | None:
    """Two-sided p-value of Welch's (1947) unequal-variances t-test; None when it is
    undefined (a group below two, or no spread in either group)."""
    if len(variant) < 2 or len(control) < 2:
        return None
    with warnings.catch_warnings():  # a group where everyone gave the same rating
        warnings.simplefilter("ignore", RuntimeWarning)
        return _number(stats.ttest_ind(variant, control, equal_var=False).pvalue)


def fisher_p_value(x1: int, n1: int, x2: int, n2: int) -> float:
    """Two-sided Fisher exact p-value for the table [[x1, n1-x1], [x2, n2-x2]]."""
    return float(stats.fisher_exact([[x1, n1 - x1], [x2, n2 - x2]]).pvalue)


# ---------------------------------------------------------------- analysis


def _validate(
    kind: str, outcomes: Iterable[tuple[str, str, float]]
) -> list[tuple[str, str, float]]:
    if kind not in KINDS:
        raise ValueError(f"outcome kind must be 'rating' or 'action', not {kind!r}")
    rows = []
    for label, audience, value in outcomes:
        value = float(value)
        if not math.isfinite(value):
            raise ValueError(f"variant {label!r}: outcome {value!r} is not a number")
        if kind == "action" and value not in (0.0, 1.0):
            raise ValueError(f"variant {label!r}: a yes/no action outcome must be 0 or 1")
        rows.append((str(label), str(audience), value))
    return rows


def _group_stat(
    kind: str, variant: str, audience: str | None, values: list[float], min_group: int
) -> GroupStat:
    n = len(values)
    if n == 0:
        return GroupStat(variant, audience, 0, None, None, too_few=True)
    if kind == "action":
        k = int(sum(values))
        return GroupStat(
            variant, audience, n, k / n, wilson_interval(k, n), successes=k, too_few=n < min_group
        )
    sd = float(np.std(values, ddof=1)) if n >= 2 else None
    return GroupStat(
        variant,
        audience,
        n,
        float(np.mean(values)),
        t_interval(values),
        sd=sd,
        too_few=n < min_group,
    )


def _comparison(
    kind: str,
    variant: str,
    control: str,
    audience: str | None,
    v: list[float],
    c: list[float],
    min_group: int,
    seed: int,
) -> Comparison:
    nv, nc = len(v), len(c)
    ci_method = ACTION_DIFF_CI_METHOD if kind == "action" else RATING_DIFF_CI_METHOD
    p_method = ACTION_P_METHOD if kind == "action" else RATING_P_METHOD
    too_few = min(nv, nc) < min_group
    if nv == 0 or nc == 0:
        return Comparison(
            variant,
            control,
            audience,
            nv,
            nc,
            float(np.mean(v)) if v else None,
            float(np.mean(c)) if c else None,
            None,
            None,
            None,
            ci_method,
            p_method,
            True,
        )
    ev, ec = float(np.mean(v)), float(np.mean(c))
    if kind == "action":
        kv, kc = int(sum(v)), int(sum(c))
        ci: Interval | None = newcombe_interval(kv, nv, kc, nc)
        p: float | None = fisher_p_value(kv, nv, kc, nc)
    else:
        ci = bootstrap_difference_interval(v, c, seed=seed)
        p = welch_p_value(v, c)
    return Comparison(
        variant,
        control,
        audience,
        nv,
        nc,
        ev,
        ec,
        ev - ec,
        ci,
        p,
        ci_method,
        p_method,
        too_few or ci is None,
    )


def analyse(
    kind: str,
    control: str,
    outcomes: Iterable[tuple[str, str, float]],
    *,
    audience_names: Mapping[str, str] | None = None,
    min_group: int = 10,
    seed: int = 0,
) -> TestResult:
    """Analyse a message-variant test.

    ``kind`` is "rating" (1-5) or "action" (1 acted, 0 did not); ``outcomes`` are
    (variant label, audience key, value). Gives, per variant overall and per
    audience, n, the mean or proportion and its 95% interval; per non-control variant
    against ``control``, overall and per audience, the difference, its 95% interval
    and a p-value (see the module docstring for the methods); and warnings in plain
    words. A group with fewer than ``min_group`` respondents is flagged ``too_few``.
    ``audience_names`` maps audience keys to the words used in sentences
    ("policymakers"); audiences are listed in its order, then as first seen.
    """
    if min_group < 1:
        raise ValueError("min_group must be at least 1")
    rows = _validate(kind, outcomes)
    names = dict(audience_names or {})

    variants = [control]
    seen_audiences: list[str] = []
    for label, audience, _ in rows:
        if label not in variants:
            variants.append(label)
        if audience not in seen_audiences:
            seen_audiences.append(audience)
    audiences = [a for a in names if a in seen_audiences]
    audiences += [a for a in seen_audiences if a not in audiences]

    values: dict[tuple[str, str | None], list[float]] = {}
    for label, audience, value in rows:
        values.setdefault((label, None), []).append(value)
        values.setdefault((label, audience), []).append(value)

    scopes: list[str | None] = [None, *audiences]
    groups = [
        _group_stat(kind, v, a, values.get((v, a), []), min_group) for a in scopes for v in variants
    ]
    has_control = (control, None) in values
    comparisons = (
        [
            _comparison(
                kind,
                v,
                control,
                a,
                values.get((v, a), []),
                values.get((control, a), []),
                min_group,
                seed,
            )
            for a in scopes
            for v in variants[1:]
        ]
        if has_control
        else []
    )
    result = TestResult(
        kind=kind,
        control=control,
        variants=variants,
        audiences=audiences,
        audience_names=names,
        groups=groups,
        comparisons=comparisons,
        min_group=min_group,
        seed=seed,
    )
    result.backlash = _find_backlash(result)
    result.warnings = _warnings(result, has_control)
    return result


def _find_backlash(result: TestResult) -> list[Backlash]:
    """Per variant: audiences it clearly hurts (interval entirely below zero) against
    audiences it clearly helps (interval entirely above zero) or, failing that, only
    seems to help (difference above zero). Groups too small to tell are left out."""
    found = []
    for variant in result.variants[1:]:
        per_audience = [
            c
            for c in result.comparisons
            if c.variant == variant
            and c.audience is not None
            and not c.too_few
            and c.ci is not None
            and c.difference is not None
        ]
        hurt = tuple(c.audience for c in per_audience if c.ci.below_zero)
        if not hurt:
            continue
        helped = tuple(c.audience for c in per_audience if c.ci.above_zero)
        if helped:
            found.append(Backlash(variant, helped, hurt, clear=True))
            continue
        leaning = tuple(c.audience for c in per_audience if c.difference > 0)
        if leaning:
            found.append(Backlash(variant, leaning, hurt, clear=False))
    return found


# ---------------------------------------------------------------- plain words


def _and(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def variant_name(label: str) -> str:
    """ "variant B" for a short label, the label in quotes otherwise."""
    return f"variant {label}" if len(label) <= 3 else f'"{label}"'


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _warnings(result: TestResult, has_control: bool) -> list[str]:
    out = []
    if not has_control:
        out.append(
            f"No one has responded to the control ({result.control}) yet, "
            "so the variants cannot be compared with it."
        )
    need = result.min_group
    for audience in [None, *result.audiences]:
        small = [g for g in result.groups if g.audience == audience and g.too_few]
        if not small:
            continue
        counts = _and([f"{g.n} for {variant_name(g.variant)}" for g in small])
        who = "people" if audience is None else result.audience_name(audience)
        where = " overall" if audience is None else ""
        out.append(
            f"Too few {who} responded{where} to tell: {counts} "
            f"(at least {need} per variant are needed)."
        )
    out += [_backlash_sentence(result, b) for b in result.backlash]
    return out


def _backlash_sentence(result: TestResult, b: Backlash) -> str:
    helped = _and([result.audience_name(a) for a in b.helped])
    hurt = _and([result.audience_name(a) for a in b.hurt])
    what = "rated it lower" if result.kind == "rating" else "acted less often"
    if b.clear:
        return (
            f"Backlash: {variant_name(b.variant)} clearly did better than the control with "
            f"{helped} but clearly worse with {hurt} ({hurt} {what})."
        )
    return (
        f"Possible backlash: {variant_name(b.variant)} looked better than the control with "
        f"{helped} (not yet clear) but clearly worse with {hurt} ({hurt} {what})."
    )


def _fmt(x: float, decimals: int) -> str:
    text = f"{x:.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def _decimals(values: Sequence[float], base: int) -> int:
    """``base`` decimals, or more if rounding would turn a nonzero bound into 0."""
    d = base
    while d < base + 2 and any(v != 0 and float(_fmt(v, d)) == 0 for v in values):
        d += 1
    return d


def _points(text: str) -> str:
    return f"{text} point" if float(text) in (1, -1) else f"{text} points"


def _numbers(kind: str, c: Comparison) -> str:
    ci = c.ci
    assert ci is not None and c.difference is not None
    if kind == "action":
        d = _decimals([ci.low * 100, ci.high * 100], 0)
        return (
            f"{_fmt(c.variant_estimate * 100, 0)}% vs {_fmt(c.control_estimate * 100, 0)}%, "
            f"difference {_points(_fmt(c.difference * 100, d))}, "
            f"95% CI {_fmt(ci.low * 100, d)} to {_fmt(ci.high * 100, d)}"
        )
    d = _decimals([ci.low, ci.high], 1)
    return (
        f"{_fmt(c.variant_estimate, 1)} vs {_fmt(c.control_estimate, 1)}, "
        f"difference {_fmt(c.difference, d)}, 95% CI {_fmt(ci.low, d)} to {_fmt(ci.high, d)}"
    )


def _clause(result: TestResult, c: Comparison, measure: str | None) -> str:
    name = variant_name(c.variant)
    who = "people" if c.audience is None else result.audience_name(c.audience)
    nums = _numbers(result.kind, c)
    if not c.clear:
        among = "" if c.audience is None else f" among {who}"
        return (
            f"there is no clear difference between {variant_name(c.variant)} and the "
            f"control{among}: {nums}"
        )
    up = c.difference > 0
    if result.kind == "action":
        return f"{name} led {'more' if up else 'fewer'} {who} to act: {nums}"
    on = f" for {measure}" if measure else ""
    by = "" if c.audience is None else f" by {who}"
    return f"{name} was rated {'higher' if up else 'lower'}{on}{by}, {nums}"


def summary_sentences(result: TestResult, *, measure: str | None = None) -> list[str]:
    """The result in plain sentences, one group of clauses per variant.

    ``measure`` names what a rating measured ("clarity" gives "rated higher for
    clarity"). A difference whose 95% interval includes zero is reported as "no
    clear difference"; a group below ``min_group`` as "too few ... responded to
    tell". Backlash warnings follow."""
    if not result.comparisons:
        return [w for w in result.warnings if not w.startswith("Too few")]
    out = [f"Each variant is compared with the control, {variant_name(result.control)}."]
    for variant in result.variants[1:]:
        overall = result.comparison(variant, None)
        if len(result.audiences) != 1:
            if overall.too_few:
                out.append(
                    f"Overall, too few people responded to {variant_name(variant)} or the "
                    "control to tell."
                )
            else:
                out.append(f"Overall, {_clause(result, overall, measure)}.")
        clauses, too_few = [], []
        for audience in result.audiences:
            c = result.comparison(variant, audience)
            if c.too_few:
                too_few.append(result.audience_name(audience))
            else:
                clauses.append(_clause(result, c, measure))
        if too_few:
            clauses.append(f"too few {_and(too_few)} responded to tell")
        if clauses:
            out.append(_cap("; ".join(clauses)) + ".")
    out += [_backlash_sentence(result, b) for b in result.backlash]
    return out
