"""Files in other encodings than UTF-8 are read, not skipped; binary files still are (issue 11).
Real files in temp folders, ingested into real embedded Chroma with the bundled embedder."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from assistant.core.errors import ArticleFormatError
from assistant.core.settings import Settings
from assistant.index.ingest import ingest
from assistant.index.store import IndexStore
from assistant.language.loaders import load_file

ENGLISH = ("Kazakhstan and Estonia discussed trade\n"
           "In 2023 trade between Kazakhstan and Estonia grew by 29% to 157.5 million US dollars.\n")
RUSSIAN = ("Учёные из Новосибирска посетили Астану\n"
           "Делегацию Сибирского отделения Российской академии наук возглавил академик Валентин Пармон. "
           "Стороны обсудили сотрудничество в области науки и образования.\n")


def _page(charset: str, title: str, body: str) -> str:
    return (f'<html><head><meta charset="{charset}"><title>{title}</title></head>'
            f"<body><h1>{title}</h1><p>{body}</p></body></html>")


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes(ENGLISH.encode("utf-16"))  # BOM + UTF-16-LE
    loaded = load_file(path)
    assert loaded.encoding == "utf-16"
    assert "157.5 million" in loaded.articles[0].text and loaded.articles[0].title.startswith("Kazakhstan")


def test_utf16_without_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "utf16le.txt"
    path.write_bytes(ENGLISH.encode("utf-16-le"))
    assert "157.5 million" in load_file(path).articles[0].text


def test_russian_in_cp1251_is_read(tmp_path: Path) -> None:
    path = tmp_path / "ru.txt"
    path.write_bytes(RUSSIAN.encode("cp1251"))
    loaded = load_file(path)
    assert loaded.encoding == "cp1251"
    [article] = loaded.articles
    assert article.lang == "ru" and "Валентин Пармон" in article.text and article.title.startswith("Учёные")


def test_html_meta_charset_is_honoured(tmp_path: Path) -> None:
    """The page's own declaration decides: with windows-1251 declared a short Russian page is
    read; without it there is too little Cyrillic to guess from and the file is skipped rather
    than indexed as mojibake; a declared cp866 wins over the guess (cp1125)."""
    page = '<html><head>{meta}<title>Визит</title></head><body><p>Министры встретились.</p></body></html>'
    declared = tmp_path / "declared.html"
    declared.write_bytes(page.format(meta='<meta charset="windows-1251">').encode("cp1251"))
    loaded = load_file(declared)
    assert loaded.encoding == "cp1251"
    assert loaded.articles[0].title == "Визит" and loaded.articles[0].text == "Министры встретились."
    undeclared = tmp_path / "undeclared.html"
    undeclared.write_bytes(page.format(meta="").encode("cp1251"))
    with pytest.raises(ArticleFormatError, match="UTF-8"):
        load_file(undeclared)
    dos = tmp_path / "dos.html"
    dos.write_bytes(_page("cp866", "Визит в Астану", RUSSIAN).encode("cp866"))
    loaded = load_file(dos)
    assert loaded.encoding == "cp866" and "Валентин Пармон" in loaded.articles[0].text


def test_windows_punctuation_in_english_is_read(tmp_path: Path) -> None:
    path = tmp_path / "quotes.txt"
    path.write_bytes("Kazakhstan and Estonia\nThe minister said \u201cyes\u201d \u2013 trade grew.\n".encode("cp1252"))
    loaded = load_file(path)
    assert loaded.encoding == "cp1252" and "\u201cyes\u201d" in loaded.articles[0].text


@pytest.mark.parametrize("name, data", [
    ("archive.txt", gzip.compress(RUSSIAN.encode("utf-8") * 20)),
    ("picture.txt", bytes.fromhex("89504e470d0a1a0a0000000d49484452") + bytes(range(256)) * 8),
    ("nul.txt", b"\x00\x00binary"),
])
def test_binary_files_are_still_skipped(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ArticleFormatError, match="binary"):
        load_file(path)


def test_ingest_records_the_encoding_and_skips_only_the_binary(tmp_path: Path, embedder) -> None:
    """UTF-16, cp1251 and a cp1251 page are indexed (encoding in the report and the manifest);
    the gzip file is the only skip."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "en16.txt").write_bytes(ENGLISH.encode("utf-16"))
    (corpus / "ru1251.txt").write_bytes(RUSSIAN.encode("cp1251"))
    (corpus / "page.html").write_bytes(_page("windows-1251", "Визит в Астану", "Министры встретились.")
                                       .encode("cp1251"))
    (corpus / "archive.txt").write_bytes(gzip.compress(ENGLISH.encode() * 20))
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    store = IndexStore(settings, embedder)
    report = ingest(store, embedder)
    assert [Path(p).name for p, _ in report.skipped] == ["archive.txt"]
    assert {Path(p).name: e for p, e in report.encodings} == {"en16.txt": "utf-16", "ru1251.txt": "cp1251",
                                                              "page.html": "cp1251"}
    manifest = json.loads(store.manifest_path.read_text(encoding="utf-8"))
    assert {Path(k).name: v["encoding"] for k, v in manifest["files"].items()} == {
        "en16.txt": "utf-16", "ru1251.txt": "cp1251", "page.html": "cp1251"}
    texts = " ".join(c.text for c in store.current().chunks)
    assert "157.5 million" in texts and "Валентин Пармон" in texts and "Министры" in texts
