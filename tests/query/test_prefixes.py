"""painkg.query.prefixes: the prefixes every user query may use undeclared, added in front of
the query's first token (same line) only where the query uses them without a PREFIX line;
``painkg query prefixes`` lists them."""

from __future__ import annotations

import json
from collections.abc import Callable

from click.testing import Result

from painkg.query.prefixes import (
    PREDEFINED,
    add_prefixes,
    declared_prefixes,
    prefix_table,
    used_prefixes,
)
from painkg.sparql_tokens import tokenize


def test_prefixes_are_added_only_where_missing_and_on_the_same_line() -> None:
    text = "# comment\nPREFIX pk: <urn:mine#>\nSELECT * WHERE { ?a pk:x ?b ; skos:y MESH:D1 }"
    out = add_prefixes(text)
    assert out.count("\n") == text.count("\n"), "line numbers of the user's text must hold"
    assert "PREFIX pk: <urn:mine#>" in out and "PREFIX pk: <https" not in out
    assert f"PREFIX MESH: <{PREDEFINED['MESH']}> PREFIX skos: <{PREDEFINED['skos']}>" in out
    assert add_prefixes("SELECT * WHERE { ?s ?p _:b }") == "SELECT * WHERE { ?s ?p _:b }"


def test_query_prefixes_lists_every_predefined_prefix(invoke: Callable[..., Result]) -> None:
    result = invoke("query", "prefixes", "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == PREDEFINED
    sparql = invoke("query", "prefixes")
    assert "PREFIX pk: <https://w3id.org/painkg/vocab#>\n" in sparql.stdout


def test_declared_and_used_prefixes() -> None:
    tokens = tokenize("PREFIX a: <urn:a#> SELECT * WHERE { ?s a:p b:o ; ?p _:x }")
    assert declared_prefixes(tokens) == {"a"}
    assert used_prefixes(tokens) == {"a", "b"}  # the blank node's _: is no prefix


def test_tokens_already_read_give_the_same_text() -> None:
    text = "SELECT ?c WHERE { ?c a pk:Claim ; rdfs:label ?l }"
    assert add_prefixes(text, tokenize(text)) == add_prefixes(text)
    assert add_prefixes(text).startswith(
        f"PREFIX pk: <{PREDEFINED['pk']}> PREFIX rdfs: <{PREDEFINED['rdfs']}> SELECT")


def test_an_unknown_prefix_is_left_to_the_parser() -> None:
    text = "SELECT * WHERE { ?s nosuch:p ?o }"
    assert add_prefixes(text) == text


def test_prefix_table_lists_painkg_first_then_the_mapping_schemes() -> None:
    table = prefix_table()
    assert dict(table) == PREDEFINED
    names = [p for p, _ in table]
    assert names.index("pk") < names.index("MESH")
