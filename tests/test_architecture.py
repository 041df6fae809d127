"""The import graph of `assistant/`: no circles, and no import runs up the layers (README, "Architecture").

Every import counts, at module level or inside a function (a function-level import is still a
dependency, only a lazy one), so a shim that imports "upward" on first use is caught too. The
product never imports the evaluation package, and the evaluation package reads no private
attribute of the product's objects.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "assistant"

LAYERS: list[tuple[str, frozenset[str]]] = [
    ("base", frozenset({"records", "errors", "settings", "text", "sanitize", "furniture", "geo", "wordlists",
                        "scorer", "prompts", "terminal"})),
    ("language", frozenset({"articles", "countries", "question", "direct", "anchors", "lexical", "crosslingual",
                            "sentences", "chunking", "loaders"})),
    ("embedding", frozenset({"embeddings", "chroma_function"})),
    ("index", frozenset({"record_tables", "store", "ingest"})),
    ("retrieval", frozenset({"search", "retriever"})),
    ("answer", frozenset({"answers", "answerer", "citations", "verdict", "extractive", "llm", "local_llm",
                          "summary", "summary_model"})),
    ("chain", frozenset({"chain"})),
    ("interface", frozenset({"cli", "__main__", "ui", "export", "charts", "feedback", "bench_view", "api",
                             "api_chat", "api_guard", "api_client", "contracts", "app_chat", "app_sources",
                             "app_html", "app_answer", "app_scope", "app_eval", "chats", "summary_render",
                             "__init__"})),
]
"""Lowest first. A module may import from its own layer and the layers below, never from above."""

LAYER_OF = {module: rank for rank, (_, modules) in enumerate(LAYERS) for module in modules}


def imports_of(path: Path) -> set[str]:
    """The `assistant` modules that `path` imports anywhere in its body (relative or absolute)."""
    modules = {p.stem for p in PACKAGE.glob("*.py")}
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1 and node.module:
                found.add(node.module.split(".")[0])
            elif node.level == 1:
                found.update(alias.name for alias in node.names)
            elif node.level == 0 and node.module and node.module.split(".")[0] == "assistant":
                parts = node.module.split(".")
                found.update([parts[1]] if len(parts) > 1 else [a.name for a in node.names])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("assistant."))
    return {m for m in found if m in modules and m != path.stem}


def graph() -> dict[str, set[str]]:
    return {path.stem: imports_of(path) for path in sorted(PACKAGE.glob("*.py"))}


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


def test_the_import_graph_has_no_circles() -> None:
    """Troubleshooting: move the shared piece down a layer (records go to records.py) instead of
    importing back through a shim."""
    assert cycles(graph()) == []


def test_no_import_runs_up_the_layers() -> None:
    upward = sorted(f"{module} ({LAYERS[LAYER_OF[module]][0]}) -> {dep} ({LAYERS[LAYER_OF[dep]][0]})"
                    for module, deps in graph().items() if module in LAYER_OF
                    for dep in deps if dep in LAYER_OF and LAYER_OF[dep] > LAYER_OF[module])
    assert upward == []


def test_records_are_imported_from_records_only() -> None:
    """`Article`, `ChunkRecord`, `Hit` and `Citation` come from records.py, not through the module
    that happens to use them (that re-export is what made the circles)."""
    names = {"Article", "ChunkRecord", "Hit", "Citation"}
    offenders = []
    for folder in ("assistant", "evals", "tests"):
        for path in sorted((ROOT / folder).glob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[-1] != "records" \
                        and (node.level > 0 or node.module.startswith("assistant")) \
                        and names & {alias.name for alias in node.names}:
                    offenders.append(f"{folder}/{path.name}:{getattr(node, 'lineno', 0)}")
    assert offenders == []


def test_the_product_never_imports_the_evaluation_package() -> None:
    offenders = []
    for path in sorted(PACKAGE.glob("*.py")):
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
    module.write_text("def f():\n    from .search import HybridSearcher\n    return HybridSearcher\n")
    assert imports_of(module) == {"search"}
    assert cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]
