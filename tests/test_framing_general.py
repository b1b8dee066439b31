"""Deficit and crisis framing by general rules (issue 11): word classes on lemmas,
per-sentence alarm scoring, consequence messages left alone, family letters quiet."""

import pytest

from commplan import check_text
from commplan.checks.compiled import CompiledLibrary
from message_library import FramePattern, Library, load_default_library
from tests.counting import CountingPhrases
from tests.realtexts import load_gold, score_frames


def frames(text, frame=None):
    found = [
        (f.rule, f.text)
        for f in check_text(text, "families", enable=["framing.deficit", "framing.crisis"]).findings
    ]
    return [t for r, t in found if frame is None or r == f"framing.{frame}"]


# ---- Deficit labels as classes of phrasing, not a phrase list.


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("The state named its persistently failing school districts.", "failing school districts"),
        ("Tutors meet with struggling young readers.", "struggling young readers"),
        ("Half the students attend F-rated schools.", "F-rated"),
        ("Funding follows high-need students.", "high-need students"),
        ("These campuses rank in the bottom 10 percent.", "bottom 10 percent"),
        ("Our district ranked dead last in math.", "ranked dead last"),
        ("Gaps widened again this year.", "Gaps widened"),
        ("Gaps for Black and Hispanic students grew.", "Gaps for Black and Hispanic students"),
        (
            "One student group is performing as poorly as the lowest schools.",
            "performing as poorly",
        ),
        ("Too many of our schools remain chronically underperforming.", None),
        ("Forty percent of our students are not reading at grade level.", None),
        ("The plan addresses longstanding academic deficiencies.", "academic deficiencies"),
        ("The fund serves students at risk of not graduating.", None),
        # Round 3 (issue 11): classes found on dev...holdout5, tested on other words.
        ("Scores show wide gaps between girls and boys in science.", "gaps between girls"),
        ("The data reveal persistent gaps in math for these learners.", "persistent gaps"),
        ("The state lists the campuses in need of comprehensive improvement.", None),
        ("Funds go to the districts most in need of intervention.", None),
        ("The report cites weak achievement in two grades.", "weak achievement"),
        ("Low proficiency was found at three campuses.", "Low proficiency"),
        ("The board discussed the district's performance problem.", "performance problem"),
        ("Children without preschool are labeled failing by the test.", None),
        ("Many families here live in a food desert.", "food desert"),
        # Round 3, after the holdout6/7 first look: causes found there, other words.
        ("Nine campuses failing to meet the state target will get help.", "failing to meet"),
        ("Our English learners, who are still struggling, need more time.", None),
        ("Seventh graders continue to struggle with algebra.", None),
        ("Students continue to struggle with pandemic-era learning loss.", "struggle with"),
        # Round 3, classes expected in any district's results and budget texts.
        ("Forty percent of third graders scored below proficient.", "below proficient"),
        ("A tenth of the students tested at the low proficient level.", "low proficient"),
        ("Extra tutors go to the kids with the greatest needs.", None),
    ],
)
def test_deficit_classes_are_flagged(text, matched):
    found = frames(text, "deficit")
    assert found, text
    if matched:
        assert any(matched in f for f in found), found


# ---- Decision: a consequence message describes an outcome of a behaviour or a
# condition; it does not label a group, and the labellers did not label it.


