"""The union graph as sorted, de-duplicated N-Triples lines: a triple stated in two graphs
is one line, and the lines parse back to the union."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from painkg.publish.union_lines import ntriples_bytes, union_lines
from painkg.store import OxigraphStore, open_store

SHARED = "<http://x/a> <http://www.w3.org/2000/01/rdf-schema#label> \"shared\" .\n"


def test_a_triple_in_two_graphs_is_one_line(tmp_path: Path) -> None:
    store = open_store("memory")
    assert isinstance(store, OxigraphStore)
    for n, extra in enumerate(["<http://x/a> <http://x/p> <http://x/b> .\n",
                               "<http://x/c> <http://x/p> _:b1 .\n"]):
        path = tmp_path / f"g{n}.nt"
        path.write_text(SHARED + extra)
        store.load(path, f"http://x/graph/{n}", "ntriples")
    lines = union_lines(store)
    assert list(lines) == sorted(set(lines)) and len(lines) == 3
    graph = Graph().parse(data=ntriples_bytes(lines).decode("utf-8"), format="nt")
    assert len(graph) == 3
