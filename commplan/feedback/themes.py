"""Themes in what interest holders said, and the jargon they heard back.

A response is tagged from five sources:
- the library's values ("value: Whole-child well-being"), by their cue phrases;
- the key messages of its plan ("message: Every day counts"), by their cues;
- starter topics (``topics.yaml``: "transportation", "start times", "food", ...), so a
  new workspace's responses are sorted by what they are about from the first import;
- team themes with cue phrases ("transportation": bus, ride, route), which replace a
  starter topic of the same name;
- jargon heard back: a glossary term or acronym in a sentence that also signals
  confusion ("what does MTSS mean?", "too much jargon") -> "confusing jargon: MTSS".
All matching is on lemmas, case-insensitive, with the same matchers the draft
checker uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from spacy.language import Language

from commplan.checks.compiled import RuleMatcher, compile_library
from commplan.nlp import get_nlp
from message_library import Library

JARGON_PREFIX = "confusing jargon: "
CONFUSION = re.compile(
    r"\b(?:what (?:does|do|is|are)|what'?s|don'?t (?:understand|know what)|didn'?t understand|"
    r"not sure what|no idea what|confus\w*|unclear|jargon|acronyms?|buzzwords?|"
    r"means?\?|stand for|lost me|over my head|plain english|plain language)\b",
    re.IGNORECASE,
)


TOPICS_FILE = Path(__file__).with_name("topics.yaml")


@lru_cache(maxsize=1)
def starter_topics() -> dict[str, tuple[str, ...]]:
    """The starter topics and their cue phrases (package data)."""
    data = yaml.safe_load(TOPICS_FILE.read_text("utf-8"))
    return {str(name): tuple(str(c) for c in cues) for name, cues in data["topics"].items()}


@dataclass(frozen=True)
class Tagged:
    themes: tuple[str, ...]
    jargon: tuple[str, ...] = ()  # glossary terms heard back as confusing


@dataclass
class ThemeTagger:
    """Built once per library and set of team themes; tags many texts fast."""

    library: Library
    team_themes: Mapping[str, Iterable[str]] = field(default_factory=dict)
    nlp: Language | None = None
    topics: Mapping[str, Iterable[str]] | None = None  # None: the starter topics

    def __post_init__(self) -> None:
        self.nlp = self.nlp or get_nlp()
        self.compiled = compile_library(self.library, self.nlp)
        topics = starter_topics() if self.topics is None else self.topics
        team = {name: list(cues) for name, cues in self.team_themes.items()}
        taken = {name.casefold() for name in team}
        rules = {name: list(cues) for name, cues in topics.items() if name.casefold() not in taken}
        rules.update(team)  # a team theme replaces the starter topic of its name
        self.topic_names = tuple(rules)
        self.team = RuleMatcher.build(
            self.nlp, [(f"team:{name}", cues) for name, cues in rules.items() if cues]
        )
        # One pattern for every acronym (longest first, so "ELLs" is not read as "ELL"):
        # a pattern per acronym per response cost more than the rest of the tagging.
        acronyms = sorted(self.compiled.acronyms, key=len, reverse=True)
        self.acronym_pattern = (
            re.compile(r"\b(" + "|".join(map(re.escape, acronyms)) + r")s?\b") if acronyms else None
        )
        self.value_names = {v.id: v.name for v in self.library.values}
        self.message_titles = {m.id: m.title for m in self.library.key_messages}

    def tag(self, text: str, key_messages: Iterable[str] = ()) -> Tagged:
        doc = self.nlp(text)
        themes: list[str] = []
        for key, _ in self.compiled.values(doc, longest=False):
            themes.append(f"value: {self.value_names[key.removeprefix('value:')]}")
        wanted = set(key_messages)
        for key, _ in self.compiled.key_messages(doc, longest=False):
            message = key.removeprefix("message:")
            if message in wanted:
                themes.append(f"message: {self.message_titles[message]}")
        for key, _ in self.team(doc, longest=False):
            themes.append(key.removeprefix("team:"))
        jargon = self._jargon_heard(text, doc)
        themes += [JARGON_PREFIX + term for term in jargon]
        return Tagged(tuple(dict.fromkeys(themes)), jargon)

    def _jargon_heard(self, text: str, doc) -> tuple[str, ...]:
        if not CONFUSION.search(text):
            return ()
        found: list[str] = []
        sentences = [(s.start_char, s.end_char) for s in doc.sents]
        confused = [(a, b) for a, b in sentences if CONFUSION.search(text[a:b])]

        def in_confused_sentence(start: int) -> bool:
            return any(a <= start < b for a, b in confused)

        for key, span in self.compiled.jargon(doc):
            if in_confused_sentence(span.start_char):
                found.append(self.compiled.jargon_entries[key].term)
        if self.acronym_pattern is not None:
            for m in self.acronym_pattern.finditer(text):
                if in_confused_sentence(m.start()):
                    found.append(m.group(1))
        return tuple(dict.fromkeys(found))


def drafts_using(term: str, drafts: Iterable[tuple[int, str, str]]) -> list[tuple[int, str]]:
    """(id, title) of the drafts whose text uses ``term`` (whole word, any case)."""
    pattern = re.compile(rf"\b{re.escape(term)}s?\b", re.IGNORECASE)
    return [(draft_id, title) for draft_id, title, text in drafts if pattern.search(text)]
