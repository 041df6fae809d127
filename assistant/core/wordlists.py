"""wordfreq's word lists, read without importing wordfreq.

Why: `import wordfreq` pulls in ftfy, langcodes and regex, about 0.3 s, and the extractive
answerer needs wordfreq's "small" lists on the first capitalised word of nearly every question, so
a cold `assistant ask` paid it every time. The lists are plain files in the wordfreq wheel in its
documented "cBpack" format (gzipped msgpack: a header, then one list of words per centibel of
frequency, most frequent first); reading one takes tens of milliseconds. Where the file or its
header is not as expected (another wordfreq release), wordfreq itself reads it.
`tests/test_logic.py` checks the result equals `wordfreq.get_frequency_dict`.
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

import msgpack

from .errors import ConfigError


def _wordlist_file(lang: str, wordlist: str) -> Path | None:
    """The list's file inside the installed wordfreq package (found without importing it)."""
    spec = find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / f"{wordlist}_{lang}.msgpack.gz"
    return path if path.is_file() else None


@lru_cache(maxsize=4)
def frequency_dict(lang: str, wordlist: str = "small") -> dict[str, float]:
    """{word: frequency (0..1)} of wordfreq's `wordlist` for `lang` (an exact code such as "en"
    or "ru"): what `wordfreq.get_frequency_dict(lang, wordlist)` returns. A damaged data file
    (cut short, not gzip) is left to wordfreq's own reader; when that fails too, ConfigError
    names the file and the package to reinstall, instead of every question failing with zlib's words."""
    path = _wordlist_file(lang, wordlist)
    if path is not None:
        try:
            with gzip.open(path, "rb") as handle:
                data = msgpack.load(handle, raw=False)
        except Exception:  # noqa: BLE001 - gzip, zlib, EOF and msgpack errors alike: wordfreq decides below
            data = None
        header = data[0] if isinstance(data, list) and data else None
        if isinstance(header, dict) and header.get("format") == "cB" and header.get("version") == 1:
            # bucket i holds the words of -i centibels: 10 ** (-i / 100), as wordfreq.cB_to_freq
            return {word: 10 ** (-index / 100) for index, bucket in enumerate(data[1:]) for word in bucket}
    try:
        from wordfreq import get_frequency_dict

        return dict(get_frequency_dict(lang, wordlist))
    except Exception as err:  # noqa: BLE001 - any failure here is a broken installation
        where = path or f"{wordlist}_{lang}"
        raise ConfigError(f"The word list {where} of the wordfreq package is unreadable ({type(err).__name__}).",
                          hint="Reinstall it: `.venv/bin/pip install --force-reinstall --no-deps wordfreq`.") from None
