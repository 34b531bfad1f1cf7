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
    pass_state,
    timeout_option,
)
from painkg.query.results import FORMATS

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
    help="Run library queries by NAME, .rq FILEs, or - (the query text on stdin) on the graph. "
    "SELECT and ASK answers are tables (-f table, csv, tsv, json: SPARQL results formats); "
    "CONSTRUCT and DESCRIBE answers are graphs (-f turtle, ntriples, jsonld). painkg's prefixes "
    "are predefined ('painkg query prefixes' lists them): a query may use pk:, pkr:, skos:, "
    "MESH: ... without PREFIX lines.\n\n"
    "Parameters are bound as RDF terms: an IRI parameter takes an IRI, a CURIE "
    "(pkr:kinesiophobia), a name (kinesiophobia), an identifier the mappings link to a node "
    "(MESH:D000092442, doi:10.1038/306686a0) or a short form (tier=T1). An IRI or CURIE that "
    "names nothing in the graph is refused with suggestions unless --allow-unknown is given.\n\n"
    "Several queries write one file each into the folder -o DIR/ (only this command and "
    "'painkg export kgx' take a folder for -o): DIR/NAME.EXT, the extension after the format "
    "(txt, csv, tsv, srj, ttl, nt, jsonld); a -p goes to every query that has that "
    "parameter.\n\n"
    "Each query runs in a worker process that is stopped after --timeout seconds; rows (or "
    "triples) beyond --limit are cut (a note on stderr says so). Updates, SERVICE and FROM are "
    "refused.\n\n"
    "Exit codes: 0 ok, 2 unknown query, bad/missing/unknown parameter, a format that does not "
    "fit the query's form, or a refused query; 3 graph not loadable or query timed out."
    + examples(
        "painkg query run interventions-for-problem -p problem=kinesiophobia",
        "painkg query run sources-by-tier -p tier=T1 -f csv -o sources.csv",
        "painkg query run my-question.rq -f json",
        "echo 'DESCRIBE pkr:kinesiophobia' | painkg query run - -f ntriples",
        "painkg query run glossary mechanisms views/full -o results/",
    ),
)
@click.argument("names", nargs=-1, metavar="NAME|FILE|- ...")
@click.option("--query-file", "query_files", multiple=True, metavar="FILE|-",
              help="A .rq file to run (repeatable); - reads the query from stdin.")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query parameter (repeatable).")
@click.option("--allow-unknown", is_flag=True,
              help="Bind IRI/CURIE parameters even when they name nothing in the graph.")
@timeout_option("query")
@limit_option("rows (or triples) per query")
@click.option("-f", "--format", "fmt", type=click.Choice(list(FORMATS), case_sensitive=False),
              default=None, help="Output format [default: named by -o's extension, else table "
              "for SELECT/ASK, turtle for CONSTRUCT/DESCRIBE].")
@click.option("-o", "--output", type=click.Path(path_type=str, allow_dash=True), default=None,
              metavar="FILE|DIR/", help="Write to FILE instead of stdout ('-' is stdout): a "
              "file is replaced atomically, a device or FIFO written in place; the folder must "
              "exist. With a trailing slash (or several queries), the folder to write one file "
              "per query into (created if missing).")
@pass_state
def run_cmd(state: AppState, names: tuple[str, ...], query_files: tuple[str, ...],
            params: tuple[str, ...], allow_unknown: bool, fmt: str | None, output: str | None,
            timeout: float, limit: int) -> None:
    from painkg.cli.common import warn
    from painkg.query.params import parse_param_args
    from painkg.query.run import (
        answer_user_query,
        find_queries,
        is_folder_output,
        output_format,
        split_values,
        write_result_folder,
    )
    from painkg.traversal.names import iri_checker, name_resolver

    values = parse_param_args(params)
    queries = find_queries([*names, *query_files], click.get_text_stream("stdin").read)
    folder = is_folder_output(output, len(queries))
    chosen = fmt.lower() if folder and fmt else None if folder else output_format(fmt, output)
    store = state.store()
    checker = None if allow_unknown else iri_checker(store)
    answers = [answer_user_query(store, q, v, name_resolver(store), checker, timeout=timeout,
                                 limit=limit)
               for q, v in zip(queries, split_values(queries, values), strict=True)]
    if folder:
        assert output is not None
        written = write_result_folder(answers, chosen, Path(output))
        warn(f"painkg: {len(written)} result file{'s' if len(written) != 1 else ''} in "
             f"{output}.")
    else:
        emit(answers[0].render(chosen), None if output is None else Path(output))
    for answer in answers:
        if answer.truncated:
            warn(f"painkg: note: the result of {answer.name!r} was cut at --limit {limit} "
                 f"{'triples' if answer.is_graph else 'rows'}; raise --limit (0 for no limit) "
                 f"to see the rest.")


@query.command(
    "prefixes",
    help="List the prefixes every query run by 'painkg query run' may use without declaring "
    "them: painkg's own vocabularies, then the schemes of its mappings. A query's own PREFIX "
    "line wins over these."
    + examples("painkg query prefixes", "painkg query prefixes -f turtle",
               "painkg query prefixes -f json"),
)
@format_option(["sparql", "turtle", "tsv", "json"])
def prefixes_cmd(fmt: str) -> None:
    import json

    from painkg.query.prefixes import prefix_table

    table = prefix_table()
    if fmt == "json":
        emit(json.dumps(dict(table), indent=2) + "\n")
    elif fmt == "tsv":
        emit("".join(f"{p}\t{ns}\n" for p, ns in [("prefix", "namespace"), *table]))
    elif fmt == "turtle":
        emit("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in table))
    else:
        emit("".join(f"PREFIX {p}: <{ns}>\n" for p, ns in table))


COMMANDS = [query]
