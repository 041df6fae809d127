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


def test_a_question_that_names_nothing_is_refused_unless_it_follows_one(use_bundled: Path) -> None:
    """"Who?" or "Что это?" on their own were answered with whatever sentence e5 put nearest; as a
    follow-up the question before gives them their subject."""
    service = build_service()
    for question, message in (("Who?", "names nothing to look for"), ("Что это?", "не названо, что искать")):
        answer = service.ask(question)
        assert answer.refused and message in answer.answer and not answer.citations, answer.answer
    history = [("user", "What was the volume of trade between Kazakhstan and Estonia in 2023?"),
               ("assistant", "According to the articles:\n- In 2023, the volume of mutual trade … [1]")]
    follow_up = service.ask("And what about it?", history)
    assert follow_up.standalone_question and not follow_up.refused, follow_up.answer


def test_a_follow_up_asks_its_own_kind_of_answer(use_bundled: Path) -> None:
    """"What did they sign?" after a "when" question was searched joined to it and answered as a
    "when" question: the bold date of the first answer again. The joined question asks what its
    last question asks; the earlier one gives only the subject. The sentence that answers leads,
    though it closes its article."""
    service = build_service()
    first = service.ask("When were diplomatic relations between Kazakhstan and Kenya established?")
    assert first.answer.startswith("**November 15, 1993**"), first.answer
    answer = service.ask("What did they sign?", [("user", first.question), ("assistant", first.answer)])
    assert answer.standalone_question and "Kenya" in answer.standalone_question
    assert not answer.refused and not answer.answer.startswith("**"), answer.answer
    lines = answer.answer.splitlines()
    assert "signed a Memorandum of Understanding on political and diplomatic consultations" in lines[1], lines


def test_a_follow_up_of_a_follow_up_keeps_the_chats_subject(use_bundled: Path) -> None:
    """"Where was it signed?" after "What did they sign?" after the Kenya question was searched
    joined only to "What did they sign?": Kenya was gone and the answer quoted another memorandum.
    A follow-up's own language is its answer's ("А что они подписали?" after an English question)."""
    service = build_service()
    history: list[tuple[str, str]] = []
    answers = []
    for question in ("When were diplomatic relations between Kazakhstan and Kenya established?",
                     "What did they sign?", "Where was it signed?", "А что они подписали?"):
        answer = service.ask(question, history)
        history += [("user", question), ("assistant", answer.answer)]
        answers.append(answer)
    third, fourth = answers[2], answers[3]
    assert third.standalone_question and "Kenya" in third.standalone_question, third.standalone_question
    assert not third.refused and "Kenya" in third.answer, third.answer
    assert fourth.lang == "ru" and fourth.answer.startswith("Согласно статьям"), fourth.answer


def test_the_last_question_is_found_in_linear_time() -> None:
    """A pattern that found the last of several questions backtracked on text with no "?": 0.3 s
    at 1,000 characters, 10 s at 4,000 (a question is cut at 1,000; a joined follow-up is longer)."""
    import time

    from assistant.language.question import _last_question

    started = time.perf_counter()
    for text in ("word " * 20_000, "?" + "а " * 50_000, "a?" * 20_000):
        _last_question(text)
    assert time.perf_counter() - started < 2.0
    assert _last_question("When were relations established? А что они подписали?") == " А что они подписали?"
