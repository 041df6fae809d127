"""An answer's scores do not depend on the process's hash seed: the same question over the same
index gives the same `evidence` to the last digit on every run (the scorer's features sum over
sets of terms, whose order PYTHONHASHSEED sets)."""

from __future__ import annotations

import os
import subprocess
import sys

_SCRIPT = r"""
import types, numpy as np
from assistant.answer.extractive import Candidate, _score_term_overlap
terms = [f"term{i}" for i in range(40)]
idf = {t: 1 / (3 + i) + 10.0 ** (i % 7 - 3) for i, t in enumerate(terms)}
hit = types.SimpleNamespace(article=types.SimpleNamespace(id="a"))
found = [Candidate(hit=hit, start=0, end=1, text=" ".join(terms[k::3]), vector=np.zeros(1)) for k in range(3)]
_score_term_overlap(found, set(terms), lambda t: idf.get(t, 1.0))
print([(c.lexical.hex(), c.distinct.hex(), c.uncovered.hex()) for c in found])
"""


def _scores(seed: int) -> str:
    env = {**os.environ, "PYTHONHASHSEED": str(seed)}
    done = subprocess.run([sys.executable, "-c", _SCRIPT], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_term_overlap_is_the_same_under_every_hash_seed() -> None:
    runs = {_scores(seed) for seed in range(4)}
    assert len(runs) == 1, f"the features moved with the hash seed: {runs}"
