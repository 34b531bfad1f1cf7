"""Property tests: hostile parameter values and entity names are bound as terms or refused
with a usage error (exit 2); they never change a query's structure and never end in a
traceback.

Values are drawn from any text (quotes, ``>``, newlines, ``}``, SPARQL keywords, non-Latin
scripts) plus hand-picked injection attempts and very long strings.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef

from painkg.cli import cli
from painkg.errors import UsageError
from painkg.query.catalog import Parameter, read_query_file
from painkg.query.params import bind_values, prepare_query, to_term
from painkg.sparql_tokens import outer_group_brace, tokenize

INJECTIONS = [
    '"', "'", '"""', "'''", ">", "<", "}", "{", "} }", "\n", "\r\n", "\\", "\\u0022",
    '" } ; DROP ALL ; SELECT * { "', "x> } ; CLEAR ALL #", "?s ?p ?o", "#", "# }\n",
    "SERVICE <http://127.0.0.1:9/>", "FROM <http://127.0.0.1:9/x>", "INSERT DATA {",
    "LOAD <http://127.0.0.1:9/x>", 'x"@en', 'x"^^<http://x/t>', "VALUES", "UNION", "FILTER(",
    "кінезіофобія", "运动恐惧", "خوف من الحركة", "運動恐怖症", "φόβος κίνησης", "🤕 pain",
    "pkr:kinesiophobia", "pkr:", "pkr:a b", "<https://w3id.org/painkg/id/kinesiophobia>",
    "https://x.org/a> } SELECT * {", "urn:x", "javascript:alert(1)", "", " ", "\t",
    "\u202e", "\ufeff", "a\u0000b",
]
HOSTILE = st.one_of(
    st.sampled_from(INJECTIONS),
    st.lists(st.sampled_from(INJECTIONS), min_size=2, max_size=6).map("".join),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=60),
    st.builds(lambda s, n: s * n, st.sampled_from(['"}', "é", "a", "<>"]),
              st.integers(1_000, 20_000)),
)
LITERAL = Parameter("label", "_label", "literal", True)
IRI = Parameter("problem", "_problem_iri", "iri", True)
TYPED = [Parameter(k, f"_{k}", k, True) for k in ("integer", "decimal", "boolean", "date",
                                                     "gYear")]
QUERIES = [
    "SELECT ?x WHERE { ?x ?p ?_v }",
    'SELECT * { ?s ?p "}" . ?s ?q ?_v } # }',
    "CONSTRUCT { ?s ?p ?_v } WHERE { ?s ?p ?_v OPTIONAL { ?s ?q ?o } }",
    "ASK { { SELECT ?x WHERE { ?x ?p ?_v } } }",
]
FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _assert_only_values_added(query: str, bound: str) -> None:
    """The bound query's tokens are the original's plus one VALUES block holding one term."""
    before, after = tokenize(query), tokenize(bound)
    brace = outer_group_brace(before)
    added = after[brace + 1: brace + 1 + len(after) - len(before)]
    assert [(t.kind, t.text) for t in after[: brace + 1]] == [
        (t.kind, t.text) for t in before[: brace + 1]]
    assert [(t.kind, t.text) for t in after[brace + 1 + len(added):]] == [
        (t.kind, t.text) for t in before[brace + 1:]]
    texts = [t.text for t in added]
    assert texts[:5] == ["VALUES", "(", "?_v", ")", "{"] and texts[-2:] == [")", "}"]
    term = added[6:-2]
    assert texts[5] == "(" and 1 <= len(term) <= 3, texts
    assert term[0].kind in ("iri", "string")


@FAST
@given(value=HOSTILE, query=st.sampled_from(QUERIES))
def test_literal_values_only_add_a_values_block(value: str, query: str) -> None:
    try:
        bound = bind_values(query, {"_v": to_term(LITERAL, value)})
    except UsageError:
        return  # refused as a usage error is fine; anything else is not
    _assert_only_values_added(query, bound)


