"""The CLI says what is wrong with its input in one line: a reversed date range, and `ask -`
with nothing on standard input (it printed nothing and exited 0)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from assistant.cli import main


def test_a_reversed_date_range_is_refused(use_bundled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["ask", "What did Kazakhstan and Estonia discuss?", "--since", "2024-01-01", "--until", "2020-01-01"])
    err = capsys.readouterr().err
    assert code != 0 and "--since 2024-01-01 is after --until 2020-01-01" in err and len(err.strip().splitlines()) == 1


def test_ask_dash_with_empty_input_says_so(use_bundled: Path, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("\n\n"))
    code = main(["ask", "-", "--json"])
    captured = capsys.readouterr()
    assert code != 0 and captured.out == "" and "No question came on standard input" in captured.err


def test_an_index_dir_that_is_a_file_is_named_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """ASSISTANT_INDEX_DIR naming a file was an "internal error: NotADirectoryError" for ask and
    a FileExistsError for ingest."""
    index = tmp_path / "index"
    index.write_text("not an index")
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(index))
    for argv in (["ask", "Who met Tokayev?"], ["ingest"], ["sources"]):
        capsys.readouterr()
        assert main(argv) != 0
        err = capsys.readouterr().err.strip()
        assert "is a file, not a folder" in err and "internal error" not in err and "\n" not in err, (argv, err)
    assert index.read_text() == "not an index"  # nothing lost


def test_a_record_date_that_is_no_date_is_said_not_lost_silently(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """A JSONL record dated 2024-13-45 was indexed undated without a word: a date filter then
    missed it and nobody knew why. The article is indexed; the ingest says what it could not read."""
    import json

    folder = tmp_path / "corpus"
    folder.mkdir()
    records = [{"title": "Grain", "date": "2024-13-45", "text": "Kazakhstan and Narnia signed a grain agreement in "
                "Astana. Trade reached five million dollars."},
               {"title": "Oil", "date": "2024-03-05", "text": "Kazakhstan and Narnia discussed oil supplies in "
                "Astana. The talks will continue next year."}]
    (folder / "news.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["ingest", "--json"]) == 0
    captured = capsys.readouterr()
    assert "note " in captured.err and "line 1: date '2024-13-45' is not a date" in captured.err, captured.err
    report = json.loads(captured.out)
    assert report["articles"] == 2 and [n["note"][:7] for n in report["notes"]] == ["line 1:"]


def test_a_feeds_left_out_records_are_reported_by_every_ingest(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """A second ingest did not read the unchanged feed again and said nothing of its bad lines:
    `notes` was empty and the skipped records were gone. They are kept with the file and said
    again, until the file changes."""
    import json

    folder = tmp_path / "corpus"
    folder.mkdir()
    good = {"title": "Grain", "date": "2024-13-45", "text": "Kazakhstan and Narnia signed a grain agreement in "
            "Astana. Trade reached five million dollars."}
    (folder / "news.jsonl").write_text(json.dumps(good) + "\n{not json\n", encoding="utf-8")
    reports = []
    for _ in range(2):
        capsys.readouterr()
        assert main(["ingest", "--json"]) == 3  # a record was left out
        reports.append(json.loads(capsys.readouterr().out))
    first, second = reports
    assert second["unchanged"] and not second["added"], "the second ingest did not read the file again"
    assert [s["reason"] for s in second["skipped"]] == [s["reason"] for s in first["skipped"]]
    assert any("line 2" in s["reason"] for s in second["skipped"]), second["skipped"]
    assert [n["note"] for n in second["notes"]] == [n["note"] for n in first["notes"]] != []
    capsys.readouterr()
    assert main(["ingest"]) == 3
    err = capsys.readouterr().err
    assert "1 skipped" not in err and "0 skipped, 1 records of indexed files left out" in err, err


def test_ask_dash_conversation_answers_follow_ups(use_bundled: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """`ask -` answers each line alone; with --conversation the lines are one chat, so "What did
    they sign?" is understood with the question before it (as the app and the API do)."""
    import json

    lines = "When were diplomatic relations between Kazakhstan and Kenya established?\nWhat did they sign?\n"
    answers = {}
    for flags in ([], ["--conversation"]):
        monkeypatch.setattr("sys.stdin", io.StringIO(lines))
        assert main(["ask", "-", "--json", *flags]) == 0
        answers[bool(flags)] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    alone, followed = answers[False][1], answers[True][1]
    assert "standalone_question" not in alone and "Memorandum" not in alone["answer"], alone["answer"]
    assert "Kenya" in followed["standalone_question"] and "Memorandum of Understanding" in followed["answer"]
    assert main(["ask", "Who?", "--conversation"]) != 0
    assert "--conversation reads its questions from standard input" in capsys.readouterr().err


def test_a_feeds_many_left_out_records_are_counted_alike_by_every_ingest(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The manifest keeps 20 of a file's problems and a line for the rest; the count stays the
    file's: the second ingest said 21 records of 25."""
    import json

    folder = tmp_path / "corpus"
    folder.mkdir()
    good = {"title": "Grain", "text": "Kazakhstan and Narnia signed a grain agreement in Astana."}
    (folder / "news.jsonl").write_text(json.dumps(good) + "\n" + "{not json\n" * 25, encoding="utf-8")
    reports = []
    for _ in range(2):
        capsys.readouterr()
        assert main(["ingest", "--json"]) == 3
        reports.append(json.loads(capsys.readouterr().out))
    assert [r["records_left_out"] for r in reports] == [25, 25]
    assert len(reports[0]["skipped"]) == 25 and len(reports[1]["skipped"]) == 21
    assert reports[1]["skipped"][-1]["reason"].startswith("... and 5 more")
    manifest = json.loads((tmp_path / "index" / "manifest.json").read_text())
    [record] = manifest["files"].values()
    record["problems"] = ["x" * 100_000] * 1000  # edited by hand: what is said again stays bounded
    (tmp_path / "index" / "manifest.json").write_text(json.dumps(manifest))
    capsys.readouterr()
    assert main(["ingest"]) == 3
    err = capsys.readouterr().err
    assert len(err) < 20_000 and "25 records of indexed files left out" in err, err[-500:]
