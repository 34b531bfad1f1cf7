"""The union graph holds a triple once, however many articles state it.

pyoxigraph 0.5's union view matches a triple once per named graph holding it
(oxigraph/oxigraph#1919), so painkg materialises the union in the default graph
(:mod:`painkg.store.oxigraph`). These tests fail on that bug: two articles declare the same concept.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from painkg.query.worker import run_select
from painkg.store import GraphStore, OxigraphStore, open_store
from painkg.store.load import build_store, files_for_paths, load_files

X = "http://example.org/x/"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SHARED = f"<{X}concept> a <{X}Concept> ; <{LABEL}> \"shared concept\" .\n"
LABELS = f"SELECT ?l WHERE {{ <{X}concept> <{LABEL}> ?l }}"
PER_GRAPH = f"SELECT ?g WHERE {{ GRAPH ?g {{ <{X}concept> <{LABEL}> ?l }} }} ORDER BY ?g"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
JOIN = (f"SELECT ?t ?l WHERE {{ <{X}concept> a ?t . <{X}concept> <{LABEL}> ?l . "
        f"?a <{X}mentions> <{X}concept> }}")


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    """Three articles' files: two declare the same concept, a TriG one has default triples."""
    folder = tmp_path / "graph"
    folder.mkdir()
    (folder / "alpha.curated.ttl").write_text(SHARED + f"<{X}alpha> <{X}mentions> <{X}concept> .\n")
    (folder / "beta.curated.ttl").write_text(SHARED + f"<{X}beta> <{X}mentions> <{X}concept> .\n")
    (folder / "gamma.document.trig").write_text(
        SHARED + f"<{X}gamma> <{X}mentions> <{X}concept> .\n"
        f"<{X}g/other> {{ <{X}gamma> <{LABEL}> \"gamma\" . }}\n")
    return folder


def _memory(folder: Path) -> OxigraphStore:
    store = open_store("memory")
    assert isinstance(store, OxigraphStore)
    load_files(store, files_for_paths([folder]))
    return store


def _on_disk(folder: Path, location: Path) -> GraphStore:
    build_store(location, files_for_paths([folder]))
    return open_store(f"oxigraph:{location}")


def _check(store: GraphStore) -> None:
    assert [str(r["l"]) for r in store.select(LABELS)] == ["shared concept"]
    # 3 articles mention it; each pairs with one type and one label, once
    assert len(store.select(JOIN)) == 3
    distinct = 2 + 3 + 1  # type + label, three mentions, gamma's label
    assert int(store.select(COUNT)[0]["n"]) == distinct == len(store)
    # the named graphs are intact: each article's graph still states the label
    graphs = [str(r["g"]).rsplit("/", 1)[-1] for r in store.select(PER_GRAPH)]
    assert graphs == ["alpha", "beta", "gamma"]


def test_memory_store_sees_each_triple_once(articles: Path) -> None:
    _check(_memory(articles))


def test_on_disk_store_sees_each_triple_once(articles: Path, tmp_path: Path) -> None:
    store = _on_disk(articles, tmp_path / "db")
    assert isinstance(store, OxigraphStore) and store.union_materialised
    _check(store)
    rows = run_select(store, JOIN).rows  # in a forked worker, as `query run` does
    assert len(rows) == 3


def test_trig_default_graph_goes_to_the_files_graph(articles: Path, tmp_path: Path) -> None:
    query = f"SELECT ?g WHERE {{ GRAPH ?g {{ <{X}gamma> <{X}mentions> ?c }} }}"
    for store in (_memory(articles), _on_disk(articles, tmp_path / "db")):
        assert [str(r["g"]) for r in store.select(query)] == [
            "https://w3id.org/painkg/id/graph/gamma"]


