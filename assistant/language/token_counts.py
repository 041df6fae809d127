"""Each chunk's tokens and how often it holds them, as arrays: what the BM25 legs and the overlap
sets are built from, saved with a generation so the next ingest builds its indexes from them.

Why arrays: a one-file re-ingest keeps almost every chunk, and rebuilding its BM25 indexes meant
stemming every kept chunk again (7 s at 100k passages) and decoding every saved token back into
Python strings (3 s). Kept rows are now taken from the previous generation's arrays and fresh
rows appended, all in numpy (`joined`, `take`, `pruned`), and the BM25 matrix is computed from
the counts directly (`bm25_from_counts`, the same floats bm25s computes from token lists).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np
import orjson

TOKENS_VERSION = 1
"""Bump when `crosslingual.bridge_tokens` or `text.stem_terms` change what they return: a
generation's saved tokens are reused by the next ingest only when written by the same version."""
EMPTY = "\u2205"
"""The token a BM25 leg gives a chunk without any (bm25s needs one per document)."""


@dataclass(frozen=True, eq=False)  # arrays: equality would be ambiguous, identity is what is meant
class TokenCounts:
    """Per row (chunk), its distinct tokens as ids into `vocabulary` and how often it holds each:
    row i is `indices[indptr[i]:indptr[i + 1]]` with `counts` alongside (CSR)."""

    vocabulary: list[str]
    indptr: np.ndarray
    indices: np.ndarray
    counts: np.ndarray

    @classmethod
    def of(cls, rows: Iterable[Iterable[str]]) -> "TokenCounts":
        """From each row's tokens (repeats are counted)."""
        ids: dict[str, int] = {}
        lengths: list[int] = []
        indices: list[int] = []
        counts: list[int] = []
        for tokens in rows:
            counted = Counter(tokens)
            lengths.append(len(counted))
            for token, count in counted.items():
                indices.append(ids.setdefault(token, len(ids)))
                counts.append(count)
        indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        return cls(list(ids), indptr, np.array(indices, dtype=np.int32), np.array(counts, dtype=np.int32))

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def row(self, i: int) -> dict[str, int]:
        start, end = int(self.indptr[i]), int(self.indptr[i + 1])
        return {self.vocabulary[t]: n for t, n in zip(self.indices[start:end].tolist(),
                                                      self.counts[start:end].tolist(), strict=True)}

    def frequency(self) -> np.ndarray:
        """How many rows hold each token of the vocabulary."""
        return np.bincount(self.indices, minlength=len(self.vocabulary))

    def take(self, rows: np.ndarray) -> "TokenCounts":
        """These rows, in this order (same vocabulary)."""
        rows = np.asarray(rows, dtype=np.int64)
        starts, ends = self.indptr[rows], self.indptr[rows + 1]
        lengths = ends - starts
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        # the source position of every output entry: its row's start plus its place in the row
        gather = np.repeat(starts - indptr[:-1], lengths) + np.arange(int(indptr[-1]), dtype=np.int64)
        return TokenCounts(self.vocabulary, indptr, self.indices[gather], self.counts[gather])

    def joined(self, other: "TokenCounts") -> "TokenCounts":
        """This one's rows, then `other`'s, over one vocabulary (this one's, then `other`'s new tokens)."""
        ids = {token: i for i, token in enumerate(self.vocabulary)}
        vocabulary = list(self.vocabulary)
        remap = np.empty(len(other.vocabulary), dtype=np.int32)
        for i, token in enumerate(other.vocabulary):
            if token not in ids:
                ids[token] = len(vocabulary)
                vocabulary.append(token)
            remap[i] = ids[token]
        indptr = np.concatenate([self.indptr, other.indptr[1:] + self.indptr[-1]])
        return TokenCounts(vocabulary, indptr, np.concatenate([self.indices, remap[other.indices]]),
                           np.concatenate([self.counts, other.counts]))

    def pruned(self) -> "TokenCounts":
        """The same rows over only the tokens some row holds (a kept generation's vocabulary
        still names the tokens of the chunks that were replaced)."""
        used = self.frequency() > 0
        if used.all():
            return self
        new_id = np.cumsum(used, dtype=np.int64) - 1
        vocabulary = [token for token, keep in zip(self.vocabulary, used.tolist(), strict=True) if keep]
        return TokenCounts(vocabulary, self.indptr, new_id[self.indices].astype(np.int32), self.counts)

    def save(self, path: Path) -> None:
        """Arrays in `path` (.npz); the vocabulary and `TOKENS_VERSION` beside it (.json)."""
        np.savez(path, indptr=self.indptr, indices=self.indices, counts=self.counts)
        path.with_suffix(".json").write_bytes(orjson.dumps({"tokens": TOKENS_VERSION, "vocabulary": self.vocabulary}))

    @classmethod
    def load(cls, path: Path, rows: int) -> "TokenCounts":
        """As `save` wrote them for `rows` rows; ValueError when they do not fit together or
        were written by another tokens version."""
        meta = orjson.loads(path.with_suffix(".json").read_bytes())
        if not isinstance(meta, dict) or meta.get("tokens") != TOKENS_VERSION:
            raise ValueError("tokens of another version")
        with open(path, "rb") as handle, np.load(handle) as npz:
            indptr, indices, counts = npz["indptr"], npz["indices"], npz["counts"]
        return cls.checked(meta.get("vocabulary"), indptr, indices, counts, rows)

    @classmethod
    def checked(cls, vocabulary: object, indptr: np.ndarray, indices: np.ndarray, counts: np.ndarray,
                rows: int) -> "TokenCounts":
        if not (isinstance(vocabulary, list) and all(type(t) is str for t in vocabulary)):
            raise ValueError("a vocabulary that is not a list of tokens")
        if indptr.shape != (rows + 1,) or indptr.dtype.kind not in "iu" or indptr[0] != 0 \
                or np.any(np.diff(indptr) < 0) or indptr[-1] != len(indices) or indices.ndim != 1 \
                or indices.dtype.kind not in "iu" or counts.shape != indices.shape or counts.dtype.kind not in "iu" \
                or (len(indices) and (indices.min() < 0 or indices.max() >= len(vocabulary) or counts.min() < 1)):
            raise ValueError("token arrays that do not fit the rows or the vocabulary")
        return cls(vocabulary, indptr.astype(np.int64), indices.astype(np.int32), counts.astype(np.int32))


