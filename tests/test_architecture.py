"""The import graph of `assistant/`: no circles, and no import runs up the layers (README, "Architecture").

Every import counts, at module level or inside a function (a function-level import is still a
dependency, only a lazy one), so a shim that imports "upward" on first use is caught too. The
product never imports the evaluation package, and the evaluation package reads no private
attribute of the product's objects.
"""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "assistant"

LAYERS: list[tuple[str, frozenset[str]]] = [
    ("core", frozenset({"records", "errors", "settings", "text", "sanitize", "terminal", "prompts", "wordlists"})),
    ("language", frozenset({"articles", "loaders", "chunking", "sentences", "countries", "question", "direct",
                            "anchors", "numbers", "lexical", "lexicon", "crosslingual", "furniture", "geo",
                            "transliteration", "token_counts"})),
    ("index", frozenset({"embeddings", "chroma_function", "record_tables", "store", "ingest"})),
    ("retrieval", frozenset({"search", "retriever"})),
    ("answer", frozenset({"answers", "answerer", "citations", "verdict", "extractive", "llm", "local_llm", "summary",
                          "summary_model", "scorer", "chain"})),
    ("app", frozenset({"ui", "answer_html", "chat", "evaluation", "html_parts", "scope", "sources", "bench_view",
                       "charts", "chats", "export", "feedback", "summary_render"})),
    ("api", frozenset({"server", "chat", "guard", "client", "contracts"})),
    ("", frozenset({"cli", "__main__", "__init__"})),
]
"""The subpackages, lowest first, with the modules each holds ("" is `assistant/` itself: the CLI
and the public surface). A module may import from its own subpackage and the ones below, never
from one above; within a subpackage, only the no-circles rule applies."""

LAYER_OF = {f"{package}.{module}" if package else module: rank
            for rank, (package, modules) in enumerate(LAYERS) for module in modules}
LAYER_OF.update({f"{package}.__init__": rank for rank, (package, _) in enumerate(LAYERS) if package})


def module_name(path: Path) -> str:
    """`assistant/core/records.py` -> "core.records"; `assistant/cli.py` -> "cli"."""
    return ".".join(path.relative_to(PACKAGE).with_suffix("").parts)


@lru_cache(maxsize=1)
def all_modules() -> frozenset[str]:
    return frozenset(module_name(p) for p in PACKAGE.rglob("*.py"))


def package_of(module: str) -> str:
    return module.rsplit(".", 1)[0] if "." in module else ""


def resolve(importer: str, level: int, module: str | None, names: list[str], modules: frozenset[str]) -> set[str]:
    """The `assistant` modules an import statement in `importer` depends on (relative or absolute):
    `from ..core.records import Hit` in "answer.llm" -> {"core.records"}; `from . import store` in
    "index.ingest" -> {"index.store"}; `from assistant import Settings` -> {"__init__"}."""
    if level == 0:
        if not module or module.split(".")[0] != "assistant":
            return set()
        base = module.split(".")[1:]
    else:
        parts = importer.split(".")[:-1]  # the importer's package, then up one per further dot
        base = [*parts[:len(parts) - (level - 1)], *(module.split(".") if module else [])]
    prefix = ".".join(base)
    found = {f"{prefix}.{name}" if prefix else name for name in names} & modules
    found |= {f"{prefix}.{name}.__init__" if prefix else f"{name}.__init__" for name in names} & modules  # a subpackage
    if prefix in modules:
        found.add(prefix)
    elif len(found) < len(names) or not names:  # a name that is no module comes from the package itself
        found.add(f"{prefix}.__init__" if prefix else "__init__")
    return found


def imports_of(path: Path, importer: str | None = None) -> set[str]:
    """The `assistant` modules that `path` imports anywhere in its body (relative or absolute)."""
    importer = importer or module_name(path)
    modules = all_modules()
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            found |= resolve(importer, node.level, node.module, [a.name for a in node.names], modules)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                found |= resolve(importer, 0, alias.name, [], modules)
    return {m for m in found if m in modules and m != importer}


def graph() -> dict[str, set[str]]:
    return {module_name(path): imports_of(path) for path in sorted(PACKAGE.rglob("*.py"))}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Each strongly connected component with more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(found)


