"""``painkg query``: list, show and run the SPARQL query library (or your own .rq files)."""

from __future__ import annotations

from pathlib import Path

import click

from painkg.cli.common import (
    AppState,
    emit,
    examples,
    format_option,
    limit_option,
    output_options,
    pass_state,
    timeout_option,
)

__all__ = ["COMMANDS", "query"]


@click.group(
    help="The SPARQL query library: research questions, views and quality checks."
    + examples(
        "painkg query list",
        "painkg query show interventions-for-problem",
        "painkg query run interventions-for-problem -p problem=kinesiophobia -f json",
    ),
)
def query() -> None:
    pass


@query.command(
    "list",
    help="List the library's queries with their kind, parameters and summary."
    + examples("painkg query list", "painkg query list --kind qc -f tsv"),
)
@click.option("--kind", type=click.Choice(["research", "views", "qc"]), default=None,
              help="Only this folder of the library.")
@format_option(["table", "tsv", "json"])
def list_cmd(kind: str | None, fmt: str) -> None:
    import json

    from painkg.query.catalog import list_queries

    queries = list_queries(kind)
    rows = [(q.kind, q.name, ",".join(p.name + ("" if p.required else "?")
                                       for p in q.parameters), q.summary) for q in queries]
    if fmt == "json":
        doc = [{"kind": q.kind, "name": q.name, "summary": q.summary, "tags": list(q.tags),
                "parameters": [{"name": p.name, "kind": p.kind, "required": p.required,
                                "default": p.default} for p in q.parameters]}
               for q in queries]
        emit(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    elif fmt == "tsv":
        emit("".join("\t".join(r) + "\n" for r in [("kind", "name", "parameters", "summary"),
                                                   *rows]))
    else:
        widths = [max(len(r[i]) for r in rows + [("kind", "name", "params", "")])
                  for i in range(3)]
        lines = ["  ".join(c.ljust(w) for c, w in zip(r[:3], widths, strict=True)) + "  " + r[3]
                 for r in [("kind", "name", "params", "summary"), *rows]]
        emit("\n".join(line.rstrip() for line in lines) + "\n")


@query.command(
    "show",
    help="Show a query's header (summary, description, parameters) and its SPARQL text; "
    "-f rq prints the file as it is, -f json the header as data."
    + examples("painkg query show interventions-for-problem",
               "painkg query show qc/claim-marker-count -f json",
               "painkg query show glossary -f rq > glossary.rq"),
)
@click.argument("name")
@format_option(["text", "rq", "json"])
def show_cmd(name: str, fmt: str) -> None:
    from painkg.query.catalog import find_query

    q = find_query(name)
    if fmt == "rq":
        emit(q.text)
        return
    if fmt == "json":
        import json

        record = {
            "name": q.name, "kind": q.kind, "file": str(q.path), "summary": q.summary,
            "description": q.description, "tags": list(q.tags), "problem": q.problem or None,
            "solution": q.solution or None,
            "parameters": [{"name": p.name, "variable": p.variable, "kind": p.kind,
                            "required": p.required, "default": p.default}
                           for p in q.parameters],
            "query": q.text,
        }
        emit(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
        return
    lines = [f"name:        {q.name}", f"kind:        {q.kind}", f"file:        {q.path}",
             f"summary:     {q.summary}"]
    if q.description:
        lines.append(f"description: {q.description}")
    if q.tags:
        lines.append(f"tags:        {', '.join(q.tags)}")
    if q.problem:
        lines += [f"problem:     {q.problem}", f"solution:    {q.solution}"]
    for p in q.parameters:
        default = f" (default {p.default})" if p.default is not None else ""
        need = "required" if p.required else "optional"
        lines.append(f"parameter:   {p.name} = {p.kind}, {need}, binds ?{p.variable}{default}")
    emit("\n".join(lines) + "\n\n" + q.text.rstrip("\n") + "\n")


@query.command(
    "run",
    help="Run a library query by NAME, or a .rq FILE, on the graph. Parameters are bound as "
    "RDF terms: an IRI parameter takes an IRI, a CURIE (pkr:kinesiophobia) or a name.\n\n"
    "The query runs in a worker process that is stopped after --timeout seconds; rows beyond "
    "--limit are cut (a note on stderr says so). Updates, SERVICE and FROM are refused.\n\n"
    "Exit codes: 0 ok, 2 unknown query, bad/missing parameter or refused query, 3 graph not "
    "loadable or query timed out."
    + examples(
        "painkg query run interventions-for-problem -p problem=kinesiophobia",
        "painkg query run sources-by-tier -f csv -o sources.csv",
        "painkg query run my-question.rq -f json",
    ),
)
@click.argument("name_or_file")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query parameter (repeatable).")
@timeout_option("query")
@limit_option("rows")
@output_options(["table", "csv", "tsv", "json"])
@pass_state
def run_cmd(state: AppState, name_or_file: str, params: tuple[str, ...], fmt: str,
            output: Path | None, timeout: float, limit: int) -> None:
    from painkg.cli.common import warn
    from painkg.query.catalog import find_query
    from painkg.query.params import parse_param_args
    from painkg.query.results import format_results
    from painkg.query.run import run_user_query
    from painkg.traversal.names import name_resolver

    values = parse_param_args(params)
    q = find_query(name_or_file)
    store = state.store()
    table, truncated = run_user_query(store, q, values, name_resolver(store), timeout=timeout,
                                      limit=limit)
    emit(format_results(table, fmt), output)
    if truncated:
        warn(f"painkg: note: the result was cut at --limit {limit} rows; raise --limit "
             f"(0 for no limit) to see the rest.")


COMMANDS = [query]