@pytest.mark.parametrize(
    "text",
    [
        "Students who miss school fall behind.",
        "When students miss too much school, they can fall behind academically.",
        "Children chronically absent in kindergarten are much less likely to read at grade level.",
        "Missing school puts students at risk of falling behind.",
        "If your child is reading below grade level, the teacher will call you.",
        "If your child is struggling in school, please call us.",
        "Some students are struggling with stress after the storm.",
        "We offer counseling to those struggling with grief.",
        "A student who may be at risk of harm can see a counselor today.",
        "We can't leave groups of students behind.",
        "The levy bridges the funding gap left behind by the state.",
        "A funding gap remains for the new roof.",
        "Many families are struggling to pay for meals, and free lunch is open to all.",
        "Students who are struggling can come to homework club after school.",
        "If students are behind on assignments, teachers will reach out.",
        "Report cards show how your child is doing against grade-level standards.",
        "Our school has a high need for volunteers this spring.",
        "There is a ten-minute gap between lunch and recess.",
        "If your child is in need of support, the counselor can help.",
        "Families in need of food can pick up a box on Friday.",
        "Poor attendance makes it hard to keep up.",
        "Students who miss school are more likely to show low achievement.",
        "Report card marks: needs improvement, meets, exceeds.",
        "The desert field trip leaves at nine.",
        "If the screening shows your child is at risk for dyslexia, we will call you.",
        "Students at risk for asthma attacks should keep an inhaler at school.",
        "If your child continues to struggle with reading, ask about tutoring.",
        "Students who are still struggling with math can come to homework club.",
        "Free meals reach the families who need them most.",
        "Students who miss school often fall behind in reading.",
        "If your child has fallen behind, the teacher will set up a plan.",
        # Labellers leave "have fallen behind" alone in family letters: an outcome.
        "After the long closure, many students have fallen behind in math.",
        "If your child scored below proficient, a tutor will call you.",
        "Funding follows the students who need it most.",
        "Please wake up your child early on test day and call us if they are sick.",
    ],
)
def test_consequence_and_support_messages_are_not_deficit_labels(text):
    assert frames(text) == []


# ---- Crisis: alarm words scored per sentence.


@pytest.mark.parametrize(
    "text",
    [
        "These dismal results show our students are falling further behind.",
        "Reading scores plummeted after the closures.",
        "Tax cuts have left us with dangerously low revenues.",
        "These are the worst reading scores since the test began.",
        "The state budget brings devastating cuts to every school.",
        "These reading results are unacceptable.",
        "The test scores should sound the alarm for every school.",
        "Low math results are a real wake-up call for our district.",
        "A grim 40 of our schools did not make Adequate Yearly Progress.",
        "We face the urgent challenge of a severe shortage of teachers in our schools.",
        "The state budget leaves our schools in desperate need of repairs.",
        "The data show a troubling decline in eighth-grade reading.",
        "Enrollment shows a steep drop for the third year.",
        "Students learn in crumbling buildings with leaking roofs.",
        "The cuts would jeopardize programs our students rely on.",
        "This budget delay puts our schools and programs at risk.",
        "Staffing shortages have pushed our schools to the breaking point.",
    ],
)
def test_alarm_with_a_group_result_or_trend_is_crisis(text):
    assert frames(text, "crisis"), text


@pytest.mark.parametrize(
    "text",
    [
        "Thank you, families, for your patience in these unprecedented times.",
        "We share the devastating news of a student's passing with great sadness.",
        "With temperatures plunging below zero, buses will run late.",
        "Bullying is unacceptable, and students can report it to any adult at school.",
        "The forecast is grim.",
        "The progress our students made in reading over three years is unprecedented.",
        # The alarm word and the result sit in different sentences.
        "The outlook is dire. Reading results will be posted on Monday.",
        "The fire alarm will sound at ten during the drill.",
        "Our first wake-up call at camp is at seven.",
        "We have an urgent need for volunteers at the book fair.",
        "Please call the office if there is an urgent issue with pickup.",
        "Expect a sharp drop in temperatures on Friday.",
        "Vaping puts your child's health at risk.",
        "Leaving a child in a hot car puts them at risk.",
    ],
)
def test_alarm_without_company_in_its_sentence_is_quiet(text):
    assert frames(text, "crisis") == [], text


