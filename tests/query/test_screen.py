"""The query screen: updates, SERVICE, FROM and unparsable text are refused, by parsing only."""

from __future__ import annotations

import pytest

from painkg.errors import EXIT_USAGE, RefusedQueryError
from painkg.query.screen import MAX_QUERY_CHARS, oxigraph_syntax_error, screen_query

EP = "http://127.0.0.1:9/sparql"

ACCEPTED = [
    "SELECT * WHERE { ?s ?p ?o }",
    "select ?s where { ?s ?p ?o } limit 3",
    "ASK { ?s <http://x/next>+ ?o }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "CONSTRUCT WHERE { ?s ?p ?o }",
    "DESCRIBE <http://x/a>",
    "SELECT * WHERE { ?s ?p ?o } VALUES ?s { <http://x/a> }",
    "SELECT * WHERE { ?s ?p ?o MINUS { ?s a <http://x/C> } }",
    "SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } } }",
    # keywords as comments, strings, IRIs, variables, prefixed names and language tags
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x/> FROM <http://x/> INSERT",
    'SELECT * WHERE { ?s ?p "SERVICE <http://x/> { ?a ?b ?c }" }',
    "SELECT * WHERE { ?s ?p '''LOAD <http://x/>\nDROP ALL''' }",
    "SELECT * WHERE { ?s <http://x/SERVICE> <http://x/from> }",
    "PREFIX ex: <http://x/> SELECT ?service ?from WHERE { ?service ex:from ?from ; "
    "ex:service ex:insert }",
    "PREFIX service: <http://x/> SELECT * WHERE { ?s service:drop ?o }",
    'SELECT * WHERE { ?s ?p "x"@load }',
    "PREFIX ex: <http://x/> SELECT * WHERE { ?s ?p ex:a.service }",
    "SELECT * WHERE { ?s ?p ?o . BIND(\"with\" AS ?copy) }",
]


@pytest.mark.parametrize("text", ACCEPTED)
def test_read_only_queries_pass(text: str) -> None:
    screen_query(text)


REFUSED = [
    # updates, each named in the message
    ("INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }", "INSERT DATA"),
    ("DELETE DATA { <http://x/a> <http://x/b> <http://x/c> }", "DELETE DATA"),
    ("DELETE WHERE { ?s ?p ?o }", "DELETE WHERE"),
    ("DROP ALL", "DROP"),
    ("drop graph <http://x/g>", "DROP"),
    ("CLEAR DEFAULT", "CLEAR"),
    (f"LOAD <{EP}>", "LOAD"),
    (f"LOAD SILENT <{EP}> INTO GRAPH <http://x/g>", "LOAD"),
    ("CREATE GRAPH <http://x/g>", "CREATE"),
    ("ADD <http://x/a> TO <http://x/b>", "ADD"),
    ("MOVE DEFAULT TO <http://x/b>", "MOVE"),
    ("COPY <http://x/a> TO DEFAULT", "COPY"),
    ("WITH <http://x/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "DELETE/INSERT"),
    ("PREFIX ex: <http://x/>\n# a comment\nINSERT { ?s ex:p 1 } WHERE { ?s ?p ?o }",
     "DELETE/INSERT"),
    ("CLEAR ALL ; LOAD <http://x/>", "CLEAR, LOAD"),
    ("SELECT * WHERE { ?s ?p ?o } ; INSERT DATA { <a:a> <a:b> <a:c> }", "INSERT"),
    # SERVICE in every position and spelling
    (f"SELECT * WHERE {{ SERVICE <{EP}> {{ ?s ?p ?o }} }}", f"SERVICE <{EP}>"),
    (f"SELECT * WHERE {{ SERVICE SILENT <{EP}> {{ ?s ?p ?o }} }}", f"SERVICE <{EP}>"),
    (f"sElEcT * wHeRe {{ sErViCe <{EP}> {{ ?s ?p ?o }} }}", f"SERVICE <{EP}>"),
    ("PREFIX ep: <http://127.0.0.1:9/>\nSELECT * WHERE { SERVICE ep:sparql { ?s ?p ?o } }",
     f"SERVICE <{EP}>"),
    ("SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }", "SERVICE ?endpoint"),
    (f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{EP}> "
     f"{{ ?s ?p ?o }} }} }} }} }} }}", f"SERVICE <{EP}>"),
    (f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{EP}> {{ ?s ?p ?o }} }} }}",
     f"SERVICE <{EP}>"),
    (f"SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE <{EP}> {{ ?s ?q ?r }} }} }}",
     f"SERVICE <{EP}>"),
    (f"ASK {{ SERVICE <{EP}> {{ ?s ?p ?o }} }}", f"SERVICE <{EP}>"),
    (f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{EP}> {{ ?s ?p ?o }} }}", f"SERVICE <{EP}>"),
    (f"SELECT * WHERE {{ ?s ?p ?o.SERVICE <{EP}> {{ ?s ?p ?o }} }}", f"SERVICE <{EP}>"),
    (f"SELECT * WHERE {{ # comment }}\n SERVICE <{EP}> {{ ?s ?p ?o }} }}", f"SERVICE <{EP}>"),
    # datasets
    ("SELECT * FROM <http://127.0.0.1:9/x> WHERE { ?s ?p ?o }", "FROM"),
    ("SELECT * FROM NAMED <http://127.0.0.1:9/x> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM"),
    ("DESCRIBE <http://x/a> FROM <file:///etc/passwd>", "<file:///etc/passwd>"),
    ("CONSTRUCT { ?s ?p ?o } FROM <http://x/y> WHERE { ?s ?p ?o }", "<http://x/y>"),
    # not a query
    ("SELECT * WHERE { ?s ?p ?o ", "does not parse"),
    ("", "does not parse"),
    ("PREFIX ex: <http://x/> SELECT * WHERE { ?s ex: }", "does not parse"),
    ("SELECT * WHERE { ?s ?p \"unterminated }", "does not parse"),
    ("SELECT * WHERE { ?s ?p ?o }\x00", "NUL"),
    ("SELECT * WHERE { ?s ?p ?o } INSERT", "INSERT"),
    ("SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 40 + "?o" + ")" * 40 + ") }", "nested"),
    ("SELECT * WHERE " + "{" * 500 + "?s ?p ?o" + "}" * 500, "nested"),
]


