"""``painkg query run`` as complete as ``robot query``: CONSTRUCT/DESCRIBE as graphs, stdin,
predefined prefixes, several queries into a folder, short and checked parameters (issue 18).
The prefixes themselves are tested in tests/query/test_prefixes.py."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from click.testing import Result

from painkg.query.catalog import query_from_text
from painkg.query.run import answer_user_query
from painkg.store import OxigraphStore
from painkg.traversal.names import iri_checker, name_resolver

KINESIOPHOBIA = "https://w3id.org/painkg/id/kinesiophobia"
CONSTRUCT = ("CONSTRUCT { ?i pk:targets ?p } WHERE { ?i pk:targets ?p . "
             "?p rdfs:label \"Kinesiophobia\" }")


def _triples(data: bytes, fmt: ox.RdfFormat) -> set[tuple[str, str, str]]:
    return {(str(t.subject), str(t.predicate), str(t.object))
            for t in ox.parse(data, format=fmt)}


def test_construct_without_prefix_lines_in_every_graph_format(
        invoke: Callable[..., Result]) -> None:
    answers = {}
    for fmt, rdf in (("turtle", ox.RdfFormat.TURTLE), ("ntriples", ox.RdfFormat.N_TRIPLES),
                     ("jsonld", ox.RdfFormat.JSON_LD)):
        result = invoke("query", "run", "-", "-f", fmt, input=CONSTRUCT)
        assert result.exit_code == 0, result.output
        answers[fmt] = _triples(result.stdout_bytes, rdf)
    assert answers["turtle"] == answers["ntriples"] == answers["jsonld"]
    targeters = {s.rsplit("/", 1)[1].rstrip(">") for s, _, _ in answers["turtle"]}
    # graded activity targets kinesiophobia too, implied only (the curation of issue 12)
    assert targeters == {"graded-exposure", "graded-activity",
                         "central-sensitization-psychoeducation"}


def test_construct_defaults_to_turtle_and_is_deterministic(
        invoke: Callable[..., Result]) -> None:
    first = invoke("query", "run", "-", input=CONSTRUCT)
    second = invoke("query", "run", "-", input=CONSTRUCT)
    assert first.exit_code == 0, first.output
    assert first.stdout_bytes == second.stdout_bytes
    assert first.stdout.startswith("@prefix pk: <https://w3id.org/painkg/vocab#> .\n")


def test_describe_from_query_file_stdin(invoke: Callable[..., Result]) -> None:
    result = invoke("query", "run", "--query-file", "-", "-f", "ntriples",
                    input="DESCRIBE pkr:kinesiophobia")
    assert result.exit_code == 0, result.output
    triples = _triples(result.stdout_bytes, ox.RdfFormat.N_TRIPLES)
    assert ("<" + KINESIOPHOBIA + ">", "<http://www.w3.org/2000/01/rdf-schema#label>",
            '"Kinesiophobia"') in triples


def test_a_table_format_for_a_graph_is_exit_2(invoke: Callable[..., Result]) -> None:
    result = invoke("query", "run", "-", "-f", "csv", input=CONSTRUCT)
    assert result.exit_code == 2, result.output
    assert "its result is a graph, written as turtle, ntriples, jsonld" in result.stderr
    select = invoke("query", "run", "glossary", "-f", "turtle")
    assert select.exit_code == 2, select.output
    assert "its result is a table" in select.stderr


def test_several_queries_into_a_folder(invoke: Callable[..., Result], tmp_path: Path) -> None:
    out = tmp_path / "results"
    result = invoke("query", "run", "sources-by-tier", "views/interventions", "-",
                    "-p", "tier=T2", "-o", f"{out}/", input="ASK { ?s a pk:Claim }")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["interventions.ttl", "sources-by-tier.txt",
                                                     "stdin.txt"]
    assert (out / "stdin.txt").read_text() == "yes\n"
    assert "IASP n.d." in (out / "sources-by-tier.txt").read_text()
    graph = _triples((out / "interventions.ttl").read_bytes(), ox.RdfFormat.TURTLE)
    assert any(o == "<" + KINESIOPHOBIA + ">" for _, _, o in graph)


def test_several_queries_need_a_folder(invoke: Callable[..., Result], tmp_path: Path) -> None:
    result = invoke("query", "run", "glossary", "mechanisms", "-o", str(tmp_path / "x.txt"))
    assert result.exit_code == 2, result.output
    assert "name a folder with -o DIR/" in result.stderr
    assert not (tmp_path / "x.txt").exists()


def test_short_form_parameter_resolves_to_the_tier(invoke: Callable[..., Result]) -> None:
    short = invoke("query", "run", "sources-by-tier", "-p", "tier=T1", "-f", "tsv")
    curie = invoke("query", "run", "sources-by-tier", "-p", "tier=pk:T1", "-f", "tsv")
    assert short.exit_code == 0, short.output
    assert short.stdout == curie.stdout and short.stdout.count("\n") == 4  # header + 3 T1


def test_a_curie_naming_nothing_is_exit_2_with_suggestions(
        invoke: Callable[..., Result]) -> None:
    result = invoke("query", "run", "sources-by-tier", "-p", "tier=pk:TierT1")
    assert result.exit_code == 2, result.output
    assert "'pk:TierT1' names nothing in the graph" in result.stderr
    assert "pk:T1" in result.stderr and "--allow-unknown" in result.stderr
    allowed = invoke("query", "run", "sources-by-tier", "-p", "tier=pk:TierT1",
                     "--allow-unknown", "-f", "tsv")
    assert allowed.exit_code == 0, allowed.output
    assert allowed.stdout.count("\n") == 1, "only the header: the tier names nothing"


def test_mapped_id_as_a_parameter(kg: OxigraphStore) -> None:
    query = query_from_text("SELECT ?l WHERE { ?_x_iri rdfs:label ?l }", "mine")
    for given in ("HP:4000009", "MESH:D000092442", "kinesiophobia", "pkr:kinesiophobia"):
        answer = answer_user_query(kg, query, {"x": given}, name_resolver(kg), iri_checker(kg))
        assert answer.table is not None
        assert [str(r["l"]) for r in answer.table.records()] == ["Kinesiophobia"], given


def test_jsonld_result_is_plain_json_ld(invoke: Callable[..., Result]) -> None:
    result = invoke("query", "run", "-", "-f", "jsonld", input=CONSTRUCT)
    doc = json.load(io.BytesIO(result.stdout_bytes))
    assert isinstance(doc, list) and all("@id" in node for node in doc)
