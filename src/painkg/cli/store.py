"""``painkg load`` and ``painkg serve``: build an on-disk store, serve a store read-only."""

from __future__ import annotations

from pathlib import Path

import click

from painkg.cli.common import AppState, FiniteFloat, count_type, examples, pass_state, warn
from painkg.plural import counted

__all__ = ["COMMANDS", "load", "serve"]

_STORE_HELP = ("Store to use (overrides the global --store, $PAINKG_STORE and the config "
               "file): memory, oxigraph:PATH or sparql:URL.")


@click.command(
    "load",
    help="Build the on-disk Oxigraph store at oxigraph:PATH from the packaged graph, or from "
    "the RDF files and folders given (.ttl, .nt, .nq, .trig; each file goes to the named graph "
    "of its article). The store is built beside the old one and swapped in only when every "
    "file has loaded, so a failed load leaves the previous store intact. One load at a time: "
    "a second load into the same store while one runs stops at once (exit 3) naming the "
    "process that holds the lock (.PATH.lock beside the store); scratch folders left by a "
    "killed load are removed by the next one. Later commands open "
    "it in milliseconds with --store oxigraph:PATH."
    + examples(
        "painkg load --store oxigraph:.painkg/store",
        "painkg --store oxigraph:.painkg/store ask interventions --problem kinesiophobia",
        "painkg load --store oxigraph:/data/pain data/graph ontology/painkg.ttl",
    ),
)
@click.option("--store", "store_spec", default=None, metavar="SPEC", help=_STORE_HELP)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@pass_state
def load(state: AppState, store_spec: str | None, paths: tuple[Path, ...]) -> None:
    from painkg.errors import UsageError
    from painkg.store import parse_store_spec
    from painkg.store.load import build_store, files_for_paths

    spec = parse_store_spec(store_spec or state.store_spec)
    if spec.kind != "oxigraph":
        raise UsageError(
            f"painkg load builds an on-disk store; {spec} is not one. Name it with "
            f"--store oxigraph:PATH (a memory store is loaded on every run, and a sparql: "
            f"endpoint is read-only)."
        )
    report = build_store(Path(spec.location or ""), files_for_paths(paths) if paths else None)
    for folder in report.removed:
        warn(f"painkg load: removed {folder}, left by a load that was killed.")
    warn(f"painkg load: {report.store}: {counted(report.triples, 'triple')} "
         f"({counted(report.quads, 'quad')}) from "
         f"{counted(report.files, 'file')}"
         f"{' (replaced the previous store)' if report.replaced else ''}.")


@click.command(
    "serve",
    help="Serve the graph as a read-only SPARQL 1.1 Protocol endpoint at /query (GET and "
    "POST), with a query page at /. Every query passes the same screen as 'painkg query run' "
    "before the Oxigraph engine sees it; updates are refused. Results as JSON, XML, CSV or "
    "TSV, graphs as Turtle, N-Triples or JSON-LD (Accept header or format=...). The query "
    "page offers the research queries as examples, an editor with highlighting and "
    "autocomplete, results as a table and a link that reproduces the query; a GET on /query "
    "without a query returns the SPARQL 1.1 Service Description. CORS headers on every "
    "answer (--cors-origin, * by default). Listens on loopback unless --host says otherwise. "
    "Stop with Ctrl-C or SIGTERM."
    + examples(
        "painkg serve",
        "painkg serve --store oxigraph:.painkg/store --port 8000 --timeout 10",
        "curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } "
        "LIMIT 5' http://127.0.0.1:7878/query",
        "painkg serve --cors-origin https://example.org --cors-origin http://localhost:3000",
        "curl -H 'Accept: text/turtle' http://127.0.0.1:7878/query",
    ),
)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback prints a warning.")
@click.option("--port", default=7878, show_default=True, type=count_type(1, 65535),
              help="Port to listen on.")
@click.option("--store", "store_spec", default=None, metavar="SPEC", help=_STORE_HELP)
@click.option("--timeout", "timeout_s", default=30.0, show_default=True,
              type=FiniteFloat(min=1, max=86_400),
              help="Seconds a query may run before it is stopped.")
@click.option("--max-body", default=64 * 1024, show_default=True,
              type=count_type(1024, 64 * 1024 * 1024),
              help="Largest request body or query in bytes (larger ones get HTTP 413).")
@click.option("--cors-origin", "cors_origins", multiple=True, default=("*",), show_default=True,
              metavar="ORIGIN", help="Origin web pages may query from (CORS); repeat for "
              "several; * allows any, fitting a read-only endpoint.")
@pass_state
def serve(state: AppState, host: str, port: int, store_spec: str | None, timeout_s: float,
          max_body: int, cors_origins: tuple[str, ...]) -> None:
    from painkg.serve.server import ServeOptions
    from painkg.serve.server import serve as run_server
    from painkg.store import parse_store_spec

    spec = parse_store_spec(store_spec or state.store_spec)
    run_server(ServeOptions(spec, host, port, timeout_s, max_body, cors_origins), say=warn)


COMMANDS = [load, serve]
