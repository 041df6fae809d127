"""Fast tests of small rules with small inputs: citation renumbering, marker dropping, question
cleaning, language detection, and the two forms of a search filter (Chroma's `where` clause and
the snapshot mask) selecting the same passages."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.answer.answers import renumber
from assistant.answer.chain import clean_question
from assistant.answer.citations import drop_unknown_markers
from assistant.core.errors import InvalidQuestionError
from assistant.core.records import Citation
from assistant.core.settings import Settings
from assistant.core.text import answer_language, detect_language
from assistant.index.store import IndexStore, Snapshot
from assistant.retrieval.search import SearchFilters


def _citation(n: int) -> Citation:
    return Citation(n=n, article_id=f"a{n}.txt", source=f"a{n}.txt", title=f"Title {n}", date=None, lang="en",
                    quote=f"quote {n}", start=0, end=7)


# -- renumber ------------------------------------------------------------------------------------

def test_renumber_numbers_by_first_use_and_drops_unused_citations() -> None:
    text, cited = renumber("Trade grew [3]. Talks began [1]. Trade again [3].", [_citation(n) for n in (1, 2, 3)])
    assert text == "Trade grew [1]. Talks began [2]. Trade again [1]."
    assert [(c.n, c.article_id) for c in cited] == [(1, "a3.txt"), (2, "a1.txt")]


def test_renumber_drops_markers_to_unknown_sources_and_tidies_spacing() -> None:
    text, cited = renumber("Trade grew [7] . Talks began [2] [2][2], then ended [9].", [_citation(2)])
    assert text == "Trade grew. Talks began [1], then ended."
    assert [c.n for c in cited] == [1]


def test_renumber_without_markers_cites_nothing() -> None:
    assert renumber("No markers here.", [_citation(1)]) == ("No markers here.", [])


def test_renumber_leaves_the_callers_citations_alone() -> None:
    original = [_citation(4)]
    renumber("See [4].", original)
    assert original[0].n == 4


# -- drop_unknown_markers ------------------------------------------------------------------------

def test_drop_unknown_markers_keeps_known_numbers_as_they_are() -> None:
    assert drop_unknown_markers("A [2] and B [5] and C [3] .", {2, 3}) == "A [2] and B and C [3]."


def test_drop_unknown_markers_with_nothing_known_leaves_plain_text() -> None:
    assert drop_unknown_markers("[1] Only [12] markers [123].", set()) == "Only markers."


# -- clean_question ------------------------------------------------------------------------------

def test_clean_question_replaces_control_characters_and_strips() -> None:
    assert clean_question("  Who\x00led\x1b[2Jthe delegation?\t\n", 100) == "Who led [2Jthe delegation?"


@pytest.mark.parametrize("question", ["", "   ", "\x00\x07\n", None])
def test_clean_question_refuses_an_empty_question(question: str) -> None:
    with pytest.raises(InvalidQuestionError, match="empty"):
        clean_question(question, 100)


def test_clean_question_limit_counts_the_cleaned_text() -> None:
    assert clean_question("x" * 10 + "   ", 10) == "x" * 10
    with pytest.raises(InvalidQuestionError, match="11 characters long; the limit is 10"):
        clean_question("x" * 11, 10)


# -- language detection --------------------------------------------------------------------------

@pytest.mark.parametrize("text, lang", [
    ("Қазақстан мен Эстония арасындағы сауда қалай өсті?", "kk"),
    ("Қазақстан Республикасының Сыртқы істер министрлігі", "kk"),
    ("Как выросла торговля между Казахстаном и Эстонией?", "ru"),
    ("Делегацию возглавил академик Пармон (Қ).", "ru"),  # one Kazakh letter is not Kazakh
    ("How did trade between Kazakhstan and Estonia grow?", "en"),
    ("Who is President Байден?", "en"),  # the lower-case words' script decides, not the name's
    ("Who is Байден?", "en"),
    ("Кто был основателем Oracle Corporation?", "ru"),  # most letters are Latin, all in a name
    ("Кто основал McKinsey & Company?", "ru"),
    ("What did Токаев say in Астана?", "en"),
    ("ТОКАЕВ ПРИБЫЛ В ПЕКИН", "ru"),  # capitals only: every letter counts
    ("Kazakhstan: Қасым-Жомарт Тоқаев", "kk"),
    ("", "en"),
])
def test_detect_language_tells_kazakh_russian_and_english_apart(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_kazakh_questions_are_answered_in_russian() -> None:
    assert [answer_language(lang) for lang in ("en", "ru", "kk")] == ["en", "ru", "ru"]
    assert answer_language("kk", fallback="en") == "en"


# -- SearchFilters: Chroma's where clause and the snapshot mask agree ----------------------------

@pytest.fixture(scope="module")
def snapshot(bundled_index: Path, embedder) -> Snapshot:
    return IndexStore(Settings(index_dir=bundled_index), embedder).current()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_chroma_where_and_mask_select_the_same_passages(snapshot: Snapshot, data: st.DataObject) -> None:
    articles = sorted(snapshot.articles.values(), key=lambda a: a.id)
    codes = sorted({code for a in articles for code in a.countries}) + ["ZZ"]
    dates = sorted({a.date for a in articles if a.date}) + ["1999-12-31", "2030-01-01"]
    filters = SearchFilters(
        countries=tuple(data.draw(st.lists(st.sampled_from(codes), max_size=3, unique=True), label="countries")),
        languages=tuple(data.draw(st.lists(st.sampled_from(["en", "ru", "kk"]), max_size=2, unique=True),
                                  label="languages")),
        date_from=data.draw(st.none() | st.sampled_from(dates), label="date_from"),
        date_to=data.draw(st.none() | st.sampled_from(dates), label="date_to"),
        exclude_articles=tuple(data.draw(st.lists(st.sampled_from([a.id for a in articles]), max_size=4,
                                                  unique=True), label="exclude")),
    )
    where = filters.chroma_where()
    assert (where is None) == filters.empty
    from_chroma = set(snapshot.collection.get(where=where, include=[])["ids"])
    from_mask = {snapshot.store_ids[i] for i in np.flatnonzero(filters.mask(snapshot))}
    assert from_chroma == from_mask


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_word_lists_read_without_wordfreq_equal_wordfreqs_own(lang: str) -> None:
    """`wordlists.frequency_dict` reads wordfreq's files itself (importing wordfreq cost 0.3 s of a
    cold ask); it must give exactly what wordfreq gives, or the common-word test of questions drifts."""
    from wordfreq import get_frequency_dict

    from assistant.core.wordlists import frequency_dict

    assert frequency_dict(lang, "small") == get_frequency_dict(lang, "small")
