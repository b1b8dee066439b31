"""Engagement: purposeful (a call to action) and bidirectional (an invitation to respond)."""

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


def test_short_messages_are_not_judged():
    rules, _, _ = engagement("School is closed Monday.")
    assert rules == []
