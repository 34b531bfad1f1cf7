"""The union graph as sorted, de-duplicated N-Triples lines: a triple stated in two graphs
is one line, and the lines parse back to the union."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

import painkg.publish.union_lines as union_lines_module
from painkg.publish.description import DESCRIPTION_BASE, DESCRIPTION_GRAPH
from painkg.publish.union_lines import line_facts, ntriples_bytes, turtle_body, union_lines
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


def _two_graph_store(tmp_path: Path) -> OxigraphStore:
    store = open_store("memory")
    assert isinstance(store, OxigraphStore)
    for n, extra in enumerate(["<http://x/a> <http://x/p> <http://x/b> .\n",
                               "<http://x/c> <http://x/p> _:b1 .\n_:b1 <http://x/q> \"v\" .\n"]):
        path = tmp_path / f"g{n}.nt"
        path.write_text(SHARED + extra)
        store.load(path, f"http://x/graph/{n}", "ntriples")
    return store


def test_the_union_read_once_equals_the_union_read_graph_by_graph(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = _two_graph_store(tmp_path)
    once = union_lines(store)
    assert store.union_materialised  # so the lines above came from the default graph
    # A description graph with statements about other nodes sends the read graph by graph.
    monkeypatch.setattr(union_lines_module, "_foreign_description", lambda store: True)
    assert union_lines(store) == once and len(once) == 4


def test_the_description_graph_stays_out_of_the_union(tmp_path: Path) -> None:
    store = _two_graph_store(tmp_path)
    path = tmp_path / "described.nt"
    path.write_text(f"<{DESCRIPTION_BASE}x> <http://x/p> \"own\" .\n"
                    "<http://x/other> <http://x/p> \"foreign\" .\n")
    store.load(path, DESCRIPTION_GRAPH, "ntriples")
    text = ntriples_bytes(union_lines(store)).decode()
    assert "own" not in text and "foreign" not in text and "shared" in text


def test_the_default_graph_comes_in_blocks_of_whole_lines(tmp_path: Path) -> None:
    store = _two_graph_store(tmp_path)
    store.sync_union()
    blocks = list(union_lines_module._default_graph_blocks(store.inner, size=16))
    whole = store.inner.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    assert len(blocks) > 1 and all(b.endswith(b"\n") for b in blocks)
    assert b"".join(blocks) == whole


@pytest.mark.parametrize("batch", [1, 7, 300])
def test_turtle_written_in_batches_is_the_turtle_written_at_once(
        kg: OxigraphStore, batch: int, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = union_lines(kg, timeout=60)
    at_once = turtle_body(lines)
    assert at_once is not None and len(lines) > 1_000 > batch
    monkeypatch.setattr(union_lines_module, "BATCH", batch)
    assert turtle_body(lines) == at_once
    assert line_facts(lines) == line_facts(list(reversed(lines)))


def test_turtle_written_half_in_a_worker_is_the_turtle_written_here(
        kg: OxigraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = union_lines(kg, timeout=60)
    here = turtle_body(lines)
    assert len(lines) < union_lines_module.PARALLEL_LINES  # so that was one process
    monkeypatch.setattr(union_lines_module, "BATCH", 50)
    monkeypatch.setattr(union_lines_module, "PARALLEL_LINES", 2)
    assert turtle_body(lines) == here


def test_the_turtle_begun_before_the_description_is_the_turtle_written_after(
        kg: OxigraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """The dump begins its Turtle (a worker writing most of it) before it counts the lines
    and splices the description in; the file is the one written in one go."""
    from painkg.publish import dump as dump_module

    with monkeypatch.context() as patch:  # the reference: everything written at once, after
        patch.setattr(dump_module, "TurtleWriting", lambda lines, share: None)
        patch.setattr(union_lines_module, "BATCH", 10**9)
        whole = dump_module.build_dump(kg, formats=("turtle",)).files["turtle"]
    monkeypatch.setattr(union_lines_module, "BATCH", 50)
    monkeypatch.setattr(union_lines_module, "PARALLEL_LINES", 2)
    assert dump_module.build_dump(kg, formats=("turtle",)).files["turtle"] == whole


def test_lines_changed_elsewhere_than_at_the_description_are_refused(
        kg: OxigraphStore) -> None:
    lines = union_lines(kg, timeout=60)
    begun = union_lines_module.TurtleWriting(lines)
    with pytest.raises(ValueError, match="description's place"):
        begun.body(lines[1:] + [b"<http://x/late> <http://x/p> <http://x/o> ."])
