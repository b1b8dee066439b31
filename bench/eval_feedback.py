"""Sentiment and theme accuracy on the blind comment set (issue 12).

    .venv/bin/python bench/eval_feedback.py [--misses] [--write-figure]

Runs commplan's sentiment classifier and theme tagger (default library, no team
themes, no plan: what a new workspace gets) on tests/data/comments_blind/comments.yaml
(263 invented comments, labelled by hand by someone who never ran commplan) and prints:

- sentiment accuracy, exact label (the headline) and lenient (a gold "mixed" matched by
  negative or positive, and a predicted "mixed" matching gold negative or positive);
- with and without the respondent's rating (1-5; 95 comments have one), and on the
  rated, English and Spanish parts;
- per-class precision and recall and a confusion matrix (with the rating used);
- theme precision and recall, through the mapping in
  tests/data/comments_blind/theme_map.yaml (set theme -> tool themes), and which set
  themes have no tool theme.

The first run, before any change, is in tests/data/comments_blind/FIRST_LOOK.md: that
is the blind figure. Every later run is on a set the classifier was tuned on.

``--write-figure`` writes the headline to commplan/feedback/accuracy.json, which the
Review and Dashboards tabs show to staff.
"""

from __future__ import annotations

import argparse
import inspect
import json
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from commplan.feedback import sentiment as sentiment_module  # noqa: E402
from commplan.feedback.themes import JARGON_PREFIX, ThemeTagger  # noqa: E402
from message_library import load_default_library  # noqa: E402

SET = ROOT / "tests" / "data" / "comments_blind"
LABELS = ("negative", "neutral", "positive", "mixed")
CANT = "can't judge"  # what the table shows for a None label
FIGURE = ROOT / "commplan" / "feedback" / "accuracy.json"


def load_set() -> list[dict]:
    return yaml.safe_load((SET / "comments.yaml").read_text("utf-8"))


def load_map() -> dict[str, list[str]]:
    return yaml.safe_load((SET / "theme_map.yaml").read_text("utf-8"))


def rating_label(rating) -> str | None:
    if rating is None:
        return None
    return "negative" if rating <= 2 else "neutral" if rating == 3 else "positive"


KIND = {"rating": "rating", "words and rating": "agree", "words over rating": "contradicted"}


def predict_kind(item: dict, *, use_rating: bool) -> tuple[str, str]:
    """(the tool's label, the kind of call: words, rating, agree, contradicted) for one
    comment; a rating is passed when the classifier takes one, else (the first look)
    it simply decides when present."""
    classify = sentiment_module.classify
    takes_rating = "rating" in inspect.signature(classify).parameters
    rating = item.get("rating") if use_rating else None
    if takes_rating:
        result = classify(item["text"], rating=rating)
        label, kind = result.label, KIND.get(getattr(result, "reason", ""), "words")
    else:
        label = rating_label(rating) or classify(item["text"]).label
        kind = "rating" if rating is not None else "words"
    return (label if label is not None else CANT), kind


def predict(item: dict, *, use_rating: bool) -> str:
    return predict_kind(item, use_rating=use_rating)[0]


def precision_table(items: list[dict], gold: list[str]) -> dict[str, float]:
    """Precision of each label, and of each (kind of call, label) seen at least 5
    times: what ``confidence`` starts from."""
    calls = [predict_kind(i, use_rating=True) for i in items]
    table: dict[str, float] = {}
    for key_of in (lambda label, kind: label, lambda label, kind: f"{kind}:{label}"):
        groups: dict[str, list[bool]] = {}
        for (label, kind), g in zip(calls, gold, strict=True):
            if label != CANT:
                groups.setdefault(key_of(label, kind), []).append(label == g)
        for key, hits in sorted(groups.items()):
            if len(hits) >= 5:
                table[key] = round(sum(hits) / len(hits), 3)
    return table


def accuracy(gold: list[str], pred: list[str], *, lenient: bool = False) -> float:
    def ok(g: str, p: str) -> bool:
        if g == p:
            return True
        if lenient:
            pair = {g, p}
            return pair in ({"mixed", "negative"}, {"mixed", "positive"})
        return False

    return sum(ok(g, p) for g, p in zip(gold, pred, strict=True)) / len(gold) if gold else 0.0


def per_class(gold: list[str], pred: list[str]) -> list[str]:
    lines = [f"{'class':<10} {'precision':>9} {'recall':>7} {'gold n':>7} {'pred n':>7}"]
    for label in LABELS:
        tp = sum(g == p == label for g, p in zip(gold, pred, strict=True))
        n_pred = pred.count(label)
        n_gold = gold.count(label)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        lines.append(f"{label:<10} {precision:>9.2f} {recall:>7.2f} {n_gold:>7} {n_pred:>7}")
    return lines


def confusion(gold: list[str], pred: list[str]) -> list[str]:
    columns = [*LABELS, CANT]
    lines = ["gold \\ tool".ljust(12) + "".join(c.rjust(13) for c in columns)]
    for g in LABELS:
        pairs = list(zip(gold, pred, strict=True))
        row = [sum(1 for a, b in pairs if a == g and b == c) for c in columns]
        lines.append(g.ljust(12) + "".join(str(n).rjust(13) for n in row))
    return lines


