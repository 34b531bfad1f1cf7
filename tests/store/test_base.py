"""The GraphStore contract, on the in-memory store: query, select, construct, the rdflib view
and the size agree; a parse error names the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from painkg.errors import InputError
from painkg.store import GraphStore, open_store
from painkg.store.base import ox_format

TURTLE = """@prefix x: <http://x/> .
x:a x:p "one" ; x:q x:b .
x:b x:p "two" .
"""


@pytest.fixture
def store(tmp_path: Path) -> GraphStore:
    path = tmp_path / "g.ttl"
    path.write_text(TURTLE)
    store = open_store("memory")
    store.load(path, "http://x/graph")
    return store


def test_select_construct_and_the_rdflib_view_agree(store: GraphStore) -> None:
    rows = store.select("SELECT ?o WHERE { ?s <http://x/p> ?o } ORDER BY ?o")
    assert [r["o"] for r in rows] == [Literal("one"), Literal("two")]
    graph = store.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert len(graph) == len(store) == 3
    assert (URIRef("http://x/a"), URIRef("http://x/q"), URIRef("http://x/b")) in graph
    assert len(store.rdflib_graph()) == 3


def test_a_parse_error_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text('@prefix x: <http://x/> .\nx:a x:p "unterminated .\n')
    with pytest.raises(InputError, match="broken.ttl, line 2"):
        open_store("memory").load(path, "http://x/graph")


def test_ox_format_knows_every_load_format() -> None:
    for fmt in ("turtle", "ntriples", "nquads", "trig"):
        assert ox_format(fmt) is not None  # type: ignore[arg-type]


def test_select_values_is_the_text_of_select(store: GraphStore) -> None:
    """The Oxigraph store answers select_values from pyoxigraph's terms, the base class from
    select(): both give each cell's IRI or lexical form, unbound cells absent."""
    from painkg.store.base import GraphStore as Base

    text = ('SELECT ?s ?o ?l WHERE { ?s ?p ?o OPTIONAL { ?s <http://x/q> ?l } } '
            'ORDER BY ?s ?o')
    expected = [{k: str(v) for k, v in row.items()} for row in store.select(text)]
    assert store.select_values(text) == expected == Base.select_values(store, text)
    assert expected[0] == {"s": "http://x/a", "o": "http://x/b", "l": "http://x/b"}
    assert {"s": "http://x/b", "o": "two"} in expected