@FAST
@given(value=HOSTILE)
def test_literal_values_round_trip_through_the_engine(value: str) -> None:
    """Bound as a literal, the value comes back from Oxigraph exactly as given."""
    import pyoxigraph as ox

    try:
        bound = bind_values("SELECT ?_v WHERE { }", {"_v": to_term(LITERAL, value)})
    except UsageError:
        return
    rows = list(ox.Store().query(bound))
    assert len(rows) == 1 and rows[0]["_v"].value == value


@FAST
@given(value=HOSTILE, query=st.sampled_from(QUERIES))
def test_iri_values_are_one_iri_term_or_a_usage_error(value: str, query: str) -> None:
    try:
        term = to_term(IRI, value)
    except UsageError as exc:
        assert exc.exit_code == 2 and "'problem'" in exc.message
        return
    assert isinstance(term, URIRef)
    assert not any(c in str(term) for c in '<>"{}|^`\\ \n\t\x00')
    _assert_only_values_added(query, bind_values(query, {"_v": term}))


@FAST
@given(value=HOSTILE, param=st.sampled_from(TYPED))
def test_typed_values_are_a_typed_literal_or_a_usage_error(value: str, param: Parameter) -> None:
    try:
        term = to_term(param, value)
    except UsageError as exc:
        assert exc.exit_code == 2 and f"xsd:{param.kind}" in exc.message
        return
    assert isinstance(term, Literal) and str(term.datatype).endswith("#" + param.kind)
    _assert_only_values_added(QUERIES[0], bind_values(QUERIES[0], {"_v": term}))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(label=HOSTILE, minrank=st.one_of(st.none(), HOSTILE, st.integers().map(str)))
def test_catalog_query_with_hostile_parameters(repo: Path, label: str,
                                               minrank: str | None) -> None:
    query = read_query_file(repo / "tests" / "cases" / "catalog" / "research" / "by-label.rq")
    values = {"label": label} if minrank is None else {"label": label, "minrank": minrank}
    try:
        bound = prepare_query(query, values)
    except UsageError as exc:
        assert exc.exit_code == 2
        return
    before, after = tokenize(query.text), tokenize(bound)
    brace = outer_group_brace(before)
    end = next(i for i in range(brace + 1, len(after))
               if after[i].kind == "punct" and after[i].text == "}")
    block = [t.text for t in after[brace + 1: end + 1]]
    names = sorted(p.variable for p in query.parameters if p.name in values)
    n = len(names)
    assert block[: n + 5] == ["VALUES", "(", *("?" + v for v in names), ")", "{", "("]
    assert block[-2:] == [")", "}"], block
    terms = after[brace + 1 + n + 5: end - 1]  # only term tokens: no word, variable or brace
    assert all(t.kind in ("string", "iri", "langtag") or t.text == "^^" for t in terms), terms
    assert sum(t.kind == "string" for t in terms) == n
    rest = after[: brace + 1] + after[end + 1:]
    assert [(t.kind, t.text) for t in rest] == [(t.kind, t.text) for t in before]


# --- names through the CLI ----------------------------------------------------------------

NAMES = st.one_of(st.sampled_from(INJECTIONS + ["kinesiophobia", "fear of movement",
                                                "graded exposure", "Graded Exposure"]),
                  st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
                  st.builds(lambda n: "é" * n, st.integers(5_000, 50_000)))
COMMANDS: list[Callable[[str], list[str]]] = [
    lambda name: ["ask", "interventions", "--problem", name],
    lambda name: ["evidence", name],
    lambda name: ["neighbours", name],
    lambda name: ["query", "run", "about-entity", "-p", f"entity={name}", "-f", "tsv"],
]


def _run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(cli, args, catch_exceptions=False)  # a traceback would raise
    return result.exit_code, result.stderr


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=NAMES, command=st.sampled_from(range(len(COMMANDS))))
def test_any_name_exits_0_or_2_without_a_traceback(name: str, command: int) -> None:
    code, stderr = _run(COMMANDS[command](name))
    assert code in (0, 2), stderr
    assert "Traceback" not in stderr
    if code == 2:
        assert stderr.startswith("painkg: error: "), stderr