def test_guards_and_conditions_still_hold_after_the_frame_is_relabelled(library, nlp):
    # A team library that extends the default keeps per-pattern conditions: the
    # sentence conditions belong to the pattern, not to its position in the file.
    data = library.model_dump(by_alias=True)
    crisis = next(f for f in data["frames_to_avoid"] if f["id"] == "crisis")
    crisis["patterns"] = [p for p in crisis["patterns"] if isinstance(p, dict) and p.get("needs")]
    custom = Library.model_validate(data)
    compiled = CompiledLibrary(custom, nlp)
    doc = nlp("The outlook is dire. Reading results will be posted on Monday.")
    assert compiled.frame_matches(doc) == []
    doc = nlp("The outlook for reading results is dire.")
    assert [span.text for _, span in compiled.frame_matches(doc)] == ["dire"]


# ---- Rules are data: every frame token pattern carries its own examples, and
# each pattern on its own complains on its fail examples and not on its passes;
# the whole frame stays quiet on them too.

PATTERNS = [
    (frame.id, i, p)
    for frame in load_default_library().frames_to_avoid
    for i, p in enumerate(frame.patterns)
    if isinstance(p, FramePattern)
]


@pytest.mark.parametrize(
    ("frame_id", "i", "pattern"), PATTERNS, ids=[f"{f}#{i}" for f, i, _ in PATTERNS]
)
def test_each_frame_token_pattern_runs_its_examples(frame_id, i, pattern, library, nlp):
    assert pattern.examples.fail and pattern.examples.pass_, (
        f"{frame_id} pattern {i} has no examples"
    )
    frame = next(f for f in library.frames_to_avoid if f.id == frame_id)
    alone = Library(frames_to_avoid=(frame.model_copy(update={"patterns": (pattern,)}),))
    only = CompiledLibrary(alone, nlp)
    whole = CompiledLibrary(Library(frames_to_avoid=(frame,)), nlp)
    for text in pattern.examples.fail:
        assert only.frame_matches(nlp(text)), f"fail example not caught: {text}"
    for text in pattern.examples.pass_:
        assert not only.frame_matches(nlp(text)), f"pass example flagged: {text}"
        assert not whole.frame_matches(nlp(text)), f"pass example flagged by the frame: {text}"


# ---- Real texts: recall on holdout3 (looked at for general causes only) and no
# frames-to-avoid finding on any plain family letter of the open corpora.

# Every corpus whose misses may be studied now (holdout4-7 included: all used).
USED = ("dev", "holdout", "holdout2", "holdout3", "holdout4", "holdout5", "holdout6", "holdout7")
OPEN = [c for c in USED if load_gold(c)]


@pytest.mark.parametrize("corpus", OPEN)
def test_family_letters_get_no_frames_to_avoid(corpus):
    score, letters = score_frames(corpus)
    assert letters["letters"] >= 5
    assert letters["false_alarms"] == 0, score.false_alarms


def test_holdout3_deficit_and_crisis_recall_meets_the_bar():
    score, _ = score_frames("holdout3")
    assert score.recall >= 0.60, score.misses


