"""``painkg validate`` and ``painkg stats``: checking and counting the graph."""

from __future__ import annotations

from pathlib import Path

import click

from painkg.cli.common import (
    AppState,
    count_type,
    emit,
    examples,
    output_options,
    pass_state,
    warn,
)
from painkg.errors import EXIT_FINDINGS
from painkg.plural import counted

__all__ = ["COMMANDS", "validate", "stats"]


@click.command(
    help="Validate the graph against painkg's SHACL shapes.\n\n"
    "With no PATH, validates the packaged graph (or the one --store names). With PATHs, "
    "validates those Turtle files and folders together with the packaged ontology. Results "
    "are grouped by entity (label and IRI) with path, value, message and severity. Exit "
    "status: 0 conforms, 1 results at or above --fail-on, 2 usage error, 3 input could not "
    "be loaded (or is larger than --max-input-mb, 10 MB by default: a 6 MB file takes about "
    "11 s and 0.6 GB, a 60 MB one would take some 5 GB). On a terminal, a progress bar on "
    "stderr counts the files read. The packaged graph's report is cached under a content hash "
    "of its data files, the ontology, the shapes, the QC queries, the validation code and the "
    "painkg and pyshacl versions (in $XDG_CACHE_HOME/painkg, as wiki validate's), so an "
    "unchanged graph is answered at once; stderr says when the report came from the cache "
    "(--no-cache validates again)."
    + examples(
        "painkg validate",
        "painkg validate --fail-on warning -f json",
        "painkg validate --no-cache",
        "painkg validate data/graph/ -f turtle -o report.ttl",
        "painkg validate my-article.document.ttl my-article.curated.ttl",
    ),
)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@output_options(["text", "json", "turtle"])
@click.option("--fail-on", type=click.Choice(["violation", "warning", "info"],
              case_sensitive=False), default="violation", show_default=True,
              help="Lowest severity that makes the exit status 1.")
@click.option("--max-input-mb", type=count_type(1, 1_000_000), default=10, show_default=True,
              help="Refuse (exit 3, with advice) PATHs larger than this in all, before reading "
              "them: validation holds the whole graph in memory, about 90 MB and 2 s per MB "
              "of Turtle.")
@click.option("--no-cache", is_flag=True,
              help="Validate the packaged graph again instead of reading its cached report "
              "(the new report is not cached either).")
@pass_state
@click.pass_context
def validate(ctx: click.Context, state: AppState, paths: tuple[Path, ...], fmt: str,
             fail_on: str, output: Path | None, max_input_mb: int, no_cache: bool) -> None:
    from painkg.validation.render import format_report
    from painkg.validation.validate import validate as run_validation

    fail_on = fail_on.lower()
    if paths:
        from painkg.cli._progress import progress_bar
        from painkg.store.load import expand_paths
        from painkg.validation.validate import validate_paths

        with progress_bar(len(expand_paths(paths)) + 1, "Validating") as progress:
            report = validate_paths(list(paths), max_input_mb * 1024 * 1024, progress)
    elif state.store_spec is not None:
        report = run_validation(state.store())
    else:
        from painkg.validation.wiki import validate_packaged

        packaged = validate_packaged(use_cache=not no_cache)
        report = packaged.report
        if packaged.cached:
            warn(f"painkg: the packaged graph's report was read from the cache (key "
                 f"{packaged.key[:12]}): its data, ontology, shapes, QC queries and validation "
                 f"code are unchanged since it was made; --no-cache validates again.")
    emit(format_report(report, fmt.lower(), fail_on), output)
    if not report.conforms(fail_on):
        counts = report.counts()
        found = counted(len(report.at_or_above(fail_on)), "result")
        warn(f"painkg: {found} at or above {fail_on} "
             f"({counted(counts['violation'], 'violation')}, "
             f"{counted(counts['warning'], 'warning')}, {counts['info']} info).")
        ctx.exit(EXIT_FINDINGS)


@click.command(
    help="Count the graph: triples, instances per class, uses per property. Says on stderr "
    "which graph it read: the checkout around the current directory, the packaged graph, or "
    "the --store."
    + examples("painkg stats", "painkg stats -f json", "painkg --store oxigraph:kg.db stats"),
)
@output_options(["table", "json"])
@pass_state
def stats(state: AppState, fmt: str, output: Path | None) -> None:
    from painkg.reports.stats import graph_stats, render_stats

    warn(f"painkg: graph: {state.graph_origin()}")
    emit(render_stats(graph_stats(state.store()), fmt.lower()), output)


COMMANDS = [validate, stats]
