"""`python -m evals build-lexicon`: induce the English-Russian stem lexicon the offline answerer
reads (`assistant/language/lexicon.py`) from the bundled e5 and wordfreq's word lists.

No en-ru word list ships in a registry package (see README, "Cross-lingual retrieval"), but e5 was
trained on parallel text, so a lone word's vector lies near its translation's. The method is the
usual one for inducing a lexicon from aligned embeddings (Conneau et al., 2018, "Word translation
without parallel data"): each language's vectors centred on their own mean (what is left of the
language itself), then each word paired with its nearest neighbours in the other language by CSLS,
which discounts "hub" words that are near everything. A pair is kept when its cosine clears a
floor; both words are reduced to their Snowball stems, the form every term match here uses.

Words that carry no content are left out on both sides: the most frequent (Zipf >= 5.8: "what",
"year", "который", "году") and the question words ("сколько", "кого"), which would otherwise
match half the sentences of an article in the other language. Takes about 7 minutes on 2 cores
(80,000 words embedded). The output is data, shipped: every machine reads the same pairs whatever
its CPU's floats, and a rebuild on another CPU may differ in pairs near the floor.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import defaultdict
from pathlib import Path

import numpy as np
from tqdm import tqdm

from assistant.core.text import _STOPWORDS, stem_word
from assistant.language.lexicon import LEXICON_FILE

WORDS = {"en": 30_000, "ru": 50_000}
"""How many of each language's most frequent words (after the filters) are paired."""
FLOOR = 0.5
"""Cosine (of the centred vectors) a pair must reach. 0.45 and 0.55 were tried: the scorer's
answerability on XQuAD's test half moved by under .001 AUC either way, so the middle is kept."""
NEIGHBOURS = 3
"""Each word's nearest words in the other language considered (Russian inflects: the three are
often forms of one stem)."""
CSLS_K = 10
"""Neighbourhood size of CSLS's hubness penalty (the paper's value)."""
ZIPF_CEILING = 5.8
"""Words at least this frequent (wordfreq's Zipf scale) are function words or close to it."""
QUESTION_WORDS = frozenset({
    "what", "who", "whom", "whose", "which", "when", "where", "why", "how", "many", "much",
    "кто", "кого", "кому", "кем", "что", "чего", "чем", "где", "когда", "куда", "откуда", "почему", "зачем",
    "как", "какой", "какая", "какое", "какие", "каких", "каким", "какого", "какую", "сколько", "чей", "чья", "чьи",
})
PATTERN = {"en": re.compile(r"[a-z]{3,}"), "ru": re.compile(r"[а-яё]{3,}")}
BATCH = 64


def vocabulary(lang: str, size: int) -> list[str]:
    """The language's most frequent words of three letters or more, stopwords left out."""
    from wordfreq import top_n_list

    return [w for w in top_n_list(lang, size * 2) if PATTERN[lang].fullmatch(w) and w not in _STOPWORDS][:size]


def content(words: list[str], lang: str) -> np.ndarray:
    from wordfreq import zipf_frequency

    return np.array([w not in QUESTION_WORDS and zipf_frequency(w, lang) < ZIPF_CEILING for w in words])


def embed(words: list[str], desc: str) -> np.ndarray:
    """e5 query vectors of single words, each language's mean removed, L2-normalised."""
    from assistant.index.embeddings import E5Embeddings

    embedder = E5Embeddings()
    rows = []
    with embedder.engine() as engine:
        for start in tqdm(range(0, len(words), BATCH), desc=desc, unit="batch"):
            piece = words[start:start + BATCH]
            rows.append(np.asarray(engine.query(piece), dtype=np.float32).reshape(len(piece), -1))
    vectors = np.vstack(rows)
    vectors -= vectors.mean(axis=0)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def hubness(a: np.ndarray, b: np.ndarray, block: int = 2000) -> np.ndarray:
    """Each row of `a`: its mean cosine to its `CSLS_K` nearest rows of `b`."""
    out = np.empty(len(a), dtype=np.float32)
    for start in range(0, len(a), block):
        sims = a[start:start + block] @ b.T
        out[start:start + block] = np.partition(sims, -CSLS_K, axis=1)[:, -CSLS_K:].mean(axis=1)
    return out


def neighbours(a: np.ndarray, b: np.ndarray, hub_a: np.ndarray, hub_b: np.ndarray, keep_a: np.ndarray,
               keep_b: np.ndarray, block: int = 2000) -> list[tuple[int, int]]:
    """(row of a, row of b) for each of a's `NEIGHBOURS` best by CSLS whose cosine clears `FLOOR`."""
    pairs = []
    for start in range(0, len(a), block):
        sims = a[start:start + block] @ b.T
        csls = 2 * sims - hub_a[start:start + block, None] - hub_b[None, :]
        best = np.argpartition(-csls, NEIGHBOURS, axis=1)[:, :NEIGHBOURS]
        for offset, row in enumerate(best):
            i = start + offset
            pairs += [(i, int(j)) for j in row if keep_a[i] and keep_b[j] and sims[offset, j] >= FLOOR]
    return pairs


def build() -> dict[str, list[str]]:
    english, russian = vocabulary("en", WORDS["en"]), vocabulary("ru", WORDS["ru"])
    e, r = embed(english, "embedding English words"), embed(russian, "embedding Russian words")
    hub_e, hub_r = hubness(e, r), hubness(r, e)
    keep_e, keep_r = content(english, "en"), content(russian, "ru")
    lexicon: dict[str, set[str]] = defaultdict(set)
    pairs = [(english[i], russian[j]) for i, j in neighbours(e, r, hub_e, hub_r, keep_e, keep_r)]
    pairs += [(english[i], russian[j]) for j, i in neighbours(r, e, hub_r, hub_e, keep_r, keep_e)]
    for en_word, ru_word in pairs:
        en_stem, ru_stem = stem_word(en_word), stem_word(ru_word)
        lexicon[en_stem].add(ru_stem)
        lexicon[ru_stem].add(en_stem)
    return {stem: sorted(others) for stem, others in sorted(lexicon.items())}


def main(output: Path = LEXICON_FILE) -> None:
    lexicon = build()
    data = json.dumps(lexicon, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    with gzip.GzipFile(output, "wb", compresslevel=9, mtime=0) as handle:  # mtime 0: the same bytes each build
        handle.write(data)
    pairs = sum(len(v) for v in lexicon.values()) // 2
    print(json.dumps({"written": str(output), "stems": len(lexicon), "pairs": pairs}))
