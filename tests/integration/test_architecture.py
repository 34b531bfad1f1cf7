"""The import picture of painkg, read by grimp: no import circles, packages in layers (a
package imports only from layers below it; packages sharing a layer never import each other),
every package's ``__init__`` declares ``__all__``, and the package map at the top of
docs/architecture.md is what the imports draw.

Exercises every module of painkg (their imports), no one module in particular. Run as a script
to rewrite the map and print the figures::

    PYTHONPATH=src:tests python tests/integration/test_architecture.py
"""

from __future__ import annotations

import ast
import sys
from collections import Counter

import grimp
import networkx as nx
import pytest

from support import REPO

ROOT = "painkg"
SRC = REPO / "src" / ROOT
#: The packages from the top layer down; packages sharing a row never import each other.
#: Below the last row: the foundation, every module at the top of painkg (errors, namespaces,
#: slugs, resources, atomic, gcpause, ...), which may import each other but no package.
LAYERS: list[tuple[str, ...]] = [
    ("cli",),
    ("docsgen",),
    ("serve", "reports", "views", "publish"),
    ("traversal", "validation", "curation"),
    ("query", "ingest"),
    ("store",),
]
ARCHITECTURE = REPO / "docs" / "architecture.md"
START = "<!-- package-map:start -->"
END = "<!-- package-map:end -->"


def import_graph() -> grimp.ImportGraph:
    """painkg's imports, read from the source (not from a cache another checkout wrote)."""
    return grimp.build_graph(ROOT, cache_dir=None)


def packages() -> list[str]:
    """The packages directly under painkg (folders with an ``__init__.py``)."""
    return sorted(p.parent.name for p in SRC.glob("*/__init__.py"))


def foundation() -> list[str]:
    """The modules at the top of painkg, ``painkg`` itself excluded."""
    return sorted(p.stem for p in SRC.glob("*.py") if p.stem != "__init__")


def group_of(module: str) -> str:
    """The package a module belongs to, or "foundation" for a top-level module."""
    parts = module.split(".")
    if len(parts) < 2:
        return "foundation"
    return parts[1] if parts[1] in packages() else "foundation"


def module_graph(graph: grimp.ImportGraph) -> nx.DiGraph:
    """Module -> module it imports directly (every module a node, importing anything or not)."""
    digraph = nx.DiGraph()
    digraph.add_nodes_from(graph.modules)
    digraph.add_edges_from((m, i) for m in graph.modules
                           for i in graph.find_modules_directly_imported_by(m))
    return digraph


def package_edges(graph: grimp.ImportGraph) -> set[tuple[str, str]]:
    """(importer, imported) packages, foundation included, from every module's direct imports."""
    return {(group_of(a), group_of(b)) for a, b in module_graph(graph).edges
            if group_of(a) != group_of(b)}


def figures(graph: grimp.ImportGraph) -> dict[str, object]:
    """What the import picture measures: modules per package, import circles, longest chain."""
    digraph = module_graph(graph)
    cycles = sorted(sorted(c) for c in nx.simple_cycles(digraph))
    chain = nx.dag_longest_path(digraph) if not cycles else []
    return {
        "modules": len(digraph),
        "modules_per_package": dict(sorted(Counter(group_of(m) for m in digraph).items())),
        "import_cycles": cycles,
        "longest_import_chain": chain,
        "longest_import_chain_modules": len(chain),
    }


def package_map(graph: grimp.ImportGraph) -> str:
    """The Mermaid block for docs/architecture.md: one node per package (with its module
    count), an arrow where one package imports another, rows by layer."""
    counts = figures(graph)["modules_per_package"]
    assert isinstance(counts, dict)
    lines = [START, "<!-- Generated from the imports by tests/integration/test_architecture.py "
             "(run it as a script to rewrite); do not edit by hand. -->", "", "```mermaid",
             "flowchart TD"]
    for row, layer in enumerate([*LAYERS, ("foundation",)], start=1):
        lines.append(f"  subgraph layer{row}[\" \"]")
        for name in layer:
            if name in counts:
                label = f"{name}/" if name != "foundation" else "foundation: painkg, " + ", ".join(
                    foundation())
                lines.append(f"    {name}[\"{label} · {counts[name]} modules\"]")
        lines.append("  end")
    drawn = sorted((a, b) for a, b in package_edges(graph) if b != "foundation")
    lines += [f"  {a} --> {b}" for a, b in drawn]
    lines += ["```", "", "An arrow is an import; every package also uses the foundation. A "
              "package imports only from rows below its own, never from its own row.", END]
    return "\n".join(lines) + "\n"


