"""``painkg diff``: what a new revision of an article changed, and what it breaks."""

from __future__ import annotations

from pathlib import Path

import click

from painkg.cli.common import emit, examples, format_option, output_option

__all__ = ["COMMANDS", "diff"]


@click.command(
    "diff",
    help="Compare two revisions of an article: two text exports (.txt) or two graph files "
    "(.ttl, .trig, .nt, .nq) of its document layer. Reports claims added, removed and "
    "reworded (old -> new, matched within a section by similarity of the normalised text), "
    "marker changes (newly sourced, source dropped, renumbered), sources added, removed or "
    "re-tiered, and, inside a checkout with the article's curation templates and reviews, "
    "curated relations that lost a stating claim, template references that no longer resolve "
    "(with the closest new sentence) and reviews made stale. Exit codes follow diff(1): 0 the "
    "revisions are the same, 1 they differ; 3 when a file is not an article export or graph "
    "(the message names file and line)."
    + examples("painkg diff data/articles/central-sensitization.txt revised.txt",
               "painkg diff old.txt new.txt -f json -o changes.json",
               "painkg diff old.document.trig new.document.trig -f tsv"),
)
@click.argument("old", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("new", type=click.Path(path_type=Path, dir_okay=False))
@format_option(["text", "json", "tsv"])
@output_option()
@click.pass_context
def diff(ctx: click.Context, old: Path, new: Path, fmt: str, output: Path | None) -> None:
    from painkg.curation.consequences import diff_checkout
    from painkg.curation.revisions import format_diff
    from painkg.resources import project_root

    found = diff_checkout(old, new, project_root())
    emit(format_diff(found, fmt), output)
    ctx.exit(0 if found.same else 1)


COMMANDS = [diff]
