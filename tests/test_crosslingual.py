"""Cross-lingual retrieval: the script-bridging leg, the per-language calibration, and the
language-balanced searcher on the bundled (English + Russian) corpus."""

from __future__ import annotations

import pytest

from assistant.crosslingual import BridgeIndex, bridge_tokens, skeleton
from assistant.search import HybridSearcher, SearchFilters
from evals.searchers import BenchSearcher, calibrated_keys

MINERALS_RU = "004_5f9d832c174a2bb2.txt"


@pytest.mark.parametrize(("latin", "cyrillic"), [("Biden", "Байден"), ("Allen", "Аллена"), ("Jared", "Джареда"),
                                                 ("Tokayev", "Токаеву"), ("minerals", "минералам"),
                                                 ("president", "президент"), ("Panthers", "Пэнтерс")])
def test_names_and_international_words_meet_across_scripts(latin: str, cyrillic: str) -> None:
    assert bridge_tokens(latin) == bridge_tokens(cyrillic) != []


def test_bridge_tokens_keep_numbers_and_drop_stopwords() -> None:
    assert bridge_tokens("In 1776 the") == ["#1776"]
    assert bridge_tokens("в 1776 году") == ["#1776", skeleton("год")]
    assert "sklk" not in bridge_tokens("How many points")  # English stopwords carry nothing


def test_bridge_index_finds_the_russian_text_for_an_english_name() -> None:
    index = BridgeIndex(["Лама прошёл практики пховы.", "Президент США Джо Байден в 2023 году.", "Погода."])
    scores = index.scores("What did President Biden do in 2023?")
    assert scores.argmax() == 1 and scores[0] == 0 and scores[2] == 0


def test_calibration_lets_the_language_whose_best_stands_out_win() -> None:
    # English: one flat list (no passage stands out) at high raw cosines; Russian: lower raw
    # cosines (script bias) but one passage far above its own background.
    en = {f"en{i}": 0.86 - 0.002 * i for i in range(10)}
    ru = {"ru0": 0.84, **{f"ru{i}": 0.78 - 0.002 * i for i in range(1, 10)}}
    keys = {**calibrated_keys(list(en), en), **calibrated_keys(list(ru), ru)}
    assert max(keys, key=lambda c: keys[c]) == "ru0"
    assert max(en.values()) > max(ru.values())  # raw cosines would have picked English


def test_calibration_follows_the_fused_order_within_a_language() -> None:
    dense = {"a": 0.9, "b": 0.8, "c": 0.7}
    keys = calibrated_keys(["c", "a", "b", "lexical-only"], dense)  # fused order differs from dense
    assert sorted(keys, key=lambda c: keys[c], reverse=True) == ["c", "a", "b", "lexical-only"]



def test_english_question_finds_the_russian_only_article_first(searcher: HybridSearcher) -> None:
    hits = searcher.search("Who initiated the Critical Minerals Dialogue with Central Asia?", 5)
    assert hits[0].article.id == MINERALS_RU, [(h.article.id, round(h.score, 3), h.legs) for h in hits]
    assert hits[0].article.lang == "ru" and hits[0].score == pytest.approx(1.0)
    assert all(0.0 <= h.score <= 1.0 for h in hits)


def test_filters_hold_in_every_leg(searcher: HybridSearcher) -> None:
    question = "Who initiated the Critical Minerals Dialogue with Central Asia?"
    only_ru = searcher.search(question, 10, SearchFilters(languages=("ru",)))
    assert only_ru and {h.article.lang for h in only_ru} == {"ru"}
    assert any("bridge" in h.legs for h in only_ru)
    without = searcher.search(question, 20, SearchFilters(exclude_articles=(MINERALS_RU,)))
    assert without and MINERALS_RU not in {h.article.id for h in without}
    us = searcher.search(question, 20, SearchFilters(countries=("US",)))
    assert us and {h.article.id for h in us} <= {"000_19ae565fc95b50e5.txt", "002_d2e43f08deb5a06a.txt", MINERALS_RU}
    dated = searcher.search(question, 20, SearchFilters(date_from="2015-01-01", date_to="2015-12-31"))
    assert {h.article.id for h in dated} == {"002_d2e43f08deb5a06a.txt"}


def test_one_language_in_play_gives_the_plain_fused_ranking(searcher: HybridSearcher, embedder) -> None:
    plain = BenchSearcher(searcher.store, embedder, language_merge="global")
    for question, lang in (("Estonia trade 2023", "en"), ("сотрудничество в области науки", "ru")):
        filters = SearchFilters(languages=(lang,))
        got = [(h.chunk.id, round(h.score, 6)) for h in searcher.search(question, 8, filters)]
        assert got == [(h.chunk.id, round(h.score, 6)) for h in plain.search(question, 8, filters)]
