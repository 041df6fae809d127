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
  min-max or z-scores over each language's own list (the z-score merge the benchmark compares
  lives in `evals/searchers.py`).
"""

from __future__ import annotations

import json
import math
import re
import zipfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import bm25s
import numpy as np
import orjson
from anyascii import anyascii

from ..core.text import _STOPWORDS, stem_terms
from .lexical import load_bm25
from .token_counts import TOKENS_VERSION, TokenCounts, bm25_from_counts

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


@lru_cache(maxsize=1 << 16)
def skeleton(word: str) -> str:
    """Latin consonant skeleton of one (already stemmed) word, at most SKELETON_WIDTH letters.
    Cached: words repeat, and romanising every occurrence was most of the bridge index's build time."""
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


class BridgeTokens(NamedTuple):
    """Per chunk, in chunk order: its bridge tokens with their counts, and its stemmed terms (a
    set: counts of 1). What a `BridgeIndex` is built from, and what a generation saves for the
    next ingest to take the kept chunks' rows from (`saved_bridge_tokens`)."""

    bridge: TokenCounts
    terms: TokenCounts

    @classmethod
    def of(cls, texts: Sequence[str]) -> "BridgeTokens":
        return cls(TokenCounts.of(bridge_tokens(text) for text in texts),
                   TokenCounts.of(set(stem_terms(text)) for text in texts))

    def take(self, rows: np.ndarray) -> "BridgeTokens":
        return BridgeTokens(self.bridge.take(rows), self.terms.take(rows))

    def pruned(self) -> "BridgeTokens":
        return BridgeTokens(self.bridge.pruned(), self.terms.pruned())

    def joined(self, other: "BridgeTokens") -> "BridgeTokens":
        return BridgeTokens(self.bridge.joined(other.bridge), self.terms.joined(other.terms))


class BridgeIndex:
    """Per index generation: BM25 over `bridge_tokens` of every chunk, and for `overlap` the
    document frequencies of chunk terms and bridge tokens plus each chunk's set of them (as token
    ids, CSR arrays). Built at ingest and saved with the generation (`save`/`load`): building it
    costs about a second per thousand chunks, and tokenising a question's ~80 candidates at
    question time 20-90 ms; a process answering over 100k passages must pay neither."""

    def __init__(self, texts: Sequence[str] = (), bm25: bm25s.BM25 | None = None,
                 frequency: dict[str, dict[str, int]] | None = None,
                 sets: dict[str, tuple[np.ndarray, np.ndarray]] | None = None, size: int | None = None,
                 tokens: BridgeTokens | None = None) -> None:
        """Built from `texts`, from their `tokens` (an ingest takes the kept chunks' tokens from
        the previous generation: tokenising is most of the build), or (`load`) from saved parts
        for `size` chunks."""
        self._tokens: BridgeTokens | None = None
        if frequency is None or sets is None:
            tokens = (BridgeTokens.of(texts) if tokens is None else tokens).pruned()
            size = len(tokens.bridge)
            bm25 = bm25_from_counts(tokens.bridge) if size else None
            frequency = {kind: dict(zip(counts.vocabulary, counts.frequency().tolist(), strict=True))
                         for kind, counts in zip(("terms", "bridge"), (tokens.terms, tokens.bridge), strict=True)}
            sets = {"terms": (tokens.terms.indptr, tokens.terms.indices),
                    "bridge": (tokens.bridge.indptr, tokens.bridge.indices)}
            self._tokens = tokens
        self.size = len(texts) if size is None else size
        self._bm25 = bm25
        self.frequency = frequency
        self._sets = sets
        self._ids = {kind: {t: i for i, t in enumerate(counts)} for kind, counts in frequency.items()}
        self._idf = {kind: _idf(counts, self.size) for kind, counts in frequency.items()}

    def overlap(self, kind: str, query_tokens: Sequence[str], positions: Sequence[int]) -> list[float]:
        """IDF-weighted share (0..1) of the query's distinct `kind` tokens ("terms": stemmed words,
        "bridge": bridge tokens) found in each chunk; a token the corpus lacks counts as rarest."""
        idf = self._idf[kind]
        rarest = math.log(1 + (self.size + 0.5) / 0.5)
        weights = {t: idf.get(t, rarest) for t in set(query_tokens)}
        total = math.fsum(weights.values())
        if not total:
            return [0.0] * len(positions)
        ids = self._ids[kind]
        wanted = [(ids.get(t, -1), w) for t, w in weights.items()]  # -1: in no chunk
        indptr, indices = self._sets[kind]
        shares = []
        for i in positions:
            present = set(indices[indptr[i]: indptr[i + 1]].tolist())
            shares.append(math.fsum(w for token, w in wanted if token in present) / total)
        return shares

    def scores(self, query: str) -> np.ndarray:
        terms = bridge_tokens(query)
        if self._bm25 is None or not terms:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(terms), dtype=np.float32)

    def save(self, directory: Path) -> None:
        """The BM25 index in `directory/bridge`, the frequencies in `BRIDGE_STATS` (their order
        numbers the tokens), the chunks' token sets and bridge counts in `TOKEN_SETS`."""
        if self._bm25 is not None:
            self._bm25.save(str(directory / "bridge"))
        with open(directory / BRIDGE_STATS, "w", encoding="utf-8") as handle:
            json.dump({"size": self.size, "tokens": TOKENS_VERSION, **self.frequency}, handle, ensure_ascii=False)
        arrays: dict[str, Any] = {f"{kind}_{part}": array for kind, pair in self._sets.items()
                                  for part, array in zip(("indptr", "indices"), pair, strict=True)}
        if self._tokens is not None:
            arrays[BRIDGE_COUNTS] = self._tokens.bridge.counts
        np.savez(directory / TOKEN_SETS, **arrays)

    @classmethod
    def load(cls, directory: Path, size: int) -> "BridgeIndex | None":
        """The saved index of a generation, or None when its files are missing (the snapshot calls that damage)."""
        try:
            stats, arrays = _read_token_files(directory, size, _SET_ARRAYS)
        except FileNotFoundError:
            return None
        bm25 = load_bm25(directory / "bridge", size) if size else None
        sets = _checked_sets(arrays, stats, size)
        return cls((), bm25, {"terms": stats["terms"], "bridge": stats["bridge"]}, sets, size=size)


