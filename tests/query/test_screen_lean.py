"""The query screen's lean path (no rdflib parse) decides exactly as the full path does.

Forcing the full path (``LEAN_MAX_DEPTH = -1``) must give the same outcome, pass or the same
refusal message, for every library query and for queries built to probe the lean path's
conditions; and the lean path must really be taken for plain queries (rdflib's parser is
made to fail if it is called).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import painkg.query.screen as screen
from painkg.errors import RefusedQueryError
from painkg.resources import queries_dir

EP = "http://127.0.0.1:9/sparql"
LIBRARY = sorted(queries_dir().rglob("*.rq"))
PROBES = [
    "SELECT * WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o ",  # a syntax error: rdflib's line and column in both
    "SELECT ?x WHERE { ?s ?p ?o } GROUP BY ?s",  # not valid SPARQL 1.1 (ungrouped ?x)
    f"SELECT * WHERE {{ SERVICE <{EP}> {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ sErViCe <{EP}> {{ ?s ?p ?o }} }}",
    "SELECT * FROM <http://127.0.0.1:9/x> WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o } # FROM a comment",
    f'SELECT * WHERE {{ ?s ?p "service <{EP}>" }}',
    "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }",
    'SELECT * WHERE { ?s ?p "\\u0041" }',
    "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
    "SELECT * WHERE { ?s ?p ?o } INSERT",
    "SELECT * WHERE { ?s ?p ?o . BIND(\"with\" AS ?copy) }",
    "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 40 + "?o" + ")" * 40 + ") }",
    "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 8 + "?o" + ")" * 8 + ") }",
    "ASK { ?s <http://x/next>+ ?o }",
    "DESCRIBE <http://x/a>",
]


def _outcome(text: str) -> str | None:
    try:
        screen.screen_query(text)
    except RefusedQueryError as exc:
        return exc.message
    return None


@pytest.mark.parametrize("text", [p.read_text("utf-8") for p in LIBRARY] + PROBES,
                         ids=[p.stem for p in LIBRARY] + [f"probe{i}" for i in range(len(PROBES))])
def test_lean_and_full_paths_agree(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    lean = _outcome(text)
    monkeypatch.setattr(screen, "LEAN_MAX_DEPTH", -1)
    assert _outcome(text) == lean


def test_plain_queries_take_the_lean_path(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_rdflib(text: str, lexical: object) -> None:
        raise AssertionError(f"rdflib's parser was called for {text[:60]!r}")

    monkeypatch.setattr(screen, "_parse", no_rdflib)
    research = sorted((queries_dir() / "research").glob("*.rq"))
    assert research
    for path in research:
        screen.screen_query(path.read_text("utf-8"))
    # and the full path is still there for what the lean one leaves to it
    with pytest.raises(AssertionError, match="rdflib's parser was called"):
        screen.screen_query(f"SELECT * WHERE {{ SERVICE <{EP}> {{ ?s ?p ?o }} }}")


def test_library_is_found() -> None:
    assert len(LIBRARY) >= 30, [Path(p).name for p in LIBRARY]
