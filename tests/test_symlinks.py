"""Ingesting a folder never publishes files from outside it through a symbolic link."""

from __future__ import annotations

from pathlib import Path

from assistant.language.loaders import iter_article_files_under

from .conftest import write_article


def test_a_link_leading_out_of_the_folder_is_not_followed(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_article(corpus, "news.txt", "Kazakhstan and Estonia discussed trade in Tallinn on Monday.")
    secret = write_article(tmp_path / "elsewhere", "secret.txt", "root:*:20228:0:99999:7:::")
    (corpus / "shadow.txt").symlink_to(secret)
    (corpus / "again.txt").symlink_to(corpus / "news.txt")  # a link within the folder is fine
    found = sorted(relative for _, relative in iter_article_files_under([corpus]))
    assert found == ["again.txt", "news.txt"]


def test_a_link_not_followed_is_listed_as_skipped(tmp_path: Path, capsys) -> None:
    """Not left out silently: the ingest's summary lists it, with why."""
    from assistant.cli import main

    corpus = tmp_path / "corpus"
    write_article(corpus, "news.txt", "Kazakhstan and Estonia discussed trade in Tallinn on Monday.")
    secret = write_article(tmp_path / "elsewhere", "secret.txt", "root:*:20228:0:99999:7:::")
    (corpus / "shadow.txt").symlink_to(secret)
    assert main(["ingest", str(corpus)]) == 3, "some files skipped (EXIT_SKIPPED)"
    out = capsys.readouterr()
    assert "shadow.txt" in out.out + out.err and "symbolic link" in out.out + out.err, out
    assert "root:" not in out.out + out.err