def bm25_from_counts(tokens: TokenCounts) -> bm25s.BM25:
    """The bm25s index (its defaults: Lucene BM25, k1 1.5, b 0.75) of rows holding these tokens,
    a row without any holding `EMPTY` once, as `bm25s.BM25().index(token lists)` builds it: the
    same float64 arithmetic per entry, rounded to float32 (tested equal), without a Python loop
    over the documents."""
    bm25 = bm25s.BM25()
    n_docs = len(tokens)
    lengths = np.diff(tokens.indptr)
    rows = np.repeat(np.arange(n_docs, dtype=np.int64), lengths)
    indices, counts, vocabulary = tokens.indices, tokens.counts, tokens.vocabulary
    empty = np.flatnonzero(lengths == 0)
    if len(empty):  # entries need not be in row order: the matrix is built from (row, token) pairs
        if EMPTY not in vocabulary:
            vocabulary = [*vocabulary, EMPTY]
        rows = np.concatenate([rows, empty])
        indices = np.concatenate([indices, np.full(len(empty), vocabulary.index(EMPTY), dtype=np.int32)])
        counts = np.concatenate([counts, np.ones(len(empty), dtype=np.int32)])
    doc_len = np.bincount(rows, weights=counts, minlength=n_docs).astype(np.int64)
    avg_doc_len = doc_len.mean()
    frequency = np.bincount(indices, minlength=len(vocabulary))
    idf = np.array([math.log(1 + (n_docs - df + 0.5) / (df + 0.5)) if df else 0.0 for df in frequency.tolist()],
                   dtype=np.float32)
    tf = counts.astype(np.float32).astype(np.float64)
    scores = (idf[indices].astype(np.float64)
              * (tf / (bm25.k1 * ((1 - bm25.b) + bm25.b * doc_len[rows] / avg_doc_len) + tf))).astype(np.float32)
    # the matrix in CSC form, tokens by documents, as bm25s keeps it (numpy only: scipy is not a dependency)
    order = np.lexsort((rows, indices))
    indptr = np.zeros(len(vocabulary) + 1, dtype=np.int64)
    np.cumsum(np.bincount(indices, minlength=len(vocabulary)), out=indptr[1:])
    bm25.scores = {"data": scores[order], "indices": rows[order].astype(np.int32), "indptr": indptr,
                   "num_docs": n_docs}
    bm25.vocab_dict = {token: i for i, token in enumerate(vocabulary)}
    if "" not in bm25.vocab_dict:  # as bm25s adds it
        bm25.vocab_dict[""] = len(vocabulary)
    bm25.unique_token_ids_set = set(bm25.vocab_dict.values())
    bm25.nonoccurrence_array = None
    return bm25