_SET_ARRAYS = ("terms_indptr", "terms_indices", "bridge_indptr", "bridge_indices")


def _read_token_files(directory: Path, size: int, names: Sequence[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The generation's token statistics and the token arrays `names`, as saved for `size` chunks
    (ValueError if they describe another number)."""
    stats = orjson.loads((directory / BRIDGE_STATS).read_bytes())
    with open(directory / TOKEN_SETS, "rb") as handle:  # closed even when numpy's zip reader fails
        with np.load(handle) as npz:
            arrays = {name: npz[name] for name in names}
    if stats.get("size") != size:
        raise ValueError(f"{BRIDGE_STATS} describes {stats.get('size')} chunks, the generation has {size}")
    return stats, arrays


def _checked_sets(arrays: dict[str, Any], stats: dict[str, Any], size: int) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The saved CSR token sets, each checked to fit the chunks and the vocabulary (ValueError if not)."""
    sets = {kind: (arrays[f"{kind}_indptr"], arrays[f"{kind}_indices"]) for kind in ("terms", "bridge")}
    for kind, (indptr, indices) in sets.items():
        if indptr.shape != (size + 1,) or indices.ndim != 1 or indptr.dtype.kind not in "iu" \
                or indices.dtype.kind not in "iu" or indptr[-1] != len(indices) or np.any(np.diff(indptr) < 0) \
                or (len(indices) and (indices.min() < 0 or indices.max() >= len(stats[kind]))):
            raise ValueError(f"{TOKEN_SETS} does not fit the generation ({kind})")
    return sets


BRIDGE_STATS = "term_stats.json"
TOKEN_SETS = "token_sets.npz"
BRIDGE_COUNTS = "bridge_counts"
"""Array in `TOKEN_SETS`: how often each chunk holds each of its bridge tokens (aligned with the
bridge set's indices), so a later generation can rebuild the BM25 leg without tokenising again."""


def saved_bridge_tokens(directory: Path | None, size: int) -> BridgeTokens | None:
    """The chunks' tokens as the generation in `directory` (holding `size` chunks) saved them, or
    None when there are none to trust (no generation, written by another tokens version or before
    the counts were kept, unreadable, or not fitting): then every chunk is tokenised again, which
    is only slower. Reads only the token arrays, not the BM25 index."""
    if directory is None:
        return None
    try:
        stats, arrays = _read_token_files(directory, size, (*_SET_ARRAYS, BRIDGE_COUNTS))
        if stats.get("tokens") != TOKENS_VERSION:
            raise ValueError(f"{BRIDGE_STATS}: tokens of another version ({stats.get('tokens')})")
        terms = TokenCounts.checked(list(stats["terms"]), arrays["terms_indptr"], arrays["terms_indices"],
                                    np.ones_like(arrays["terms_indices"]), size)
        bridge = TokenCounts.checked(list(stats["bridge"]), arrays["bridge_indptr"], arrays["bridge_indices"],
                                     arrays[BRIDGE_COUNTS], size)
        return BridgeTokens(bridge, terms)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, zipfile.BadZipFile, orjson.JSONDecodeError):
        return None


def _idf(frequency: dict[str, int], n: int) -> dict[str, float]:
    return {t: math.log(1 + (n - df + 0.5) / (df + 0.5)) for t, df in frequency.items()}


def merge_keys(dense: dict[str, float], overlap: dict[str, float], same_language: bool, offset: float,
               overlap_weight: float) -> dict[str, float]:
    """Merge keys for one language's candidates: cosine + overlap_weight * overlap share, plus
    `offset` in another language than the question's. A candidate found only by a lexical leg
    takes the list's lowest cosine (it ranked below every dense candidate)."""
    floor = min(dense.values()) if dense else 0.0
    extra = 0.0 if same_language else offset
    return {cid: dense.get(cid, floor) + extra + overlap_weight * share for cid, share in overlap.items()}
