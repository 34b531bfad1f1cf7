"""Every ``-f json`` output has a JSON Schema in docs/schemas/ and matches it; keys are
snake_case everywhere (issue 18). A command that gains ``-f json`` without a schema fails
``test_every_json_output_has_a_schema``: write docs/schemas/<command>.schema.json."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import click
import jsonschema
import pytest
from click.testing import Result

from painkg.cli import cli
from support.reviews import ACCEPTANCE_EDITS, ARTICLE, revise

SCHEMAS = Path(__file__).resolve().parents[2] / "docs" / "schemas"

#: schema name -> a command line whose output it describes (more than one for some).
RUNS: dict[str, list[tuple[str, ...]]] = {
    "evidence": [("evidence", "kinesiophobia"), ("evidence", "HP:4000009")],
    "audit": [("audit",)],
    "validate": [("validate",)],
    "wiki-validate": [("wiki", "validate", "{graph}")],
    "stats": [("stats",)],
    "ask-interventions": [("ask", "interventions", "--problem", "kinesiophobia")],
    "path": [("path", "graded exposure", "kinesiophobia")],
    "neighbours": [("neighbours", "kinesiophobia", "--depth", "2")],
    "rank": [("rank",)],
    "query-list": [("query", "list")],
    "query-show": [("query", "show", "sources-by-tier"), ("query", "show", "qc/orphan-source")],
    "query-prefixes": [("query", "prefixes")],
    "query-run": [("query", "run", "sources-by-tier"), ("query", "run", "-")],
    "card": [("card", "graded exposure"), ("card", "kinesiophobia"), ("card", "premature closure")],
    "why": [("why", "graded exposure", "targets", "kinesiophobia")],
    "ask-cautions": [("ask", "cautions"),
                     ("ask", "cautions", "--intervention", "pain neuroscience education")],
    "curate-gaps": [("curate", "gaps"), ("curate", "gaps", "central-sensitization")],
    "review-queue": [("review", "queue"), ("review", "queue", "--limit", "5")],
    # the same revision twice: exit 0 (a revision that differs exits 1, see test_diff_schema)
    "diff": [("diff", "{article}", "{article}")],
}


def _json_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[str]:
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _json_commands(command, (*prefix, name))
            continue
        for param in command.params:
            if (isinstance(param, click.Option) and "--format" in param.opts
                    and isinstance(param.type, click.Choice) and "json" in param.type.choices):
                yield "-".join((*prefix, name))


def _keys(doc: object) -> Iterator[str]:
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield key
            yield from _keys(value)
    elif isinstance(doc, list):
        for value in doc:
            yield from _keys(value)


def test_every_json_output_has_a_schema() -> None:
    have = {p.name.removesuffix(".schema.json") for p in SCHEMAS.glob("*.schema.json")}
    commands = set(_json_commands(cli))
    assert commands == set(RUNS), "a -f json output without a schema, or a stale schema"
    assert have == set(RUNS)


@pytest.mark.parametrize("name", sorted(RUNS))
def test_json_output_matches_its_schema(name: str, invoke: Callable[..., Result],
                                        repo: Path) -> None:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    for args in RUNS[name]:
        args = tuple(a.format(graph=repo / "data" / "graph", article=ARTICLE)
                     for a in args)
        result = invoke(*args, "-f", "json", input="ASK { ?c a pk:Claim }")
        assert result.exit_code == 0, (args, result.output)
        doc = json.loads(result.stdout)
        jsonschema.validate(doc, schema)
        if name not in ("stats", "query-prefixes", "query-run"):  # keys there are data
            assert [k for k in _keys(doc) if not re.fullmatch(r"[a-z][a-z0-9_]*", k)] == []


def test_diff_of_a_revision_matches_its_schema(tmp_path: Path,
                                               invoke: Callable[..., Result]) -> None:
    """RUNS can only hold exit-0 runs; a revision that differs exits 1 and fills ``counts`` and
    ``changes``, whose keys must be snake_case too (the kinds are hyphenated values)."""
    schema = json.loads((SCHEMAS / "diff.schema.json").read_text(encoding="utf-8"))
    revised = revise(tmp_path / "revised.txt", *ACCEPTANCE_EDITS)
    result = invoke("diff", str(ARTICLE), str(revised), "-f", "json")
    assert result.exit_code == 1, result.output
    doc = json.loads(result.stdout)
    jsonschema.validate(doc, schema)
    assert doc["counts"]["claim_reworded"] == 1 and not doc["same"]
    assert {c["kind"] for c in doc["changes"]} >= {"claim-reworded", "source-retiered"}
    assert [k for k in _keys(doc) if not re.fullmatch(r"[a-z][a-z0-9_]*", k)] == []
