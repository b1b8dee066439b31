"""Language detection and the Spanish checks, measured (issue 13; README "Spanish-language
drafts"). Run: python bench/eval_language.py (offline; about a minute)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from commplan import check_text  # noqa: E402
from commplan.checks.language import detect, detect_language  # noqa: E402
from message_library import load_default_library  # noqa: E402
from tests.realtexts import CORPORA  # noqa: E402

DATA = ROOT / "tests" / "data"
LETTERS = DATA / "spanish_letters"
SPANISH_RULES = ("readability.es.", "jargon.es.", "engagement.", "consistency.audience_language")


def main() -> None:
    sources = yaml.safe_load((LETTERS / "sources.yaml").read_text("utf-8"))
    english = sorted(p for d in CORPORA.values() for p in d.glob("*.txt"))
    en_ok = sum(detect_language(p.read_text("utf-8")) == "en" for p in english)
    print(f"English corpus texts read as English: {en_ok}/{len(english)}")
    examples = [
        t for _, _, e in load_default_library().rule_entries()
        for t in (*e.examples.fail, *e.examples.pass_)
    ]  # fmt: skip
    ex_ok = sum(detect_language(t) == "en" for t in examples)
    print(f"English library example sentences read as English: {ex_ok}/{len(examples)}")
    letters = [LETTERS / e["file"] for e in sources["letters"]]
    es_ok = sum(detect(p.read_text("utf-8")).language == "es" for p in letters)
    print(f"Spanish district letters read as Spanish: {es_ok}/{len(letters)}")
    bilingual = [LETTERS / e["file"] for e in sources["bilingual"]]
    mixed = sum(detect(p.read_text("utf-8")).mixed for p in bilingual)
    print(f"Bilingual notices split into English and Spanish parts: {mixed}/{len(bilingual)}")
    comments = yaml.safe_load((DATA / "comments_blind" / "comments.yaml").read_text("utf-8"))
    items = comments["items"] if isinstance(comments, dict) else comments
    langs = [detect_language(c["text"]) for c in items]
    print(
        f"Feedback comments (blind set): {langs.count('es')} read as Spanish, "
        f"{langs.count('en')} as English, of {len(items)}"
    )
    english_only = 0
    start = time.perf_counter()
    for p in letters:
        report = check_text(p.read_text("utf-8"), audience="families")
        english_only += sum(not f.rule.startswith(SPANISH_RULES) for f in report.findings)
    took = time.perf_counter() - start
    print(f"English-only findings on the Spanish letters: {english_only}")
    print(f"Checking the {len(letters)} Spanish letters: {took:.2f} s (incl. pipeline build)")
    text = "\n\n".join(p.read_text("utf-8") for p in english) * 1
    start = time.perf_counter()
    for _ in range(3):
        detect(text)
    per = (time.perf_counter() - start) / 3
    print(f"Detection on all English texts joined ({len(text.split()):,} words): {per*1000:.0f} ms")


if __name__ == "__main__":
    main()
