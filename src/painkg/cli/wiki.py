"""``painkg wiki validate``: checking a wiki article by article, incrementally."""

from __future__ import annotations

from pathlib import Path

import click

from painkg.cli.common import count_type, emit, examples, output_options, warn
from painkg.errors import EXIT_FINDINGS
from painkg.plural import counted

__all__ = ["COMMANDS", "wiki", "wiki_validate"]


@click.group(
    help="Work on a wiki of many articles, each in its own named graph."
    + examples("painkg wiki validate data/graph/"),
)
def wiki() -> None:
    pass


@wiki.command(
    "validate",
    help="Validate each article separately: the files of one slug (<slug>.document.trig, "
    "<slug>.curated.ttl, …) with the packaged ontology, against the SHACL shapes and the QC "
    "queries. Results are cached by content hash (the article's files, the ontology, shapes, "
    "QC queries and painkg version), so an unchanged article is not validated again; the "
    "others run in parallel, one process per core once there are enough of them to pay for "
    "starting the processes (a few run in this one). A progress bar is shown on a terminal "
    "only. Exit status: 0 every article conforms, 1 results at or above --fail-on, 2 usage "
    "error, 3 input could not be loaded."
    + examples(
        "painkg wiki validate data/graph/",
        "painkg wiki validate build/graph/ --cache .painkg-cache -f json",
        "painkg wiki validate build/graph/ --no-cache --jobs 1",
    ),
)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@output_options(["text", "json"])
@click.option("--fail-on", type=click.Choice(["violation", "warning", "info"],
              case_sensitive=False), default="violation", show_default=True,
              help="Lowest severity that makes the exit status 1.")
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Cache folder (default: $XDG_CACHE_HOME/painkg).")
@click.option("--no-cache", is_flag=True, help="Validate every article; read and write no cache.")
@click.option("-j", "--jobs", type=count_type(1, 256), default=None,
              help="Worker processes (default: one per core, fewer for a few articles).")
@click.pass_context
def wiki_validate(ctx: click.Context, paths: tuple[Path, ...], fmt: str, fail_on: str,
                  cache_dir: Path | None, no_cache: bool, jobs: int | None,
                  output: Path | None) -> None:
    from painkg.cli._progress import progress_bar
    from painkg.validation.wiki import article_units, validate_articles
    from painkg.validation.wiki_render import render_articles

    fail_on = fail_on.lower()
    with progress_bar(len(article_units(paths)), "Validating articles") as progress:
        reports = validate_articles(list(paths), cache_dir, use_cache=not no_cache,
                                    workers=jobs, progress=progress)
    emit(render_articles(reports, fmt.lower(), fail_on), output)
    failing = [r.name for r in reports if not r.conforms(fail_on)]
    if failing:
        warn(f"painkg: {counted(len(failing), 'article')} with results at or above {fail_on}: "
             + ", ".join(failing))
        ctx.exit(EXIT_FINDINGS)


COMMANDS = [wiki]