def test_every_module_has_a_declared_layer() -> None:
    """Troubleshooting: a new module in assistant/ must be added to LAYERS (and the README's list)."""
    undeclared = sorted(set(graph()) - set(LAYER_OF))
    assert undeclared == [], f"add these modules to a layer in tests/test_architecture.py: {undeclared}"
    folders = sorted({package_of(module) for module in graph()})
    assert folders == sorted(package for package, _ in LAYERS), "a subpackage is missing from LAYERS"


def test_every_subpackage_says_what_it_holds() -> None:
    """Each subpackage opens with a docstring naming its job and its modules (the README's map)."""
    for package, modules in LAYERS:
        if package:
            doc = ast.get_docstring(ast.parse((PACKAGE / package / "__init__.py").read_text(encoding="utf-8"))) or ""
            unnamed = sorted(m for m in modules if f"`{m}`" not in doc)
            assert unnamed == [], f"assistant/{package}/__init__.py does not say what these hold: {unnamed}"


def test_the_import_graph_has_no_circles() -> None:
    """Troubleshooting: move the shared piece down a layer (records go to records.py) instead of
    importing back through a shim."""
    assert cycles(graph()) == []


def upward_arrows(edges: dict[str, set[str]]) -> list[str]:
    return sorted(f"{module} -> {dep}" for module, deps in edges.items() if module in LAYER_OF
                  for dep in deps if dep in LAYER_OF and LAYER_OF[dep] > LAYER_OF[module])


def test_no_import_runs_up_the_layers() -> None:
    assert upward_arrows(graph()) == []


def test_records_are_imported_from_records_only() -> None:
    """`Article`, `ChunkRecord`, `Hit` and `Citation` come from records.py, not through the module
    that happens to use them (that re-export is what made the circles)."""
    names = {"Article", "ChunkRecord", "Hit", "Citation"}
    offenders = []
    for folder in ("assistant", "evals", "tests"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[-1] != "records" \
                        and (node.level > 0 or node.module.startswith("assistant")) \
                        and names & {alias.name for alias in node.names}:
                    offenders.append(f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}")
    assert offenders == []


def test_the_product_never_imports_the_evaluation_package() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            modules = ([node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0
                       else [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            offenders += [f"{path.name}:{getattr(node, 'lineno', 0)}" for m in modules if m.split(".")[0] == "evals"]
    assert offenders == []


def test_the_evaluation_package_reads_no_private_attribute_and_imports_no_app() -> None:
    """evals/ uses the product's public surface only (no `embedder._model`), and no app framework.
    A subclass may use what it inherits (`self._dense`, `super()._merge(...)`): that is its own."""
    offenders = []
    for path in sorted((ROOT / "evals").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__") \
                    and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")) \
                    and not (isinstance(node.value, ast.Call) and ast.unparse(node.value.func) == "super"):
                offenders.append(f"{path.name}:{node.lineno} {ast.unparse(node)}")
            modules = ([node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0
                       else [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            offenders += [f"{path.name}:{getattr(node, 'lineno', 0)} imports {m}" for m in modules
                          if m.split(".")[0] in ("streamlit", "altair")]
    assert offenders == []


def test_the_walker_sees_function_level_imports_and_finds_a_circle(tmp_path: Path) -> None:
    """The checks above can fail: a lazy import inside a function is an edge, and a two-module
    loop is reported as a circle."""
    module = tmp_path / "probe.py"
    module.write_text("def f():\n    from ..retrieval.search import HybridSearcher\n    return HybridSearcher\n")
    assert imports_of(module, importer="answer.probe") == {"retrieval.search"}
    module.write_text("from . import store\nfrom assistant.core import records\nimport assistant.cli\n")
    assert imports_of(module, importer="index.probe") == {"index.store", "core.records", "cli"}
    module.write_text("from .. import app\nfrom assistant.api import server\n")
    assert imports_of(module, importer="core.records") == {"app.__init__", "api.server"}
    assert upward_arrows({"core.records": imports_of(module, importer="core.records")}) == [
        "core.records -> api.server", "core.records -> app.__init__"]
    assert cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]
