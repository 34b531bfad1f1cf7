"""``painkg query list | show | run`` (painkg.cli.query): formats, output files, exit codes,
error messages."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from rdflib.query import Result as SparqlResult


def test_list_shows_every_kind(invoke: Callable[..., Result]) -> None:
    result = invoke("query", "list", "-f", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    kinds = {q["kind"] for q in doc}
    assert {"research", "qc"} <= kinds
    smart = next(q for q in doc if q["name"] == "smart-objectives")
    assert smart["parameters"] == [{"name": "tier", "kind": "iri", "required": False,
                                    "default": None}]


def test_show_prints_header_and_text(invoke: Callable[..., Result]) -> None:
    result = invoke("query", "show", "qc/orphan-source")
    assert result.exit_code == 0, result.output
    assert "problem:     A pk:Source is in the graph" in result.stdout
    assert "SELECT ?entity ?label ?problem ?value" in result.stdout


def test_run_json_is_sparql_results_json(invoke: Callable[..., Result]) -> None:
    result = invoke("query", "run", "sources-by-tier", "-p", "tier=pk:T2", "-f", "json")
    assert result.exit_code == 0, result.output
    parsed = SparqlResult.parse(io.BytesIO(result.stdout_bytes), format="json")
    assert [str(row["label"]) for row in parsed] == ["IASP n.d."]  # type: ignore[index]


def test_run_writes_output_file(invoke: Callable[..., Result], tmp_path: Path) -> None:
    out = tmp_path / "conditions.csv"
    result = invoke("query", "run", "conditions-for-construct", "-f", "csv", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("condition,conditionLabel,prototypical")


def test_run_a_user_file(invoke: Callable[..., Result], tmp_path: Path) -> None:
    mine = tmp_path / "mine.rq"
    mine.write_text("#+ summary: mine\nPREFIX pk: <https://w3id.org/painkg/vocab#>\n"
                    "SELECT (COUNT(*) AS ?n) WHERE { ?c a pk:Claim ; pk:marker ?_m_iri }\n")
    result = invoke("query", "run", str(mine), "-p", "m=pk:LLM", "-f", "tsv")
    assert result.exit_code == 0, result.output
    assert result.stdout == "?n\n47\n", "47 of the article's 97 claims carry only the LLM tag"


def test_unknown_query_exits_2_with_suggestion(invoke: Callable[..., Result]) -> None:
    result = invoke("query", "run", "sources-by-tiers")
    assert result.exit_code == 2, result.output
    assert "No query is named 'sources-by-tiers'" in result.stderr
    assert "sources-by-tier" in result.stderr and result.stdout == ""


def test_bad_parameters_exit_2_naming_them(invoke: Callable[..., Result]) -> None:
    cases = [
        (["-p", "problem=no such thing"], "No entity is named 'no such thing'"),
        (["-p", "problem=https://x.org/a b"], "'problem'"),
        (["-p", "problm=kinesiophobia"], "has no parameter 'problm'"),
        (["-p", "problem"], "'problem' is not written as name=value"),
    ]
    for args, message in cases:
        result = invoke("query", "run", "interventions-for-problem", *args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr


def test_refused_query_exits_2(invoke: Callable[..., Result], tmp_path: Path) -> None:
    bad = tmp_path / "federated.rq"
    bad.write_text("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }\n")
    result = invoke("query", "run", str(bad))
    assert result.exit_code == 2, result.output
    assert "SERVICE" in result.stderr


def test_syntax_error_in_user_file_exits_2(invoke: Callable[..., Result], tmp_path: Path) -> None:
    bad = tmp_path / "broken.rq"
    bad.write_text("SELECT ?x WHERE { ?x ?p }\n")
    result = invoke("query", "run", str(bad))
    assert result.exit_code == 2, result.output
    assert "does not parse" in result.stderr
