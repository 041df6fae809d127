"""Cross-lingual retrieval: the script-bridging leg, the per-language calibration, and the
language-balanced searcher on the bundled (English + Russian) corpus."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.language.crosslingual import (
    BRIDGE_COUNTS,
    TOKEN_SETS,
    BridgeIndex,
    BridgeTokens,
    bridge_tokens,
    saved_bridge_tokens,
    skeleton,
)
from assistant.retrieval.search import HybridSearcher, SearchFilters
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


BRIDGE_TEXTS = ["Лама прошёл практики пховы, пховы и снова пховы.", "Президент США Джо Байден в 2023 году.",
                "Погода.", "President Biden met Tokayev in 2023; Biden spoke twice.", ""]
BRIDGE_QUESTIONS = ["What did President Biden do in 2023?", "пхова Байден", "Tokayev"]


def _rows_kept_and_fresh(saved: BridgeTokens, texts: list[str], keep: set[int]) -> BridgeTokens:
    """What an ingest assembles: the kept chunks' saved rows and the others tokenised, in chunk order."""
    changed = [i for i in range(len(texts)) if i not in keep]
    source = saved.joined(BridgeTokens.of([texts[i] for i in changed]))
    return source.take(np.array([i if i in keep else len(saved.bridge) + changed.index(i) for i in range(len(texts))]))


def test_a_rebuild_from_saved_tokens_scores_as_one_from_the_texts(tmp_path: Path) -> None:
    BridgeIndex(BRIDGE_TEXTS).save(tmp_path)
    saved = saved_bridge_tokens(tmp_path, len(BRIDGE_TEXTS))
    assert saved is not None
    changed_text = "Токаев и Макрон в 2024 году."  # Biden's chunk replaced: his tokens leave the index
    for keep, texts in ((set(range(len(BRIDGE_TEXTS))), BRIDGE_TEXTS), ({0, 3}, BRIDGE_TEXTS),
                        ({0, 2, 3, 4}, [BRIDGE_TEXTS[0], changed_text, *BRIDGE_TEXTS[2:]])):
        fresh = BridgeIndex(texts)
        rebuilt = BridgeIndex(tokens=_rows_kept_and_fresh(saved, texts, keep))
        assert rebuilt.frequency == fresh.frequency and rebuilt.size == fresh.size
        for question in BRIDGE_QUESTIONS:
            assert np.array_equal(rebuilt.scores(question), fresh.scores(question))
            for kind, tokens in (("bridge", bridge_tokens(question)), ("terms", question.lower().split())):
                every = range(len(texts))
                assert rebuilt.overlap(kind, tokens, every) == fresh.overlap(kind, tokens, every)
        assert fresh.scores(BRIDGE_QUESTIONS[0]).any()
    assert fresh.frequency["bridge"]["bdn"] == 1 and BridgeIndex(BRIDGE_TEXTS).frequency["bridge"]["bdn"] == 2


def test_saved_tokens_that_cannot_be_trusted_are_not_used(tmp_path: Path) -> None:
    BridgeIndex(BRIDGE_TEXTS).save(tmp_path)
    assert saved_bridge_tokens(tmp_path, len(BRIDGE_TEXTS)) is not None
    assert saved_bridge_tokens(tmp_path, len(BRIDGE_TEXTS) + 1) is None  # another generation's size
    assert saved_bridge_tokens(None, 0) is None
    with np.load(tmp_path / TOKEN_SETS) as npz:
        arrays = {name: npz[name] for name in npz.files}
    np.savez(tmp_path / TOKEN_SETS, **{**arrays, BRIDGE_COUNTS: np.zeros_like(arrays[BRIDGE_COUNTS])})
    assert saved_bridge_tokens(tmp_path, len(BRIDGE_TEXTS)) is None  # counts of zero: damaged
    np.savez(tmp_path / TOKEN_SETS, **{k: v for k, v in arrays.items() if k != BRIDGE_COUNTS})
    assert saved_bridge_tokens(tmp_path, len(BRIDGE_TEXTS)) is None  # written before the counts were kept
    (tmp_path / TOKEN_SETS).write_bytes(b"not a zip")
    assert saved_bridge_tokens(tmp_path, len(BRIDGE_TEXTS)) is None


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
