"""An English-Russian lexicon of word stems, so a question's ordinary words find a sentence in the
other language: "championship" finds "чемпионате", "команда" finds "team". (Induced, not a
dictionary: rarer words are missing or paired with look-alikes, so it feeds one feature the scorer
weighs on its own.)

e5 embeds a lone word close to its translation. The lexicon was induced once from that, offline
(`python -m evals build-lexicon`): wordfreq's most frequent English and Russian words, each
embedded by the bundled e5, paired with their nearest neighbours in the other language (CSLS, each
language's mean removed, a cosine floor), and kept as Snowball stems both ways. It ships as data
(`lexicon-en-ru.json.gz`), so every machine reads the same pairs whatever its CPU's floats.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from pathlib import Path

from ..core.errors import ConfigError

LEXICON_FILE = Path(__file__).with_name("lexicon-en-ru.json.gz")


@lru_cache(maxsize=1)
def lexicon() -> dict[str, frozenset[str]]:
    """Stem -> the other language's stems it translates to (English and Russian stems are told
    apart by their script, so one table serves both directions)."""
    try:
        with gzip.open(LEXICON_FILE, "rt", encoding="utf-8") as handle:
            raw: dict[str, list[str]] = json.load(handle)
        return {stem: frozenset(others) for stem, others in raw.items()}
    except (OSError, EOFError, ValueError, AttributeError, TypeError) as error:  # missing, cut short, not gzip/JSON
        raise ConfigError(f"The English-Russian lexicon {LEXICON_FILE.name} is missing or damaged ({error}).",
                          hint="Reinstall the package (make install), or rebuild it: "
                               "python -m evals build-lexicon.") from error


def translations(stem: str) -> frozenset[str]:
    return lexicon().get(stem, frozenset())
