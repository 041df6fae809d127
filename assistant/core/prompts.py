"""Prompts are files in `prompts/`, loaded by name and filled with `str.format` fields.

A wheel ships them inside the package as `assistant/prompt_files/` (pyproject.toml maps
`prompts/` there); a source checkout or an editable install reads `prompts/` itself.
"""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path

from .settings import PROJECT_ROOT

PACKAGED_PROMPTS = Path(__file__).resolve().parents[1] / "prompt_files"
PROMPTS_DIR = PACKAGED_PROMPTS if PACKAGED_PROMPTS.is_dir() else PROJECT_ROOT / "prompts"


@lru_cache(maxsize=32)
def load_prompt(name: str) -> str:
    path = PROMPTS_DIR / f"{name}.txt"
    if not path.is_file():
        raise FileNotFoundError(f"prompt '{name}' not found in {PROMPTS_DIR}")
    return path.read_text(encoding="utf-8")


def fields(name: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(load_prompt(name)) if f}


def render(name: str, **values: str) -> str:
    """The prompt with every field filled; a missing field is a KeyError naming it."""
    missing = fields(name) - set(values)
    if missing:
        raise KeyError(f"prompt '{name}' needs {sorted(missing)}")
    return load_prompt(name).format(**values)
