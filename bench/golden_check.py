"""Golden findings: ``check_text`` on every corpus text, fuzz draft and bench draft,
for two audiences, recorded once and compared after a change (speed work must not
change a single finding).

    .venv/bin/python bench/golden_check.py record /tmp/golden.jsonl
    .venv/bin/python bench/golden_check.py compare /tmp/golden.jsonl

Keep the recording out of the repository: it is the output of one commit.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_check import make_drafts  # noqa: E402

from commplan import check_text  # noqa: E402
from tests.fuzzdrafts import drafts as fuzz_drafts  # noqa: E402
from tests.realtexts import CORPORA  # noqa: E402

AUDIENCES = ("families", "policymakers")


def cases(fuzz: int) -> Iterator[tuple[str, str]]:
    for corpus, directory in CORPORA.items():
        for path in sorted(directory.glob("*.txt")):
            yield f"{corpus}/{path.name}", path.read_text("utf-8")
    for i, text in enumerate(fuzz_drafts(fuzz)):
        yield f"fuzz/{i}", text
    for i, text in enumerate(make_drafts(40, 1000)):
        yield f"bench/{i}", f"{text}\n\nReference golden-{i}."


def records(fuzz: int) -> Iterator[str]:
    for name, text in cases(fuzz):
        for audience in AUDIENCES:
            report = check_text(text, audience).to_dict()
            yield json.dumps(
                {"case": name, "audience": audience, "report": report},
                sort_keys=True,
                ensure_ascii=True,
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("record", "compare"))
    parser.add_argument("file", type=Path)
    parser.add_argument("--fuzz", type=int, default=300)
    args = parser.parse_args()
    if args.mode == "record":
        count = 0
        with args.file.open("w", encoding="ascii") as out:
            for line in records(args.fuzz):
                out.write(line + "\n")
                count += 1
        print(f"recorded {count} reports to {args.file}")
        return 0
    expected = args.file.read_text("ascii").splitlines()
    differ = 0
    count = 0
    for want, got in zip(expected, records(args.fuzz), strict=False):
        count += 1
        if want != got:
            differ += 1
            if differ <= 5:
                w, g = json.loads(want), json.loads(got)
                print(f"DIFFERS: {w['case']} ({w['audience']})")
                wf = {json.dumps(f, sort_keys=True) for f in w["report"].pop("findings")}
                gf = {json.dumps(f, sort_keys=True) for f in g["report"].pop("findings")}
                for f in sorted(wf - gf)[:3]:
                    print("   only before:", f[:300])
                for f in sorted(gf - wf)[:3]:
                    print("   only after: ", f[:300])
                if w["report"] != g["report"]:
                    for k in w["report"]:
                        if w["report"].get(k) != g["report"].get(k):
                            print(f"   block {k!r} differs")
    if count != len(expected):
        print(f"compared {count} reports, the recording has {len(expected)}")
        return 1
    print(f"{count} reports compared, {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
