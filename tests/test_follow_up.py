"""Offline follow-ups: one that points back is answered as understood (with the previous
question), reported as asked; a new question is not mixed with the last one."""

from __future__ import annotations

from pathlib import Path

from assistant.answer.chain import build_service


def test_a_follow_up_is_answered_with_the_question_it_refers_to(use_bundled: Path) -> None:
    service = build_service()
    history = [("user", "What was the volume of trade between Kazakhstan and Estonia in 2023?"),
               ("assistant", "According to the articles:\n- In 2023, the volume of mutual trade … [1]")]
    answer = service.ask("And how much were Kazakh exports?", history)
    assert answer.question == "And how much were Kazakh exports?"
    assert answer.standalone_question and "Estonia" in answer.standalone_question
    assert not answer.refused and "78.1" in answer.answer, answer.answer


def test_a_new_question_is_not_joined_to_the_last(use_bundled: Path) -> None:
    service = build_service()
    history = [("user", "What was the volume of trade between Kazakhstan and Estonia in 2023?"),
               ("assistant", "According to the articles: …")]
    answer = service.ask("Who led the delegation of the Siberian Branch of the Russian Academy of Sciences?", history)
    assert answer.standalone_question is None
