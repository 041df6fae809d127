"""Prompts are files in `prompts/`, loaded by name and filled with `str.format` fields."""

from __future__ import annotations

import string
from functools import lru_cache

from .settings import PROJECT_ROOT

PROMPTS_DIR = PROJECT_ROOT / "prompts"


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
