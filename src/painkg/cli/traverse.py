"""``painkg ask interventions``, ``path``, ``neighbours`` and ``rank``: graph walks with evidence.

Thin wrappers over :mod:`painkg.traversal.walks`. Tables go to stdout (one row per piece of evidence
or relation, columns aligned, the last column unpadded); ``-f json`` gives the dataclasses'
``as_dict()`` forms with sorted keys. An empty answer (no intervention, no path) is not an
error: a message goes to stderr and the exit code is 0 (1 is kept for violations/QC rows).
Every walk runs in a worker process stopped after ``--timeout`` seconds (exit 3), and what it
reports is cut at ``--limit`` rows with a note on stderr (:mod:`painkg.traversal.bounded_walks`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from painkg.cli.common import (
    AppState,
    count_type,
    examples,
    format_option,
    limit_option,
    pass_state,
    timeout_option,
    warn,
)
from painkg.tiers import UNREVIEWED

__all__ = ["COMMANDS", "ask", "path", "neighbours", "rank", "render_table", "evidence_summary"]

F = TypeVar("F", bound=Callable[..., Any])


def _cut_note(limit: int, what: str) -> None:
    warn(f"painkg: note: more {what} were found than --limit {limit}; only the first {limit} "
         f"are shown. Raise --limit to see the rest.")


def render_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Columns padded to their widest cell (the last one not), one line per row."""
    cells = [[("-" if c is None else str(c)).replace("\n", " ") for c in row]
             for row in [headers, *rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join([*(c.ljust(w) for c, w in zip(r[:-1], widths, strict=False)),
                        r[-1]]).rstrip() for r in cells]
    return "\n".join(lines) + "\n"


def evidence_summary(evidence: Sequence[dict[str, Any]]) -> str:
    """"Woolf 2011 [T1]; LLM x2": each source once, strongest first, then the LLM count."""
    sources: dict[str, str] = {}
    llm = untiered = 0
    for item in evidence:
        source = item["source"]
        if source is not None:
            sources.setdefault(source["label"], source["tier"] or "untiered")
        elif item["tier"] == "LLM":
            llm += 1
        else:
            untiered += 1
    parts = [f"{label} [{tier}]" for label, tier in sources.items()]
    if llm:
        parts.append(f"LLM x{llm}")
    if untiered:
        parts.append(f"unmarked x{untiered}")
    return "; ".join(parts) or "no evidence"


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _echo(text: str) -> None:
    click.echo(text, nl=False)


@click.group(
    help="Ask a clinical question of the graph; every answer carries its evidence."
    + examples("painkg ask interventions --problem kinesiophobia",
               "painkg ask interventions --problem \"fear of movement\" -f json"),
)
def ask() -> None:
    """Question family (subcommands do the work)."""


@ask.command(
    "interventions",
    help="Interventions that target a problem for work, directly or through an intervention "
    "nested in them (X nestedIn Y: Y reaches the problem via X, followed transitively), each "
    "with the claims, sources and tiers behind it, strongest evidence first (T1 > T2 > T3 > "
    "LLM), then by label. NAME is a label, a synonym, an IRI or a CURIE (pkr:kinesiophobia)."
    " The table has one row per supporting claim; JSON has one object per route."
    + examples("painkg ask interventions --problem kinesiophobia",
               "painkg ask interventions --problem \"fear of movement\"",
               "painkg ask interventions --problem pkr:kinesiophobia -f json",
               "painkg ask interventions --problem kinesiophobia --why"),
)
@click.option("--problem", required=True, metavar="NAME", help="The problem for work.")
@format_option(["table", "json"])
@click.option("--why", "explain", is_flag=True,
              help="After the answer, explain each of its relations as 'painkg why' does "
              "(sentences, tiers and how they were chosen, the SPARQL that reproduces it).")
@timeout_option("walk")
@limit_option("routes")
@click.option("--reviewed-only", is_flag=True,
              help="Only routes with at least one verified claim stating them.")
@pass_state
def interventions(state: AppState, problem: str, fmt: str, explain: bool, timeout: float,
                  limit: int, reviewed_only: bool) -> None:
    from painkg.traversal.bounded_walks import bounded_interventions

    entity, routes, truncated = bounded_interventions(state.store(), problem, timeout=timeout,
                                                      limit=limit or None)
    if reviewed_only:
        routes = [r for r in routes if r.reviewed]
    if truncated:
        _cut_note(limit, "routes")
    if not routes:
        warn(f"No intervention in the graph targets {entity.label!r}"
             + (" with a verified claim stating it." if reviewed_only else "."))
    if explain:
        from painkg.reports.why import route_triples

        _explain(state, route_triples(entity.iri, list(routes)), fmt)
        return
    if fmt == "json":
        _echo(_json([r.as_dict() for r in routes]))
        return
    rows = []
    for route in routes:
        for item in route.evidence or (None,):
            if item is None:
                rows.append([route.label, route.via, route.stated_tier, route.implied_tier,
                             route.review, None, None, None, None, None, None, None])
                continue
            source = item.source.label if item.source else None
            kind = item.source.kind if item.source else None
            rows.append([route.label, route.via, route.stated_tier, route.implied_tier,
                         route.review, item.role, item.tier, item.review or UNREVIEWED, kind,
                         source, item.section, item.text])
    if rows:
        _echo(render_table(["intervention", "via", "stated_tier", "implied_tier", "review",
                            "role", "tier", "claim_review", "kind", "source", "section",
                            "claim"], rows))


@ask.command(
    "cautions",
    help="The cautions the article raises (contraindications, cautions, cultural humility), "
    "each with the sentences that raise it and their evidence (source, tier and document "
    "kind, or 'LLM only'), and what it limits where the article says so. With --intervention, "
    "only the cautions that limit it."
    + examples("painkg ask cautions",
               "painkg ask cautions -f json",
               "painkg ask cautions --intervention \"pain neuroscience education\""),
)
@click.option("--intervention", metavar="NAME", default=None,
              help="Only cautions that limit this intervention (label, synonym, IRI or CURIE).")
@format_option(["text", "json"])
@pass_state
def cautions(state: AppState, intervention: str | None, fmt: str) -> None:
    from painkg.reports.cautions import format_cautions_json, format_cautions_text, list_cautions

    found = list_cautions(state.store(), intervention)
    if not found:
        warn("No caution in the graph" + (f" limits {intervention!r}." if intervention else "."))
    _echo(format_cautions_json(found) if fmt == "json" else format_cautions_text(found))


def _explain(state: AppState, triples: list[tuple[str, str, str]], fmt: str) -> None:
    """--why: every relation of the answer explained (JSON: a list of explanations)."""
    from painkg.reports.why import format_why_json, format_why_text, why_triples

    answers = why_triples(state.store(), triples)
    _echo(format_why_json(answers) if fmt == "json" else format_why_text(answers))


def _arrow(relation: dict[str, Any]) -> str:
    if relation["direction"] == "forward":
        return f"-[{relation['predicate']}]->"
    return f"<-[{relation['predicate']}]-"


@click.command(
    help="The shortest explanatory path(s) between two concepts. Relations are followed in "
    "either direction but shown in their true direction; each hop lists every relation "
    "joining its two concepts, best-evidenced first. --by length finds the fewest hops "
    "(ties ordered by evidence weight); --by evidence weighs each hop by its best tier "
    "(T1=1, T2=2, T3=3, LLM=5, no evidence=8) so a better-evidenced path wins. No path is "
    "not an error: a message on stderr, exit 0."
    + examples("painkg path \"graded exposure\" \"central sensitization\"",
               "painkg path kinesiophobia allodynia --by evidence",
               "painkg path pkr:graded-exposure pkr:fibromyalgia -f json",
               "painkg path \"graded exposure\" kinesiophobia --why"),
)
@click.argument("start", metavar="FROM")
@click.argument("end", metavar="TO")
@click.option("--by", type=click.Choice(["length", "evidence"]), default="length",
              show_default=True, help="What makes a path shortest.")
@click.option("--limit", type=count_type(1), default=5, show_default=True,
              help="Most paths to show; a note on stderr says when more were found.")
@format_option(["table", "json"])
@click.option("--why", "explain", is_flag=True,
              help="After the answer, explain each of its relations as 'painkg why' does "
              "(sentences, tiers and how they were chosen, the SPARQL that reproduces it).")
@timeout_option("walk")
@pass_state
def path(state: AppState, start: str, end: str, by: str, limit: int, fmt: str, explain: bool,
         timeout: float) -> None:
    from painkg.traversal.bounded_walks import bounded_paths

    first, second, found, truncated = bounded_paths(state.store(), start, end, by, limit=limit,
                                                    timeout=timeout)
    if truncated:
        _cut_note(limit, "shortest paths")
    if not found:
        warn(f"No path joins {first.label!r} and {second.label!r} through curated relations.")
    if explain:
        from painkg.reports.why import path_triples

        _explain(state, path_triples(list(found)), fmt)
        return
    if fmt == "json":
        _echo(_json([p.as_dict() for p in found]))
        return
    rows = []
    for number, item in enumerate(found, 1):
        for hop_number, hop in enumerate(item.as_dict()["hops"], 1):
            for relation in hop["relations"]:
                rows.append([number, item.weight, hop_number, hop["from"]["label"],
                             _arrow(relation), hop["to"]["label"], relation["stated_tier"],
                             relation["implied_tier"], evidence_summary(relation["evidence"])])
    if rows:
        _echo(render_table(["path", "weight", "hop", "from", "relation", "to", "stated_tier",
                            "implied_tier", "evidence"], rows))


@click.command(
    help="The concepts within --depth hops of NAME (relations followed in either direction) "
    "and the relations that reach them, each with its best tier and evidence."
    + examples("painkg neighbours \"central sensitization\"",
               "painkg neighbours kinesiophobia --depth 2",
               "painkg neighbours pkr:graded-exposure -f json"),
)
@click.argument("name", metavar="NAME")
@click.option("--depth", type=count_type(1, 10), default=1, show_default=True,
              help="How many hops out.")
@format_option(["table", "json"])
@timeout_option("walk")
@limit_option("relations (and neighbours)")
@pass_state
def neighbours(state: AppState, name: str, depth: int, fmt: str, timeout: float,
               limit: int) -> None:
    from painkg.traversal.bounded_walks import bounded_neighbours

    found, truncated = bounded_neighbours(state.store(), name, depth, timeout=timeout,
                                          limit=limit or None)
    if truncated:
        _cut_note(limit, "relations or neighbours")
    if not found.relations:
        warn(f"{found.center['label']!r} has no curated relations.")
    if fmt == "json":
        _echo(_json(found.as_dict()))
        return
    rows = [[r["distance"], r["subject"]["label"], r["predicate"], r["object"]["label"],
             r["stated_tier"], r["implied_tier"], evidence_summary(r["evidence"])]
            for r in found.relations]
    if rows:
        _echo(render_table(["distance", "subject", "relation", "object", "stated_tier",
                            "implied_tier", "evidence"], rows))


@click.command(
    help="The most central concepts of the curated graph (claims and sources are evidence, "
    "not concepts, and are never ranked). --measure degree counts distinct related concepts; "
    "betweenness is normalised betweenness centrality. Ties break by label, then IRI."
    + examples("painkg rank", "painkg rank --top 5 --measure betweenness",
               "painkg rank -f json"),
)
@click.option("--top", type=count_type(1), default=10, show_default=True,
              help="How many concepts to list.")
@click.option("--measure", type=click.Choice(["degree", "betweenness"]), default="degree",
              show_default=True, help="Centrality measure.")
@format_option(["table", "json"])
@timeout_option("walk")
@pass_state
def rank(state: AppState, top: int, measure: str, fmt: str, timeout: float) -> None:
    from painkg.namespaces import shorten_iri
    from painkg.traversal.bounded_walks import bounded_rank

    ranked = bounded_rank(state.store(), top, measure, timeout=timeout)
    if fmt == "json":
        _echo(_json([r.as_dict() for r in ranked]))
        return
    rows = [[r.position, f"{r.score:g}", r.degree, r.entity["class"], shorten_iri(r.entity["iri"]),
             r.entity["label"]] for r in ranked]
    _echo(render_table(["rank", "score", "degree", "class", "curie", "label"], rows))


COMMANDS = [ask, path, neighbours, rank]
