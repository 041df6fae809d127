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