def test_dump_and_handover_hold_named_graphs_only(articles: Path) -> None:
    store = _memory(articles)
    store.sync_union()
    lines = b"".join(sorted(f"{q} .\n".encode() for q in store.named_quads())).decode().splitlines()
    assert lines and all(line.rstrip(" .").endswith(">") and line.count("<") >= 3
                         for line in lines)
    assert len(lines) == 2 * 3 + 3 + 1  # the concept in three graphs, three mentions, one label
    assert len(store.union_ntriples().decode().splitlines()) == len(store)


def test_dump_states_each_triple_once(articles: Path, tmp_path: Path) -> None:
    """The dump reads graph by graph, several graphs at once, and de-duplicates the lines."""
    from painkg.publish.dump import build_dump

    (articles / "alpha.curated.ttl").write_text(
        SHARED + f"<{X}alpha> <{X}mentions> <{X}concept> ; <{X}note> [ <{LABEL}> \"n\" ] .\n")
    dumps = []
    for store in (_memory(articles), _on_disk(articles, tmp_path / "db")):
        assert isinstance(store, OxigraphStore)
        dump = build_dump(store, formats=("ntriples",), issued="2026-01-01")
        union = store.union_ntriples().decode().splitlines()
        lines = dump.files["ntriples"].decode().splitlines()
        assert dump.data_triples == len(union) == 2 + 3 + 1 + 2  # + alpha's note, blank node
        for line in union:
            if "_:" not in line:  # blank nodes are relabelled canonically
                assert lines.count(line) == 1, line
        assert sum("_:" in line for line in lines) == 2
        dumps.append(dump.files["ntriples"])
    assert dumps[0] == dumps[1]


def test_a_later_load_updates_the_union(articles: Path, tmp_path: Path) -> None:
    store = _memory(articles)
    assert len(store.select(JOIN)) == 3
    extra = tmp_path / "delta.curated.ttl"
    extra.write_text(SHARED + f"<{X}delta> <{X}mentions> <{X}concept> .\n")
    load_files(store, files_for_paths([extra]))
    assert len(store.select(JOIN)) == 4
    assert len(store.select(LABELS)) == 1


def test_a_graph_named_by_a_blank_node_is_in_the_union_once(articles: Path) -> None:
    # ADD cannot name a blank-node graph: the union is then rebuilt by the single INSERT
    (articles / "delta.document.trig").write_text(
        f"_:g {{ <{X}concept> <{LABEL}> \"shared concept\" . "
        f"<{X}delta> <{X}mentions> <{X}concept> . }}\n")
    store = _memory(articles)
    assert [str(r["l"]) for r in store.select(LABELS)] == ["shared concept"]
    assert len(store.select(JOIN)) == 4


def test_store_built_by_another_tool_falls_back_to_the_union_view(tmp_path: Path) -> None:
    import pyoxigraph as ox

    location = tmp_path / "foreign"
    inner = ox.Store(str(location))
    inner.add(ox.Quad(ox.NamedNode(f"{X}s"), ox.NamedNode(LABEL), ox.Literal("s"),
                      ox.NamedNode(f"{X}g")))
    inner.flush()
    del inner
    store = open_store(f"oxigraph:{location}")
    assert isinstance(store, OxigraphStore) and not store.union_materialised
    assert [str(r["l"]) for r in store.select(f"SELECT ?l WHERE {{ <{X}s> ?p ?l }}")] == ["s"]


def test_serve_answers_each_triple_once(articles: Path, tmp_path: Path,
                                        invoke: Callable[..., Result]) -> None:
    from support.server import Served, free_port

    location = tmp_path / "db"
    loaded = invoke("load", "--store", f"oxigraph:{location}", str(articles))
    assert loaded.exit_code == 0, loaded.output
    server = Served(["--store", f"oxigraph:{location}"], free_port())
    try:
        url = server.url + "?" + urllib.parse.urlencode({"query": JOIN})
        request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
            rows = json.load(response)["results"]["bindings"]
    finally:
        code, log = server.stop()
    assert code == 0, log
    assert len(rows) == 3
