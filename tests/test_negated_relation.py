"""A relation the article denies is not evidence of it: "What did they sign?" over an article
saying they "did not sign any documents" is a near miss, not an answer."""

from __future__ import annotations

import pytest

from assistant.language.question import TextFacts, analyze, missing_constraints


@pytest.mark.parametrize(("text", "states"), [
    ("The ministers met in Santiago but did not sign any documents.", False),
    ("Министры встретились, но не подписали документов.", False),
    ("The sides signed five documents on trade.", True),
    ("The sides did not meet in May, but signed a memorandum in June.", True),
])
def test_a_denied_relation_is_not_stated(text: str, states: bool) -> None:
    assert TextFacts.of(text).has_relation("sign") is states


def test_a_question_about_a_denied_signing_misses_its_relation() -> None:
    asked = analyze("What agreements did Kazakhstan sign with Chile?")
    facts = TextFacts.of("Kazakhstan and Chile met in Santiago but did not sign any documents.", ("KZ", "CL"))
    assert "sign" in missing_constraints(asked, facts)
