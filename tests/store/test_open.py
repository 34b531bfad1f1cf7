"""The store seam (painkg.store.open): spec parsing, loading with located errors, union-graph
queries."""

from __future__ import annotations

from pathlib import Path

import pytest

from painkg.errors import InputError, UsageError
from painkg.store import StoreSpec, open_store, parse_store_spec


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("memory", StoreSpec("memory")),
        ("oxigraph:/tmp/x", StoreSpec("oxigraph", "/tmp/x")),
        ("sparql:http://127.0.0.1:7878/query", StoreSpec("sparql", "http://127.0.0.1:7878/query")),
    ],
)
def test_parse_store_spec(text: str, spec: StoreSpec) -> None:
    assert parse_store_spec(text) == spec
    assert str(parse_store_spec(text)) == text


@pytest.mark.parametrize("text", ["mem", "oxigraph:", "sparql:ftp://x", "sparql:"])
def test_bad_store_spec_is_usage_error(text: str) -> None:
    with pytest.raises(UsageError, match="Unknown store"):
        parse_store_spec(text)


def test_load_error_names_file_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://ex/> .\nex:a ex:b ex:c .\n'
                   'ex:a ex:b "x" ;\n  ex:q foo:bar .\n')
    store = open_store("memory")
    with pytest.raises(InputError) as info:
        store.load(bad, "http://g/1")
    assert info.value.line == 4 and info.value.column is not None
    assert str(bad) in info.value.message and "line 4" in info.value.message
    assert len(store) == 0, "a failed load must leave nothing behind"


def test_queries_see_the_union_of_named_graphs(tmp_path: Path) -> None:
    (tmp_path / "a.nt").write_text('<http://x/a> <http://x/p> "one" .\n')
    (tmp_path / "b.nt").write_text("<http://x/a> <http://x/q> <http://x/b> .\n")
    store = open_store("memory")
    store.load(tmp_path / "a.nt", "http://g/a", "ntriples")
    store.load(tmp_path / "b.nt", "http://g/b", "ntriples")
    rows = store.select("SELECT ?p ?o WHERE { <http://x/a> ?p ?o } ORDER BY ?p")
    assert [(str(r["p"]), str(r["o"])) for r in rows] == [
        ("http://x/p", "one"), ("http://x/q", "http://x/b")]
    assert rows[0]["o"].datatype is None, "plain literals stay plain (no explicit xsd:string)"
    assert len(store) == 2
    assert len(store.rdflib_graph()) == 2