def rewritten_architecture(graph: grimp.ImportGraph) -> str:
    """docs/architecture.md with its package map as the imports draw it now."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    start, end = text.index(START), text.index(END) + len(END) + 1
    return text[:start] + package_map(graph) + text[end:]


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return import_graph()


def test_no_import_circles(graph: grimp.ImportGraph) -> None:
    cycles = figures(graph)["import_cycles"]
    assert cycles == [], f"import circles between modules: {cycles}"


def test_every_package_has_a_layer() -> None:
    placed = {name for layer in LAYERS for name in layer}
    assert sorted(set(packages()) - placed) == [], (
        "a package with no layer: add it to LAYERS in tests/integration/test_architecture.py "
        "(and to the map in docs/architecture.md by running that file)")


def test_layers_import_downwards_only(graph: grimp.ImportGraph) -> None:
    """grimp's layer check: no import from a lower layer into a higher one, none between the
    packages of one layer; the foundation (top-level modules) imports no package."""
    layers = [grimp.Layer(*layer, independent=True) for layer in LAYERS]
    layers.append(grimp.Layer(*foundation(), independent=False))
    illegal = graph.find_illegal_dependencies_for_layers(layers=layers, containers={ROOT})
    found = sorted(f"{d.importer} -> {d.imported}, by " + "; ".join(
        " -> ".join([",".join(sorted(r.heads)), *r.middle, ",".join(sorted(r.tails))])
        for r in d.routes) for d in illegal)
    assert found == [], "imports against the layers:\n" + "\n".join(found)


def test_the_root_package_imports_only_the_foundation(graph: grimp.ImportGraph) -> None:
    imported = sorted(graph.find_modules_directly_imported_by(ROOT))
    assert [m for m in imported if group_of(m) != "foundation"] == [], imported


def test_every_package_declares_all() -> None:
    missing = [str(p.relative_to(REPO)) for p in sorted(SRC.rglob("__init__.py"))
               if "__all__" not in {t.id for node in ast.parse(p.read_text()).body
                                    if isinstance(node, ast.Assign)
                                    for t in node.targets if isinstance(t, ast.Name)}]
    assert missing == [], f"no __all__ in {missing}"


def test_the_package_map_is_current(graph: grimp.ImportGraph) -> None:
    expected = package_map(graph)
    text = ARCHITECTURE.read_text(encoding="utf-8")
    assert text.startswith("# ") and START in text, f"{ARCHITECTURE} has no {START} block"
    assert text == rewritten_architecture(graph), (
        "the package map in docs/architecture.md is stale; run "
        "`PYTHONPATH=src:tests python tests/integration/test_architecture.py`, or paste:\n"
        + expected)


def test_figures_are_computed(graph: grimp.ImportGraph, capsys: pytest.CaptureFixture[str]
                              ) -> None:
    """The figures the closing note quotes (printed with -s)."""
    numbers = figures(graph)
    per_package = numbers["modules_per_package"]
    assert isinstance(per_package, dict) and sum(per_package.values()) == numbers["modules"]
    assert set(per_package) == {*packages(), "foundation"}
    chain = numbers["longest_import_chain"]
    assert isinstance(chain, list) and all(b in graph.find_modules_directly_imported_by(a)
                                           for a, b in zip(chain, chain[1:], strict=False))
    with capsys.disabled():
        print(f"\nimport figures: {numbers}")


if __name__ == "__main__":
    import_picture = import_graph()
    ARCHITECTURE.write_text(rewritten_architecture(import_picture), encoding="utf-8")
    for key, value in figures(import_picture).items():
        print(f"{key}: {value}")
    sys.exit(0)
