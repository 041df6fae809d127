"""The CLI contract (`assistant ask --json`), run in-process on the bundled corpus."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from assistant.cli import main

SIBERIA = "Who led the delegation of the Siberian Branch of the Russian Academy of Sciences?"
CONTRACT_KEYS = {"question", "answer", "refused", "mode", "citations", "timings_ms"}
CITATION_KEYS = {"n", "article_id", "source", "title", "date", "lang", "quote"}


def ask_json(capsys: pytest.CaptureFixture[str], question: str, *extra: str) -> dict:
    assert main(["ask", question, "--json", *extra]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    return json.loads(out)


def check_contract(answer: dict) -> None:
    assert CONTRACT_KEYS <= set(answer)
    assert set(answer["timings_ms"]) >= {"retrieve", "answer", "total"}
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", answer["answer"])}
    numbers = [c["n"] for c in answer["citations"]]
    assert cited == set(numbers), "every marker has a citation and every citation is used"
    assert numbers == list(range(1, len(numbers) + 1))
    for citation in answer["citations"]:
        assert CITATION_KEYS <= set(citation)
        assert citation["quote"].strip()


def test_siberian_delegation_cites_the_russian_article(use_bundled: Path, capsys) -> None:
    answer = ask_json(capsys, SIBERIA)
    check_contract(answer)
    assert answer["mode"] == "extractive" and not answer["refused"]
    assert answer["citations"][0]["source"] == "001_64f4749ce710b92a.txt"
    assert "Пармон" in answer["answer"]


@pytest.mark.parametrize("question, title", [
    ("What was the volume of trade between Kazakhstan and Estonia in 2023?",
     "Kazakhstan and Estonia Reaffirm Commitment to Strengthening Partnership"),
    ("When were diplomatic relations between Kazakhstan and Kenya established?",
     "Prospects of Cooperation Between Kazakhstan and Kenya discussed in Nairobi"),
    ("How much funding did Kazakhstan receive from the UNESCO Intangible Cultural Heritage Fund?",
     "Kazakh Project Receives Funding from UNESCO Fund for Study of Intangible Cultural Heritage"),
])
def test_digest_questions_cite_the_right_sub_article(use_bundled: Path, capsys, question: str,
                                                     title: str) -> None:
    answer = ask_json(capsys, question)
    check_contract(answer)
    assert answer["citations"][0]["title"] == title
    assert answer["citations"][0]["source"] == "003_13e68caafd3a2efa.txt"
    assert answer["citations"][0]["article_id"].startswith("003_13e68caafd3a2efa.txt#")


@pytest.mark.parametrize("question, refusal", [
    ("What is the capital of France?", "The articles don't cover this."),
    ("Какой прогноз погоды на 10 января?", "В статьях нет информации об этом."),
])
def test_off_topic_questions_are_refused_in_their_language(use_bundled: Path, capsys, question: str,
                                                           refusal: str) -> None:
    answer = ask_json(capsys, question)
    check_contract(answer)
    assert answer["refused"] and answer["answer"] == refusal and answer["citations"] == []


def test_batch_mode_reads_one_question_per_line(use_bundled: Path, capsys, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{SIBERIA}\n\nКто представлял Казахстан на встрече C5+1?\n"))
    assert main(["ask", "-", "--json"]) == 0
    lines = capsys.readouterr().out.strip().split("\n")
    assert len(lines) == 2
    answers = [json.loads(line) for line in lines]
    for answer in answers:
        check_contract(answer)
    assert answers[1]["citations"][0]["source"] == "004_5f9d832c174a2bb2.txt"
    assert answers[1]["answer"].startswith("Согласно статьям")


def test_plain_output_lists_numbered_sources(use_bundled: Path, capsys) -> None:
    assert main(["ask", SIBERIA]) == 0
    out = capsys.readouterr().out
    assert "Sources:" in out and "[1] " in out and "001_64f4749ce710b92a.txt" in out


def test_sources_lists_every_article(use_bundled: Path, capsys) -> None:
    assert main(["sources", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.strip().split("\n")]
    assert len(rows) == 13
    assert {"article_id", "date", "lang", "title"} <= set(rows[0])


@pytest.mark.parametrize("argv, message", [
    (["ask", "   ", "--json"], "The question is empty."),
    (["ask", "x" * 5000, "--json"], "characters long; the limit is 1000"),
    (["ask", "hello", "--since", "yesterday"], "YYYY-MM-DD"),
    (["ask", "hello", "--country", "Narnia"], "Unknown country"),
])
def test_bad_questions_are_one_line_errors(use_bundled: Path, capsys, argv: list[str], message: str) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err and captured.err.count("\n") == 1 and "Traceback" not in captured.err


def test_no_index_yet_says_what_to_do(capsys) -> None:
    assert main(["ask", "anything", "--json"]) == 2
    err = capsys.readouterr().err
    assert "No index" in err and "assistant ingest" in err and err.count("\n") == 1


def test_ingest_reports_skips_through_its_exit_code(tmp_path: Path, capsys) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ok.txt").write_text("Astana talks\nThe ministers of Kazakhstan and Japan met in Astana.\n", "utf-8")
    (corpus / "empty.txt").write_text("", "utf-8")
    assert main(["ingest", "--json"]) == 3
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert report["articles"] == 1 and report["skipped"][0]["reason"] == "file is empty"
    assert "skipped" in captured.err and "empty.txt" in captured.err
    (corpus / "empty.txt").unlink()
    assert main(["ingest"]) == 0
    assert "up to date" in capsys.readouterr().err


def test_countries_keep_every_row_and_mark_the_home_country(use_bundled: Path, capsys,
                                                            monkeypatch) -> None:
    assert main(["countries", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows[0] == {"code": "KZ", "name": "Kazakhstan", "articles": 13, "home": True}
    assert all({"code", "name", "articles"} <= set(r) and r["home"] is False for r in rows[1:])
    monkeypatch.setenv("ASSISTANT_HOME_COUNTRY", "ee")
    assert main(["countries"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line for line in lines if line.endswith("(home country)")] == [lines[[i for i, line in enumerate(lines)
                                                                                if line.startswith("EE ")][0]]]
