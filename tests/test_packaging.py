"""The manifest tells the truth: every declared dependency is imported, every third-party
import is declared, and a (non-editable) wheel carries the prompt files."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
import zipfile
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OPTIONAL_IMPORTS = {"httpx2", "llama_cpp", "sklearn", "scipy", "locust"}
"""Imported inside try/except ImportError or only by an optional command: openai 3.x's own httpx
copy, llama.cpp's server (the `llm` extra, `make llm`), scikit-learn and SciPy (the `fit` extra,
`make fit-scorer`) and locust (the `bench` extra, `make bench`'s load test; see `optional-dependencies`)."""


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_normalise(re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0]) for spec in project["dependencies"]}


def _imported_modules() -> set[str]:
    """Top-level module names imported anywhere in the shipped code and the app."""
    files = [*ROOT.joinpath("assistant").rglob("*.py"), *ROOT.joinpath("evals").rglob("*.py"),
             ROOT / "streamlit_app.py"]
    names: set[str] = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"assistant", "evals"}


def test_every_declared_dependency_is_imported_and_every_import_is_declared() -> None:
    owners = packages_distributions()
    modules = _imported_modules()
    imported = {_normalise(dist) for module in modules - OPTIONAL_IMPORTS for dist in owners.get(module, [module])}
    declared = _declared()
    assert declared - imported == set(), "declared in pyproject.toml but never imported"
    assert imported - declared == set(), "imported but not declared in pyproject.toml"


def test_wheel_ships_the_prompts_and_an_installed_wheel_loads_them(tmp_path: Path) -> None:
    """A non-editable install has no prompts/ beside it: the wheel must carry them, and every
    subpackage (pyproject.toml lists them by hand) with the scorer's weights and the lexicon."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
                    "--quiet", "-w", str(tmp_path / "dist")], check=True, cwd=tmp_path)
    wheel = next((tmp_path / "dist").glob("articles_assistant-*.whl"))
    prompts = sorted(p.name for p in (ROOT / "prompts").glob("*.txt"))
    assert prompts, "no prompt files in prompts/"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
    assert {f"assistant/prompt_files/{name}" for name in prompts} <= names
    package = ROOT / "assistant"  # every module of every subpackage, the scorer's weights, the lexicon
    shipped = {p.relative_to(ROOT).as_posix()
               for p in [*package.rglob("*.py"), *package.rglob("*.json"), *package.rglob("*.json.gz")]}
    assert shipped - names == set(), "missing from the wheel: add the subpackage to pyproject.toml's packages"
    # the unpacked wheel, not this checkout, answers `import assistant`
    probe = ("from assistant.core import prompts; "
             "print(prompts.PROMPTS_DIR); [prompts.load_prompt(p.stem) for p in prompts.PROMPTS_DIR.glob('*.txt')]")
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True,
                            env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"}, check=True)
    assert Path(result.stdout.strip()) == tmp_path / "site" / "assistant" / "prompt_files"
