"""Engagement: purposeful (a call to action) and bidirectional (an invitation to respond)."""

import pytest

from commplan import check_text

INFO_ONLY = (
    "The district finished its annual budget review this week. The board looked at costs "
    "for buses, food and buildings, and the numbers were close to last year."
)


def engagement(text, audience="families"):
    report = check_text(text, audience, enable=["engagement"])
    return [f.rule for f in report.findings], report.to_dict()["engagement"], report


def test_one_way_message_gets_both_findings():
    rules, block, report = engagement(INFO_ONLY)
    assert rules == ["engagement.no_call_to_action", "engagement.no_invitation_to_respond"]
    assert not block["call_to_action"] and not block["invitation_to_respond"]
    suggestion = next(
        f.suggestion for f in report.findings if f.rule == "engagement.no_invitation_to_respond"
    )
    assert "survey" in suggestion or "listening" in suggestion  # from the audience profile


def test_imperative_and_reply_satisfy_both():
    text = INFO_ONLY + " Register for the budget meeting by May 3. Reply to this email with ideas."
    rules, block, _ = engagement(text)
    assert rules == []
    assert block["dates"] and block["call_to_action"] and block["invitation_to_respond"]


def test_link_counts_as_a_call_to_action_and_phone_as_an_invitation():
    text = INFO_ONLY + " Details are at www.district.org/budget. Our office is at (555) 123-4567."
    rules, block, _ = engagement(text)
    assert rules == []
    assert block["links"][0]["text"].startswith("www.district.org")


def test_sentence_starting_with_a_noun_is_not_an_imperative():
    text = INFO_ONLY + " Help is available in the front office for anyone who needs it."
    rules, _, _ = engagement(text)
    assert "engagement.no_call_to_action" in rules


def test_a_survey_reported_on_is_not_an_invitation_to_respond():
    for text in (
        "Last year our survey showed that most families want school to start later.",
        "The results of the spring survey are in: most families want later start times.",
        "Data from our family survey found that most families want later start times.",
    ):
        rules, block, _ = engagement(INFO_ONLY + " " + text)
        assert "engagement.no_invitation_to_respond" in rules, text
        assert not block["invitation_to_respond"]
    rules, _, _ = engagement(INFO_ONLY + " Take our survey on start times before May 3.")
    assert "engagement.no_invitation_to_respond" not in rules


@pytest.mark.parametrize(
    "opener",
    [
        "PLEASE READ THIS.",
        "Please read this carefully.",
        "Please note that the office is closed on Friday.",
        "Please be advised that the office is closed on Friday.",
        "See below for the details.",
    ],
)
def test_asking_to_read_or_note_the_message_is_not_a_call_to_action(opener):
    rules, block, _ = engagement(opener + " " + INFO_ONLY)
    assert "engagement.no_call_to_action" in rules
    assert not block["call_to_action"]


def test_a_request_after_read_this_still_counts():
    rules, _, _ = engagement("Please read this letter and return the form. " + INFO_ONLY)
    assert "engagement.no_call_to_action" not in rules


def test_short_messages_and_texts_are_judged_lightly():
    _, _, report = engagement("School is closed Monday for the storm.")
    found = {f.rule: f for f in report.findings}
    assert set(found) == {"engagement.no_call_to_action", "engagement.no_invitation_to_respond"}
    for f in found.values():
        assert f.severity.name == "suggestion"
        assert "text message" in f.message or "short message" in f.message
    # The suggestions fit a text message: short, with a reply word or a link.
    assert "Reply" in found["engagement.no_invitation_to_respond"].suggestion
    rules, _, _ = engagement("School is closed Monday. Reply with questions or see lcps.org.")
    assert rules == []


def test_reply_stop_to_opt_out_is_not_an_invitation():
    rules, _, _ = engagement("Bus 12 is 20 minutes late today. Reply STOP to opt out.")
    assert "engagement.no_invitation_to_respond" in rules


def test_the_action_verbs_are_read_from_the_library_once(nlp, library):
    from commplan.checks.compiled import compile_library

    compiled = compile_library(library, nlp)
    expected = {
        p.lower()
        for c in library.cue_sets
        if c.id == "action_verbs"
        for p in c.phrases
        if isinstance(p, str)
    }
    assert expected and compiled.action_verbs == expected
    assert compile_library(library, nlp).action_verbs is compiled.action_verbs


@pytest.mark.parametrize(
    "text",
    [
        "Family night is on Friday in the gym. Please RSVP by Friday.",
        "Family night is on Friday in the gym. Kindly rsvp to the front office.",
        "Family night is on Friday in the gym. Please reply by Wednesday.",
        "Family night is on Friday in the gym. Let us know by Monday if you can come.",
        "Family night is on Friday in the gym. Please respond by May 3.",
    ],
)
def test_rsvp_and_reply_by_invite_a_response(text):
    from commplan import check_text

    report = check_text(text, "families")
    assert report.to_dict()["engagement"]["invitation_to_respond"] is True
    assert "engagement.no_invitation_to_respond" not in {f.rule for f in report.findings}


@pytest.mark.parametrize(
    "rsvp",
    [
        "R.S.V.P.",  # one token, closing dot kept
        "r.s.v.p",  # lower case, no closing dot
        "R.S.V.P",
        "R.s.v.p.",
        "R. S. V. P.",  # spaced: four tokens
        "R. S. V. P",
    ],
)
@pytest.mark.parametrize(
    "sentence",
    [
        "Kindly {} to the front office by Wednesday.",  # no "please": the cue alone counts
        "{} by Friday.",
        "Please {}",  # at the very end: the closing dot is the sentence's
    ],
)
def test_dotted_and_spaced_rsvp_count_the_same_as_rsvp(rsvp, sentence):
    """ "R.S.V.P." asks for a reply just as "RSVP" does (QA: it was not recognised)."""
    lead = "Family night is on Friday in the gym. "
    rules, block, _ = engagement(lead + sentence.format(rsvp))
    same_rules, same_block, _ = engagement(lead + sentence.format("RSVP"))
    assert block["invitation_to_respond"] is True
    assert block["call_to_action"] is True
    assert "engagement.no_invitation_to_respond" not in rules
    assert rules == same_rules
    assert (block["call_to_action"], block["invitation_to_respond"]) == (
        same_block["call_to_action"],
        same_block["invitation_to_respond"],
    )
    # The invitation found is the dotted word itself, with its offsets in the draft.
    text = lead + sentence.format(rsvp)
    found = [i["text"] for i in block["invitations"]]
    assert any(f.replace(" ", "").rstrip(".").lower() == "r.s.v.p" for f in found), found
    assert all(text[i["start"] : i["end"]] == i["text"] for i in block["invitations"])


def test_other_dotted_abbreviations_invite_nothing():
    text = "Family night is on Friday at 6 p.m. in the gym, as in the U.S. and the U.K. last year."
    _, block, _ = engagement(text)
    assert block["invitation_to_respond"] is False
