"""Which SHACL-SPARQL queries may bind $this by a join: the conservative rules, case by case.

Each refused query is one where joining with the focus nodes gives other rows than running
the query once per focus node with $this pre-bound (tests/test_shaclsparql.py shows one such
difference against pyshacl); each accepted one is a pattern painkg's shapes use.
"""

from __future__ import annotations

import pytest

from painkg.sparql_tokens import tokenize
from painkg.validation.prebinding import join_unsafe_reason

NAMES = ("this", "currentShape")


@pytest.mark.parametrize("query", [
    "SELECT $this ?value WHERE { $this <urn:p> ?value }",
    "SELECT * WHERE { $this <urn:p> ?o }",
    "SELECT $this (<urn:p> AS ?path) ($this AS ?value) WHERE { $this <urn:p>+ $this }",
    "SELECT $this WHERE { $this <urn:p> ?v OPTIONAL { $this <urn:q> ?w } FILTER (!BOUND(?w)) }",
    "SELECT $this WHERE { ?c <urn:m> $this OPTIONAL { ?c <urn:q> ?w FILTER (?w != $this) } }",
    "SELECT $this ?n WHERE { { SELECT $this (COUNT(?r) AS ?n) WHERE { $this <urn:r> ?r } "
    "GROUP BY $this } $this <urn:n> ?m FILTER (?m != ?n) }",
    "SELECT $this (COUNT(*) AS ?n) WHERE { $this ?p ?o } GROUP BY $this HAVING (COUNT(*) > 2)",
    "SELECT $this WHERE { $this ?p ?o FILTER (?o != $currentShape) }",
])
def test_accepted(query: str) -> None:
    assert join_unsafe_reason(tokenize(query), NAMES) is None


@pytest.mark.parametrize(("query", "reason"), [
    ("SELECT $this ?n WHERE { { SELECT (COUNT(*) AS ?n) WHERE { $this ?p ?o } } }",
     "does not project $this"),
    ("SELECT $this ?n WHERE { { SELECT $this (COUNT(?o) AS ?n) WHERE { OPTIONAL "
     "{ $this ?p ?o } } GROUP BY $this } }", "subselect > subwhere > optional"),
    ("SELECT $this ?n WHERE { ?x ?y ?z { SELECT $this ?n WHERE { ?n ?p ?o "
     "FILTER (?n = $this) } } }", "without binding it"),
    ("SELECT $this ?n WHERE { { SELECT $this ?n WHERE { $this ?p ?n } LIMIT 1 } }", "LIMIT"),
    ("SELECT $this WHERE { ?this ?p ?o OPTIONAL { ?o ?q ?r OPTIONAL { ?r ?s $this } } }",
     "optional > optional"),
    ("SELECT $this WHERE { { $this ?p ?o } UNION { ?o ?p $this } }", "group"),
    ("SELECT $this WHERE { ?s ?p ?o FILTER EXISTS { ?s ?q $this } }", "exists"),
    ("SELECT $this WHERE { ?s ?p ?o OPTIONAL { BIND ($this AS ?x) } }", "BIND"),
    ("SELECT $this WHERE { $this ?p ?o } LIMIT 1", "LIMIT"),
    ("SELECT $this WHERE { $this ?p ?o } OFFSET 2", "OFFSET"),
    ("SELECT ?o WHERE { $this ?p ?o }", "does not project $this"),
    ("SELECT $this (COUNT(*) AS ?n) WHERE { $this ?p ?o } GROUP BY ?o", "groups without"),
    ("SELECT $this WHERE { $this ?p ?o { SELECT ?o WHERE { ?o ?q $currentShape } } }",
     "does not project $currentShape"),
])
def test_refused_with_a_reason(query: str, reason: str) -> None:
    found = join_unsafe_reason(tokenize(query), NAMES)
    assert found is not None and reason in found, found