@pytest.mark.parametrize(("text", "named"), REFUSED)
def test_refusals_name_what_was_refused(text: str, named: str) -> None:
    with pytest.raises(RefusedQueryError) as info:
        screen_query(text)
    assert info.value.exit_code == EXIT_USAGE
    assert named in info.value.message, info.value.message


def test_syntax_error_gives_line_and_column() -> None:
    with pytest.raises(RefusedQueryError) as info:
        screen_query("PREFIX ex: <http://x/>\nSELECT * WHERE {\n  ?s ex:p ?o .\n  FILTER(?o = ) }")
    assert "line 4" in info.value.message and "column" in info.value.message, info.value.message
    assert info.value.__cause__ is None, "no pyparsing exception may leak"


def test_allowed_service_passes_only_for_its_iri() -> None:
    text = "PREFIX ep: <http://127.0.0.1:9/>\nSELECT * WHERE { SERVICE ep:sparql { ?s ?p ?o } }"
    screen_query(text, allow_service=[EP])
    with pytest.raises(RefusedQueryError, match="Only these endpoints are allowed"):
        screen_query(text, allow_service=["http://127.0.0.1:9/other"])
    with pytest.raises(RefusedQueryError, match="SERVICE \\?x"):
        screen_query("SELECT * WHERE { SERVICE ?x { ?s ?p ?o } }", allow_service=[EP])


def test_oversized_query_is_refused_unread() -> None:
    text = "SELECT * WHERE { ?s ?p ?o }" + " " * MAX_QUERY_CHARS
    with pytest.raises(RefusedQueryError, match="characters long"):
        screen_query(text)


def test_library_queries_pass_the_screen(repo) -> None:  # type: ignore[no-untyped-def]
    files = sorted((repo / "queries").rglob("*.rq"))
    assert len(files) >= 30, f"expected the whole query library, found {len(files)} files"
    for path in files:
        screen_query(path.read_text(encoding="utf-8"))


def test_oxigraph_syntax_check_is_cached_and_says_why() -> None:
    oxigraph_syntax_error.cache_clear()
    assert oxigraph_syntax_error("SELECT * WHERE { ?s ?p ?o }") is None
    error = oxigraph_syntax_error("SELECT * WHERE { ?s ?p }")
    assert error is not None and "1:" in error, error
    assert oxigraph_syntax_error("SELECT * WHERE { ?s ?p ?o }") is None
    info = oxigraph_syntax_error.cache_info()
    assert (info.hits, info.misses) == (1, 2)
