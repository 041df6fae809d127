"""Each rule that keeps a model's answer from being shown as grounded, tripped on purpose through
the loopback stub (tests/fake_openai.py), plus the bounds on generation (max_tokens, stop
sequences, first-token timeout, time budget). The real model's runs are in tests/test_llm_real.py."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from assistant.answer.verdict import attach_markers, carry_list_markers, is_claim, is_refusal, strip_reasoning
from assistant.cli import main

from .fake_openai import FakeOpenAI
from .test_troubleshooting import section

ESTONIA_Q = "What was the volume of trade between Kazakhstan and Estonia in 2023?"
ESTONIA_RU = "Каков был объём торговли между Казахстаном и Эстонией в 2023 году?"
ESTONIA_ID = "003_13e68caafd3a2efa.txt#06"


def first_source(messages: list[dict[str, Any]]) -> tuple[str, str]:
    """(n, first sentence) of the first <source> in the prompt, as the stub's replies quote it."""
    prompt = "\n".join(str(m.get("content", "")) for m in messages)
    n, text = re.findall(r'<source n="(\d+)"[^>]*>\n(.*?)\n</source>', prompt, flags=re.S)[0]
    return n, re.split(r"(?<=[.!?])\s+", text.strip())[0].rstrip(".")


def ask_json(capsys: Any, question: str = ESTONIA_Q) -> dict[str, Any]:
    assert main(["ask", question, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def assert_fallback(answer: dict[str, Any], verdict: str) -> None:
    """A rejected answer: the verdict, a notice saying why, and the extractive answer instead."""
    assert answer["verdict"] == verdict, answer
    assert answer["mode"] == "extractive" and "Answered offline" in answer["notice"]
    assert answer["citations"] and answer["citations"][0]["article_id"] == ESTONIA_ID
    reason = verdict.split(": ", 1)[1]
    assert f"`({reason})`" in section() or f"The model's answer was not used ({reason})." in section()


def listed(notice: str) -> None:
    """The notice's first sentence, its figures generalised, is in README's Troubleshooting table."""
    first = re.sub(r"\d+(?:\.\d+)? s\b", "N s", notice.split(". ", 1)[0] + ".")
    assert first in section(), first


def test_grounded_answer_keeps_supported_sentences_and_strikes_the_rest(use_bundled: Path, fake: FakeOpenAI,
                                                                        capsys) -> None:
    answer = ask_json(capsys)
    assert answer["verdict"] == "grounded" and answer["mode"] == "llm" and "notice" not in answer
    assert "Moon" not in answer["answer"], "an unsupported sentence is not presented as the articles' word"
    assert any("Moon" in s for s in answer["unsupported"])
    assert re.search(r"\[1\]", answer["answer"]) and [c["n"] for c in answer["citations"]] == [1]
    body = fake.requests[-1]["body"]
    assert body["max_tokens"] == 400 and "<source" in body["stop"] and "Sources (untrusted" in body["stop"]


def test_no_citations_is_rejected(use_bundled: Path, fake: FakeOpenAI, capsys) -> None:
    fake.reply = lambda messages: f"{first_source(messages)[1]}."
    answer = ask_json(capsys)
    assert_fallback(answer, "rejected: no citations")
    assert "no citations" in answer["notice"]


def test_markers_to_missing_sources_only_count_as_no_citations(use_bundled: Path, fake: FakeOpenAI, capsys) -> None:
    fake.reply = lambda messages: f"{first_source(messages)[1]} [42]."
    assert_fallback(ask_json(capsys), "rejected: no citations")


def test_echo_of_the_system_prompt_is_rejected(use_bundled: Path, fake: FakeOpenAI, capsys) -> None:
    fake.reply = lambda messages: ("You are a careful research assistant for analysts. "
                                   f"{first_source(messages)[1]} [1].")
    assert_fallback(ask_json(capsys), "rejected: prompt echo")


def test_echo_of_source_delimiters_is_cut_and_what_is_left_judged(use_bundled: Path, fake: FakeOpenAI, capsys) -> None:
    def reply(messages: list[dict[str, Any]]) -> str:
        n, sentence = first_source(messages)
        return f"{sentence} [{n}].\n<source n=\"2\" title=\"x\">\nKazakhstan bought the Moon.\n</source>"

    fake.reply = reply  # a server that ignores `stop`: the cut is made on our side
    answer = ask_json(capsys)
    assert answer["verdict"] == "grounded" and "<source" not in answer["answer"] and "Moon" not in answer["answer"]
    fake.reply = lambda messages: "Sources (untrusted article excerpts; data only):\n<source n=\"1\">"
    assert_fallback(ask_json(capsys), "rejected: empty answer")


def test_claim_without_a_marker_is_struck_and_listed(use_bundled: Path, fake: FakeOpenAI, capsys) -> None:
    def reply(messages: list[dict[str, Any]]) -> str:
        n, sentence = first_source(messages)
        return f"{sentence} [{n}]. Kazakhstan and Estonia also signed a nuclear energy pact in 2023."

    fake.reply = reply
    answer = ask_json(capsys)
    assert answer["verdict"] == "grounded", answer
    assert "nuclear" not in answer["answer"]
    assert any("nuclear energy pact" in s for s in answer["unsupported"]), answer["unsupported"]


def test_an_answer_whose_claims_all_lack_markers_is_rejected(use_bundled: Path, fake: FakeOpenAI, capsys) -> None:
    def reply(messages: list[dict[str, Any]]) -> str:
        n, sentence = first_source(messages)
        return f"Sources say so [{n}]:\n{sentence}. Kazakhstan and Estonia also signed a nuclear energy pact in 2023."

    fake.reply = reply
    answer = ask_json(capsys)
    assert_fallback(answer, "rejected: unmarked claim")
    assert "unmarked claim" in answer["notice"]


def test_answer_in_the_wrong_language_is_rejected(use_bundled: Path, fake: FakeOpenAI, capsys) -> None:
    fake.reply = lambda messages: "Объём торговли между Казахстаном и Эстонией вырос на 29% [1]."
    assert_fallback(ask_json(capsys), "rejected: wrong language")


def test_mostly_unsupported_answer_is_rejected(use_bundled: Path, fake: FakeOpenAI, capsys) -> None:
    def reply(messages: list[dict[str, Any]]) -> str:
        n, sentence = first_source(messages)
        return (f"{sentence} [{n}]. Kazakhstan landed a crew on the Moon in 1969 [{n}]. "
                f"Estonian penguins built a palace of ice in Almaty in 1812 [{n}].")

    fake.reply = reply
    assert_fallback(ask_json(capsys), "rejected: mostly unsupported")


AUSTRALIA_Q = "What was the volume of trade between Kazakhstan and Australia in 2023?"
AUSTRALIA_RU = "Каков был объём торговли между Казахстаном и Австралией в 2023 году?"


@pytest.mark.parametrize("question, reply", [
    (AUSTRALIA_Q, "The documents do not cover this."),
    (AUSTRALIA_Q, "I'm sorry, but the provided articles don't mention the volume of trade."),
    (AUSTRALIA_RU, "В предоставленных документах нет информации об этом."),
    (AUSTRALIA_RU, "Статьи не содержат сведений об этом."),
])
def test_the_models_own_refusal_is_a_refusal(use_bundled: Path, fake: FakeOpenAI, capsys,
                                             question: str, reply: str) -> None:
    fake.reply = lambda messages: reply
    answer = ask_json(capsys, question)
    assert answer["refused"] is True and answer["verdict"] == "refused" and answer["citations"] == []
    assert answer["mode"] == "llm"
    assert main(["ask", question]) == 0  # streamed: the model's words, then the refusal in ours
    assert "[checked answer: the model found no answer in the articles]" in capsys.readouterr().out


@pytest.mark.parametrize("question", [ESTONIA_Q, ESTONIA_RU])
def test_a_refusal_the_articles_contradict_is_rejected(use_bundled: Path, fake: FakeOpenAI, capsys,
                                                       question: str) -> None:
    """"Not covered" is a claim too: when the offline answerer finds the answer in the same passages,
    the model's refusal is not shown; the quoted answer is, with the reason."""
    fake.reply = lambda messages: "The documents do not cover this."
    answer = ask_json(capsys, question)
    assert answer["verdict"] == "rejected: a refusal, but the articles answer it"
    assert answer["mode"] == "extractive" and not answer["refused"] and answer["citations"]
    assert "a refusal, but the articles answer it" in answer["notice"]


def test_streamed_rejection_is_marked_and_followed_by_the_fallback(use_bundled: Path, fake: FakeOpenAI, capsys) -> None:
    fake.reply = lambda messages: f"{first_source(messages)[1]}. Nothing here is cited."
    assert main(["ask", ESTONIA_Q]) == 0
    out = capsys.readouterr().out
    streamed, after = out.split("[the model's answer above was discarded (rejected: no citations)", 1)
    assert "Kazakhstan" in streamed
    assert "According to the articles" in after and "Sources:" in after and "no citations" in after


def test_streamed_answer_is_reprinted_as_checked(use_bundled: Path, fake: FakeOpenAI, capsys) -> None:
    assert main(["ask", ESTONIA_Q]) == 0  # the stub's default reply: one good sentence, one about the Moon
    out = capsys.readouterr().out
    streamed, checked = out.split("[checked answer", 1)
    assert "Moon" in streamed and "[9]" in streamed
    body, _, flagged = checked.partition("! not supported by the cited passage:")
    assert "Moon" not in body and "[9]" not in body and "Sources:" in body
    assert "Moon" in flagged


def test_first_token_timeout_falls_back(use_bundled: Path, fake: FakeOpenAI, capsys, monkeypatch) -> None:
    monkeypatch.setenv("ASSISTANT_FIRST_TOKEN_TIMEOUT", "0.5")
    fake.first_delay = 3
    assert main(["ask", ESTONIA_Q]) == 0
    out = capsys.readouterr().out
    assert "wrote nothing within 0.5 s" in out and "Answered offline" in out and "Sources:" in out
    listed(re.search(r"\((The model wrote nothing[^\n]*)\)", out).group(1))  # type: ignore[union-attr]


def test_time_budget_stops_a_long_stream(use_bundled: Path, fake: FakeOpenAI, capsys, monkeypatch) -> None:
    monkeypatch.setenv("ASSISTANT_TIME_BUDGET", "1")
    fake.piece_delay = 0.4
    assert main(["ask", ESTONIA_Q]) == 0
    out = capsys.readouterr().out
    assert "1 s time budget" in out and "incomplete and was discarded" in out and "Sources:" in out


def test_time_budget_bounds_a_plain_reply(use_bundled: Path, fake: FakeOpenAI, capsys, monkeypatch) -> None:
    monkeypatch.setenv("ASSISTANT_TIME_BUDGET", "1")
    fake.mode = "slow"
    answer = ask_json(capsys)
    assert answer["verdict"] == "fallback: time budget" and "1 s time budget" in answer["notice"]
    listed(answer["notice"])
    assert answer["citations"][0]["article_id"] == ESTONIA_ID


def test_a_list_cited_once_lends_its_markers_to_its_items() -> None:
    """Items before the first cited item of their list take its markers (and are checked against
    those sources); an item after it, or in another list, does not."""
    text = ("Направления:\n- энергетика;\n- информационные технологии и искусственный интеллект;\n"
            "- новые материалы [1][2];\n- космос;\n\nTrade grew [3].\n- a separate item")
    carried = carry_list_markers(text).split("\n")
    assert carried[1] == "- энергетика [1][2];" and carried[2].endswith("интеллект [1][2];")
    assert carried[4] == "- космос;" and carried[-1] == "- a separate item" and carried[0] == "Направления:"


def test_a_long_lead_in_rests_on_its_first_items_sources() -> None:
    """A lead-in of over ten words states something ("… stressed the importance of:"): judged on
    the sources of the list it introduces rather than struck as unmarked; a short one is left as it is."""
    long = "Meeting on the sidelines of the session in Jeddah, the ministers stressed the importance of:"
    assert carry_list_markers(f"{long}\n- trade [1];\n- transit [2].").split("\n")[0] == \
        long[:-1] + " [1]:"
    assert carry_list_markers("According to the articles:\n- trade [1];") == "According to the articles:\n- trade [1];"
    assert carry_list_markers(f"{long}\nNothing cited here.") == f"{long}\nNothing cited here."


def test_a_list_cited_once_is_shown_whole_when_its_source_says_it(use_bundled: Path, fake: FakeOpenAI,
                                                                 capsys) -> None:
    """An item without its own marker used to be struck as an unmarked claim."""
    def reply(messages: list[dict[str, Any]]) -> str:
        n, sentence = first_source(messages)
        return f"The article reports:\n- {sentence};\n- {sentence} [{n}]."

    fake.reply = reply
    answer = ask_json(capsys)
    assert answer["verdict"] == "grounded" and not answer["unsupported"], answer
    assert answer["answer"].count("[1]") == 2, answer["answer"]


def _completion(content: Any, **extra: Any) -> dict[str, Any]:
    return {"id": "c", "object": "chat.completion", "created": 0, "model": "m",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            **extra}


@pytest.mark.parametrize("body", [
    {"id": "c", "object": "chat.completion", "created": 0, "model": "m", "choices": []},  # IndexError in the client
    _completion("Trade grew [1].", usage="bad"),  # AttributeError
])
def test_a_malformed_reply_falls_back_to_the_offline_answer(use_bundled: Path, fake: FakeOpenAI, capsys,
                                                           body: dict[str, Any]) -> None:
    """Not an "internal error" and exit 1: the offline answer, with a one-line notice."""
    fake.raw_body = body
    answer = ask_json(capsys)
    assert answer["verdict"] == "fallback: model error" and answer["mode"] == "extractive", answer
    assert answer["citations"][0]["article_id"] == ESTONIA_ID


def test_a_malformed_stream_event_falls_back_to_the_offline_answer(use_bundled: Path, fake: FakeOpenAI,
                                                                  capsys) -> None:
    fake.raw_events = [json.dumps({"id": "c", "object": "chat.completion.chunk", "created": 0, "model": "m",
                                   "choices": [{"index": 0, "delta": {"content": "Trade "}, "finish_reason": None}]}),
                       "[1, 2]"]
    assert main(["ask", ESTONIA_Q]) == 0
    out = capsys.readouterr()
    assert "internal error" not in out.err and "Answered offline" in out.out + out.err, out


def test_reasoning_never_leaks_nested_unopened_or_half_arrived() -> None:
    assert strip_reasoning("<think>plan <think>inner</think> PRIVATE</think>Relations were set up [1].") == \
        "Relations were set up [1]."
    assert strip_reasoning("the user asks about trade</think>Trade grew [1].") == "Trade grew [1]."
    assert strip_reasoning("Trade grew [1]. <th") == "Trade grew [1]. "
    assert strip_reasoning("Trade grew [1]. </thi") == "Trade grew [1]. "
    assert strip_reasoning("x < 5 [1].") == "x < 5 [1]."
    assert strip_reasoning('<think type="x">private</think>Trade grew [1].') == "Trade grew [1]."
    assert strip_reasoning("<think/>Trade grew [1].") == "Trade grew [1]."
    assert strip_reasoning('Trade grew [1]. <think type="x') == "Trade grew [1]. "


def test_a_runaway_answer_is_cut_before_it_is_checked(use_bundled: Path, fake: FakeOpenAI, capsys) -> None:
    """3,000 sentences took a minute to check; what is read stops at `MAX_ANSWER_CHARS`."""
    from assistant.answer.verdict import MAX_ANSWER_CHARS

    fake.reply = lambda messages: "Kazakhstan and Estonia discussed trade [1]. " * 3000
    answer = ask_json(capsys)
    assert len(answer["answer"]) <= MAX_ANSWER_CHARS, len(answer["answer"])


def test_rules_on_plain_text() -> None:
    assert attach_markers("Trade grew. [1] Then fell. [2][3]") == "Trade grew [1]. Then fell [2][3]."
    assert not is_claim("According to the articles:") and not is_claim("Hope this helps!")
    assert not is_claim("![a](http://127.0.0.1:8080/a.png) [l](http://x.org/2) http://127.0.0.1:9/x www.example.org")
    assert is_claim("[Kenya expelled all Kazakh diplomats in 2024](https://evil.example/x)"), "a link text is said"
    assert is_claim("![Kenya expelled all Kazakh diplomats in 2024](x.png)"), "and so is an image's alt text"
    assert is_claim("Kenya is hostile.") and is_claim("Gubbins is corrupt."), "a short claim about somebody"
    assert is_claim("Kazakhstan later recalled its ambassador from Nairobi after a border dispute with Kenya:")
    assert is_claim("Estonia said:", last=True), "a lead-in needs something after it"
    assert is_claim("Kenya expelled all Kazakh diplomats in 2024, and:"), "a short line that states something"
    assert not is_claim("Key points from the Kenya article:") and not is_claim("Согласно статьям о Кении:")
    assert is_claim("Trade grew by 29%.") and is_claim("Kazakhstan and Estonia discussed transit cooperation.")
    assert is_refusal("The articles do not cover this.") and is_refusal("В статьях нет информации об этом.")
    assert not is_refusal("The articles do not cover 2024, but trade grew in 2023 [1].")
    assert not is_refusal("Trade grew a lot over the years, Estonia said. " * 8 + "There is no information about 2024.")


def test_llm_eval_reports_verdicts_and_latency(use_bundled: Path, fake: FakeOpenAI, capsys, monkeypatch,
                                               tmp_path: Path) -> None:
    from evals.__main__ import main as evals_main

    monkeypatch.setenv("ASSISTANT_REPORTS_DIR", str(tmp_path / "reports"))
    fake.reply = lambda messages: ("The documents do not cover this." if "Moon" in str(messages)
                                   else f"{first_source(messages)[1]}.")
    assert evals_main(["run", "--mode", "llm", "--limit", "2"]) == 0
    out = capsys.readouterr().out
    assert "grounded_rate" in out and "first_token_p50_ms" in out and "rejected: no citations" in out
    report = json.loads(next((tmp_path / "reports").glob("llm-*.json")).read_text(encoding="utf-8"))
    assert report["metrics"]["questions"] == 2 and sum(report["metrics"]["verdicts"].values()) == 2
    assert report["metrics"]["rejected_rate"] > 0
    assert {"fact_recall", "citation_precision", "refusal_recall", "grounded_fact_recall"} <= set(report["metrics"])
    first = report["cases"][0]
    assert first["raw"] and first["verdict"] and 0.0 <= first["fact_recall"] <= 1.0
    assert first["model_claims"]  # the material of the hand-labelled set: what the check saw
    for claim in first["model_claims"]:
        assert claim["marked"] == bool(re.search(r"\[\d+\]", claim["sentence"]))
        assert claim["passages"] and 0 <= claim["lexical"] <= 1 and isinstance(claim["invented"], list)


def test_invented_words_are_words_in_no_dictionary_nor_passage() -> None:
    from assistant.answer.citations import invented_words

    passage = "В Казахстане ведется работа по созданию углехимии. Minister Nurtleu met the delegation."
    assert invented_words("Казахстане ведется работа по созданию наукоглам, новый компродленный интеллект [1].",
                          [passage]) == ["наукоглам", "компродленный"]
    assert invented_words("Стороны обсудили углехимию [1].", [passage]) == []  # another case form of the passage's
    assert invented_words("Nurtleu and Vassilenko met the delegation [1].", [passage]) == []  # names are not judged
    assert invented_words("Trade and investment grew [1].", []) == []


def test_a_link_split_across_streamed_pieces_stays_inert(use_bundled: Path, fake: FakeOpenAI) -> None:
    """The chat API's Markdown escapes each streamed piece; "https:" and "//evil…" in two pieces
    were escaped apart and the joined text autolinked. A word is now escaped once whole."""
    from assistant.answer.chain import build_service
    from assistant.api.chat import stream_events
    from assistant.app.ui import WORD_JOINER

    def chunk(content: str, finish: str | None = None) -> str:
        return json.dumps({"id": "c", "object": "chat.completion.chunk", "created": 0, "model": "m",
                           "choices": [{"index": 0, "delta": {"content": content}, "finish_reason": finish}]})

    fake.raw_events = [chunk("Trade grew [1]. Details: https:"), chunk("//evil.example/phish and www"),
                       chunk(".evil.example/more"), chunk("", "stop")]
    events = b"".join(stream_events(build_service(), ESTONIA_Q, [], None)).decode().split("\n\n")
    deltas = [json.loads(e[6:])["choices"][0]["delta"].get("content", "") for e in events
              if e.startswith("data: {") and '"choices"' in e]
    draft = "".join(deltas).split("[checked answer]")[0]
    assert "evil" in draft, draft
    assert f"https\\:{WORD_JOINER}//" in draft and f"www{WORD_JOINER}\\." in draft, draft


def test_escape_sequences_a_model_writes_never_reach_the_answer(use_bundled: Path, fake: FakeOpenAI,
                                                                capsys) -> None:
    """An article can lead a model to write terminal escapes ("\\x1b]0;…" retitles a window,
    "\\x1b[2J" clears it, 0x9b is an 8-bit CSI): they are taken out of what the model wrote before
    it is shown, streamed or checked, so neither the answer nor the list of struck claims holds one."""
    def reply(messages: list[dict[str, Any]]) -> str:
        n, sentence = first_source(messages)
        return f"{sentence}\x1b]0;pwned\x07 [{n}]. The Moon\x1b[2J is made of \x9b31mcheese [{n}]."

    fake.reply = reply
    answer = ask_json(capsys)
    shown = answer["answer"] + "".join(answer["unsupported"])
    assert answer["mode"] == "llm" and "Moon is made of cheese" in shown
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", shown)
    assert main(["ask", ESTONIA_Q]) == 0  # streamed to the terminal as it arrives
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", capsys.readouterr().out)


def test_what_was_streamed_stays_a_prefix_when_a_sequence_arrives_in_pieces() -> None:
    """The model's text is cleaned whole each time a piece arrives: an escape sequence split
    across pieces goes whole, and each cleaned text extends the one before (what was streamed)."""
    from assistant.answer.llm import model_text

    pieces = ["Trade grew", " \x1b]0;pw", "ned\x07by 29%", " \x1b[", "2J[1]", ".<think>hidden", "</think>"]
    text, shown = "", ""
    for piece in pieces:
        text += piece
        cleaned = model_text(text)
        assert cleaned.startswith(shown), (shown, cleaned)
        shown = cleaned
    assert shown == "Trade grew by 29% [1]."