def sentiment_report(items: list[dict], show_misses: bool) -> tuple[list[str], dict]:
    gold = [i["sentiment"] for i in items]
    with_rating = [predict(i, use_rating=True) for i in items]
    without = [predict(i, use_rating=False) for i in items]
    out = [f"Sentiment on {len(items)} comments"]

    def part(name: str, keep) -> None:
        idx = [k for k, i in enumerate(items) if keep(i)]
        g = [gold[k] for k in idx]
        a = [with_rating[k] for k in idx]
        b = [without[k] for k in idx]
        out.append(
            f"  {name:<24} n={len(idx):>3}  with rating: exact {accuracy(g, a):.3f}"
            f" lenient {accuracy(g, a, lenient=True):.3f}   text only: exact"
            f" {accuracy(g, b):.3f} lenient {accuracy(g, b, lenient=True):.3f}"
        )

    part("all", lambda i: True)
    judged = [k for k, p in enumerate(with_rating) if p != CANT]
    out.append(
        f"  judged (not \"can't judge\"): {len(judged)}/{len(items)}, exact there"
        f" {accuracy([gold[k] for k in judged], [with_rating[k] for k in judged]):.3f}"
    )
    part("with a rating", lambda i: i.get("rating") is not None)
    part("without a rating", lambda i: i.get("rating") is None)
    part("English", lambda i: i["language"] == "en")
    part("Spanish", lambda i: i["language"] == "es")
    part("Spanish, no rating", lambda i: i["language"] == "es" and i.get("rating") is None)
    out.append(f"  tool labels (with rating): {dict(Counter(with_rating))}")
    out.append("")
    out.append("Per class (with rating):")
    out += ["  " + line for line in per_class(gold, with_rating)]
    out.append("")
    out.append("Confusion matrix (with rating; rows gold, columns tool):")
    out += ["  " + line for line in confusion(gold, with_rating)]
    if show_misses:
        out.append("")
        out.append("Misses (with rating):")
        for i, g, p in zip(items, gold, with_rating, strict=True):
            if g != p:
                rating = i.get("rating")
                out.append(f"  {i['id']:>3} {g:>8} -> {p:<11} r={rating} {i['text'][:110]}")
    figures = {
        "comments": len(items),
        "exact": round(accuracy(gold, with_rating), 4),
        "lenient": round(accuracy(gold, with_rating, lenient=True), 4),
        "exact_text_only": round(accuracy(gold, without), 4),
        "judged": len(judged),
        "precision": precision_table(items, gold),
    }
    return out, figures


def matches(tool_theme: str, wanted: str) -> bool:
    if wanted.endswith("*"):
        return tool_theme.startswith(wanted[:-1])
    return tool_theme.casefold() == wanted.casefold()


def theme_report(items: list[dict], show_misses: bool) -> list[str]:
    library = load_default_library()
    tagger = ThemeTagger(library)
    mapping = load_map()
    available = {f"value: {v.name}" for v in library.values}
    available |= set(getattr(tagger, "topic_names", ()))
    unmapped = sorted(
        name
        for name, tool in mapping.items()
        if not any(
            matches(a, w) for w in tool for a in available
        ) and not any(w.startswith(JARGON_PREFIX) for w in tool)
    )
    tagged = [tagger.tag(i["text"]).themes for i in items]

    def set_themes(themes: tuple[str, ...]) -> set[str]:
        return {
            name
            for name, tool in mapping.items()
            if any(matches(t, w) for t in themes for w in tool)
        }

    predicted = [set_themes(t) for t in tagged]
    gold = [set(i["themes"]) for i in items]
    out = [f"Themes on {len(items)} comments (default library, no team themes, no plan)"]
    tp = sum(len(g & p) for g, p in zip(gold, predicted, strict=True))
    n_pred = sum(len(p) for p in predicted)
    n_gold = sum(len(g) for g in gold)
    wanted = [w for ws in mapping.values() for w in ws]
    unmapped_tool = Counter(
        t for ts in tagged for t in ts if not any(matches(t, w) for w in wanted)
    )
    out.append(
        f"  micro precision {tp / n_pred if n_pred else 0:.3f} ({tp}/{n_pred}),"
        f" recall {tp / n_gold:.3f} ({tp}/{n_gold})"
    )
    covered = [k for k, g in enumerate(gold) if g & predicted[k]]
    out.append(f"  comments with at least one right theme: {len(covered)}/{len(items)}")
    out.append(f"  set themes with no tool theme: {', '.join(unmapped) or 'none'}")
    out.append(f"  tool themes given that map to no set theme: {dict(unmapped_tool) or 'none'}")
    out.append(f"  {'set theme':<18} {'precision':>9} {'recall':>7} {'gold n':>7} {'pred n':>7}")
    for name in mapping:
        t = sum(name in g and name in p for g, p in zip(gold, predicted, strict=True))
        pn = sum(name in p for p in predicted)
        gn = sum(name in g for g in gold)
        out.append(
            f"  {name:<18} {t / pn if pn else 0:>9.2f} {t / gn if gn else 0:>7.2f} {gn:>7} {pn:>7}"
        )
    if show_misses:
        out.append("  theme misses:")
        for i, g, p in zip(items, gold, predicted, strict=True):
            if g != p:
                out.append(f"  {i['id']:>3} gold {sorted(g)} tool {sorted(p)}: {i['text'][:80]}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every miss")
    parser.add_argument(
        "--write-figure", action="store_true", help=f"write the headline to {FIGURE}"
    )
    args = parser.parse_args(argv)
    items = load_set()
    lines, figures = sentiment_report(items, args.misses)
    print("\n".join(lines))
    print()
    print("\n".join(theme_report(items, args.misses)))
    print()
    print(f"Headline: exact sentiment label, rating used when given: {figures['exact']:.3f}")
    if args.write_figure:
        FIGURE.write_text(json.dumps(figures, indent=2) + "\n", "utf-8")
        print(f"wrote {FIGURE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
