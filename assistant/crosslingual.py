"""Cross-lingual retrieval helpers: a script-bridging lexical leg and per-language calibration.

e5-small scores a passage in the question's own language higher than an equally relevant
one in the other language, so in a mixed English/Russian corpus the other language is
crowded out by script alone (XQuAD, answer only in the other language: hybrid R@1 .27/.18).
The remedies live here (measured in evals/xquad.py, see the README's table):

- `bridge_tokens`: names, numbers and international words written in either script reduced
  to one Latin consonant skeleton (Байден / Biden -> "bdn", Аллена / Allen -> "ln"), so a BM25
  leg can match them across scripts. Russian words are stemmed first (inflection), English
  ones are not (Porter mangles names). Cyrillic is romanised with `anyascii` (ISC licence).
- `BridgeIndex.overlap` / `merge_keys`: the languages' candidate lists are merged on
  `cosine + evidence`, where a passage in the question's language earns the IDF-weighted share
  of the question's terms it contains, and one in another language earns a fixed offset for
  e5's script bias plus its share of the question's bridge tokens. Overlap shares are absolute
  (0..1 of *this* question), so they stay comparable across languages and pool sizes, unlike
  min-max or z-scores over each language's own list.
- `calibrated_keys` (the z-score merge, kept for comparison): each language's candidates are
  ranked on their own (fused) scores, then every rank takes the z-score of the dense cosine at
  that rank *within its language's own candidate list*; the lists are merged on those. A
  language whose best passage stands out from its own background wins, whatever its script's
  raw cosine level.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

import bm25s
import numpy as np
from anyascii import anyascii

from .text import _STOPWORDS, stem_terms

_TOKEN = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
# Applied in order to the romanised, lower-cased word: Russian and English spellings of one
# name converge (дж/j, х/kh/h, ц/ts, з/s); vowels and doubled letters are dropped afterwards.
_REWRITES = (("shch", "sh"), ("sch", "sh"), ("tch", "ch"), ("dzh", "j"), ("zh", "j"), ("kh", "h"),
             ("ph", "f"), ("th", "t"), ("ck", "k"), ("ch", "4"), ("x", "ks"), ("q", "k"), ("w", "v"),
             ("c", "k"), ("z", "s"), ("h", ""))
_VOWELS = re.compile(r"[aeiouy]")
_NOT_ALNUM = re.compile(r"[^a-z0-9]")
_DOUBLES = re.compile(r"(.)\1+")
# Russian case endings that end in a consonant (vowel endings vanish in the skeleton). Not -ов/-ев:
# they end surnames (Токаев).
_RU_ENDINGS = ("ами", "ями", "ыми", "ими", "ом", "ем", "ой", "ей", "ам", "ям", "ах", "ях", "ым", "им")
SKELETON_WIDTH = 4
"""Consonants kept: enough to tell names apart, short enough to absorb endings (Пэнтерс/Panthers)."""


def skeleton(word: str) -> str:
    """Latin consonant skeleton of one (already stemmed) word, at most SKELETON_WIDTH letters."""
    w = anyascii(word).lower()
    for old, new in _REWRITES:
        w = w.replace(old, new)
    w = _DOUBLES.sub(r"\1", _NOT_ALNUM.sub("", _VOWELS.sub("", w)))
    return w[:SKELETON_WIDTH]


def bridge_tokens(text: str) -> list[str]:
    """Script-neutral tokens of a text: `#digits` for numbers, consonant skeletons for words.
    Stopwords and skeletons shorter than two letters carry no evidence and are dropped."""
    out: list[str] = []
    for match in _TOKEN.finditer(text):
        word = match.group().lower().replace("ё", "е")
        if any(ch.isdigit() for ch in word):
            digits = "".join(ch for ch in word if ch.isdigit())
            out.append("#" + digits)
            continue
        if word in _STOPWORDS:
            continue
        if not word.isascii():
            word = next((word[:-len(e)] for e in _RU_ENDINGS if word.endswith(e) and len(word) - len(e) >= 4), word)
        sk = skeleton(word)
        if len(sk) >= 2:
            out.append(sk)
    return out


class BridgeIndex:
    """Per index generation, built in memory on first use (about a second per thousand chunks,
    so the ingest format does not change): BM25 over `bridge_tokens` of every chunk, and each
    chunk's term and bridge-token sets with their IDFs for `overlap`."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.size = len(texts)
        tokens = [bridge_tokens(t) for t in texts]
        self._bm25: bm25s.BM25 | None = None
        if tokens:
            self._bm25 = bm25s.BM25()
            self._bm25.index([t or ["\u2205"] for t in tokens], show_progress=False)  # one token per doc at least
        self._sets = {"terms": [frozenset(stem_terms(t)) for t in texts], "bridge": [frozenset(t) for t in tokens]}
        self._idf = {kind: _idf(sets) for kind, sets in self._sets.items()}

    def overlap(self, kind: str, query_tokens: Sequence[str], positions: Sequence[int]) -> list[float]:
        """IDF-weighted share (0..1) of the query's distinct `kind` tokens ("terms": stemmed words,
        "bridge": bridge tokens) found in each chunk; a token the corpus lacks counts as rarest."""
        idf, sets = self._idf[kind], self._sets[kind]
        rarest = math.log(1 + (self.size + 0.5) / 0.5)
        weights = {t: idf.get(t, rarest) for t in set(query_tokens)}
        total = sum(weights.values())
        if not total:
            return [0.0] * len(positions)
        return [sum(w for t, w in weights.items() if t in sets[i]) / total for i in positions]

    def scores(self, query: str) -> np.ndarray:
        terms = bridge_tokens(query)
        if self._bm25 is None or not terms:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(terms), dtype=np.float32)


def _idf(sets: Sequence[frozenset[str]]) -> dict[str, float]:
    frequency: Counter[str] = Counter()
    for tokens in sets:
        frequency.update(tokens)
    n = len(sets)
    return {t: math.log(1 + (n - df + 0.5) / (df + 0.5)) for t, df in frequency.items()}


def merge_keys(dense: dict[str, float], overlap: dict[str, float], same_language: bool, offset: float,
               overlap_weight: float) -> dict[str, float]:
    """Merge keys for one language's candidates: cosine + overlap_weight * overlap share, plus
    `offset` in another language than the question's. A candidate found only by a lexical leg
    takes the list's lowest cosine (it ranked below every dense candidate)."""
    floor = min(dense.values()) if dense else 0.0
    extra = 0.0 if same_language else offset
    return {cid: dense.get(cid, floor) + extra + overlap_weight * share for cid, share in overlap.items()}


def calibrated_keys(order: Sequence[str], dense: dict[str, float]) -> dict[str, float]:
    """Merge keys for one language's candidates, already in that language's fused order.

    Rank r gets the r-th highest z-score of the dense cosines in this language's list (mean and
    spread of that list), so the merge across languages compares how far each language's best
    passages stand out, not raw cosines. Ranks past the dense list (lexical-only finds) step
    down below its lowest z."""
    values = np.array(sorted(dense.values(), reverse=True), dtype=np.float64)
    if len(values) == 0:
        return {cid: -float(rank + 1) for rank, cid in enumerate(order)}
    spread = float(values.std())
    z = (values - values.mean()) / spread if spread > 1e-6 else np.zeros_like(values)
    keys: dict[str, float] = {}
    for rank, cid in enumerate(order):
        keys[cid] = float(z[rank]) if rank < len(z) else float(z[-1]) - 0.01 * (rank - len(z) + 1)
    return keys