def test_one_endless_sentence_is_matched_with_linear_work(library, nlp, monkeypatch):
    # Token patterns run over windows around their rarest required word, cut at
    # sentence ends: with no sentence end at all, the tokens walked still grow
    # linearly with the draft (spaCy's Matcher walks each token it is given), and
    # the matches are those of the same text split into sentences.
    from commplan.checks import framematch

    compiled = CompiledLibrary(library, nlp)
    unit = (
        "struggling students are failing and reading scores plummeted while gaps persist "
        "and the dismal results at high-need schools are the worst scores since records "
        "began for students at risk of dropping out in the bottom 5 percent "
    )
    walked = []
    windows = framematch._Draft.windows

    def counting(self, u):
        out = windows(self, u)
        walked.append(len(self.doc) if out is None else sum(b - a for a, b in out))
        return out

    monkeypatch.setattr(framematch._Draft, "windows", counting)
    work = {}
    for n in (200, 400):
        walked.clear()
        doc = nlp(unit * n)
        spans = [span.text.lower() for _, span in compiled.frame_matches(doc)]
        work[n] = sum(walked)
        assert spans.count("students are failing") == n and spans.count("gaps persist") == n
        assert spans.count("bottom 5 percent") == n
    assert work[400] <= 2.05 * work[200]
    split = nlp((unit.strip() + ". ") * 3)
    per_sentence = [s.text.lower() for _, s in compiled.frame_matches(split)]
    assert per_sentence == spans[: 3 * len(spans) // n]


@pytest.mark.parametrize("first", ["deficit", "crisis"])
def test_two_frames_on_the_same_words_the_one_listed_first_wins(first, library, nlp):
    """A fixed phrase of one frame and a token pattern of another match the same
    words: the library's order decides, not which matcher reported first."""
    frames = {f.id: f for f in library.frames_to_avoid}
    pattern = FramePattern(
        tokens=[{"LOWER": "woefully"}, {"LOWER": "behind"}],
        examples={"fail": ["We are woefully behind."], "pass": ["We are ahead."]},
    )
    as_pattern = frames["deficit"].model_copy(update={"patterns": (pattern,)})
    as_phrase = frames["crisis"].model_copy(update={"patterns": ("woefully behind",)})
    ordered = (as_pattern, as_phrase) if first == "deficit" else (as_phrase, as_pattern)
    compiled = CompiledLibrary(Library(frames_to_avoid=ordered), nlp)
    found = compiled.frame_matches(nlp("Our students are woefully behind in reading."))
    assert [(frame.id, span.text) for frame, span in found] == [(first, "woefully behind")]


def _counting_matcher_runs(compiled, monkeypatch) -> list[tuple[int, int]]:
    """Record the token range of every window a frame unit's Matcher is run over."""
    runs: list[tuple[int, int]] = []
    for unit in compiled.frames.units.values():
        if unit.matcher is None:
            continue

        def tokens(span, _real=unit.matcher.tokens):
            runs.append((span.start, span.end))
            return _real(span)

        monkeypatch.setattr(unit.matcher, "tokens", tokens)
    return runs


def test_a_window_without_every_required_word_is_not_run(library, nlp, monkeypatch):
    # "an F campus": only the school noun places windows (the letter is an ORTH word),
    # so every "school" had a window; the Matcher now runs only where "F" or "D" is.
    frame = next(f for f in library.frames_to_avoid if f.id == "deficit")
    pattern = FramePattern(
        tokens=[{"ORTH": {"IN": ["F", "D"]}}, {"LEMMA": {"IN": ["school", "campus"]}}],
        examples={"fail": ["It is a D school."], "pass": ["It is a good school."]},
    )
    compiled = CompiledLibrary(
        Library(frames_to_avoid=(frame.model_copy(update={"patterns": (pattern,)}),)), nlp
    )
    runs = _counting_matcher_runs(compiled, monkeypatch)
    text = "Our school opens early. Each school has a plan. It was rated a D school last year."
    doc = nlp(text)
    assert [span.text for _, span in compiled.frame_matches(doc)] == ["D school"]
    assert [doc[a:b].text for a, b in runs] == ["D school last"]
    runs.clear()
    assert not compiled.frame_matches(nlp("Our school opens early. Each school has a plan."))
    assert runs == []


@pytest.fixture(scope="module")
def corpus_docs(nlp):
    """Every corpus text, parsed once for the equivalence tests below (each parsed
    all of them again, a third of their time)."""
    from tests.realtexts import CORPORA

    paths = [p for d in CORPORA.values() for p in sorted(d.glob("*.txt"))]
    return [nlp(p.read_text("utf-8")) for p in paths]


def test_skipping_windows_finds_what_running_every_window_finds(
    library, nlp, corpus_docs, monkeypatch
):
    from commplan.checks import framematch
    from tests.fuzzdrafts import drafts

    compiled = CompiledLibrary(library, nlp)
    docs = corpus_docs + [nlp(text) for text in drafts(100, seed=7)]
    skipped = [[(f.id, s.start, s.end) for f, s in compiled.frame_matches(d)] for d in docs]
    def every_window(self, draft):  # each unit whose anchors occur, every window run
        return [
            key
            for key, unit in self.units.items()
            if unit.matcher is not None
            and all(not draft.words(attr).isdisjoint(h) for attr, h in unit.anchors)
        ]

    monkeypatch.setattr(framematch.FrameMatcher, "_runnable", every_window)
    monkeypatch.setattr(framematch._Draft, "holds", lambda self, attr, hashes, a, b: True)
    every = [[(f.id, s.start, s.end) for f, s in compiled.frame_matches(d)] for d in docs]
    assert skipped == every
    assert sum(map(len, every)) > 50


def test_sentence_conditions_are_matched_in_the_judged_sentences_only(
    library, nlp, monkeypatch
):
    # A crisis alarm word needs a group, a result or a trend in its sentence: the
    # conditions are looked for in that sentence (and a few tokens past it), not in
    # every sentence of the draft.
    compiled = CompiledLibrary(library, nlp)
    context = compiled.frames.context
    counting = CountingPhrases(context.phrase)
    walked = counting.walked
    monkeypatch.setattr(context, "phrase", counting)
    quiet = "The library opens at noon and the gym is open late on Friday. " * 30
    doc = nlp(quiet + "Our schools face an unprecedented crisis in reading scores for students.")
    found = compiled.frame_matches(doc)
    assert found and walked and sum(walked) < 40 < len(doc)


def test_conditions_of_some_sentences_judge_as_those_of_every_sentence(
    library, nlp, corpus_docs, monkeypatch
):
    from commplan.checks import framematch
    from tests.fuzzdrafts import drafts

    compiled = CompiledLibrary(library, nlp)
    docs = corpus_docs + [nlp(text) for text in drafts(100, seed=3)]
    some = [[(f.id, s.start, s.end) for f, s in compiled.frame_matches(d)] for d in docs]
    every_sentence = framematch._Draft.context

    def whole(self, matcher, sentences=None, reach=1):
        return every_sentence(self, matcher)

    monkeypatch.setattr(framematch._Draft, "context", whole)
    assert [[(f.id, s.start, s.end) for f, s in compiled.frame_matches(d)] for d in docs] == some
    assert sum(map(len, some)) > 50


def test_windows_are_those_of_the_vectorised_reference(library, nlp, corpus_docs):
    # windows() places each window around the rarest anchor's tokens, inside their
    # sentence, merged; the reference is the numpy version it replaced.
    import numpy

    from commplan.checks import framematch
    from tests.fuzzdrafts import drafts

    def reference(doc, unit):
        sent = numpy.array([t.is_sent_start is True or t.i == 0 for t in doc])
        sentence_of = numpy.cumsum(sent) - 1
        first = numpy.flatnonzero(sent)
        after = numpy.append(first[1:], len(doc))
        columns = {a: doc.to_array([a]).reshape(-1) for a, _ in unit.anchors}
        held = [
            numpy.flatnonzero(numpy.isin(columns[a], numpy.array(sorted(h), dtype=numpy.uint64)))
            for a, h in unit.anchors
        ]
        if not all(len(at) for at in held):
            return []
        at = min(held, key=len)
        s = sentence_of[at]
        starts = numpy.maximum(at - unit.width + 1, first[s]).tolist()
        ends = numpy.minimum(at + unit.width, after[s]).tolist()
        out = []
        for a, b in zip(starts, ends, strict=True):
            if out and a <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], b))
            else:
                out.append((a, b))
        return out

    frames = CompiledLibrary(library, nlp).frames
    units = [u for u in frames.units.values() if u.matcher is not None and u.anchors]
    docs = corpus_docs[::8] + [nlp(text) for text in drafts(40, seed=12)]  # the reference is slow
    placed = 0
    for doc in docs:
        draft = framematch._Draft(doc, frames.anchors)
        for unit in units:
            windows = draft.windows(unit)
            assert windows == reference(doc, unit)
            placed += len(windows)
    assert placed > 100
