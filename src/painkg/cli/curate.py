"""``painkg curate build`` and ``painkg curate gaps``: curation templates and their work list."""

from __future__ import annotations

from pathlib import Path

import click

from painkg.cli.common import (
    AppState,
    emit,
    examples,
    format_option,
    output_option,
    pass_state,
    warn,
)

__all__ = ["COMMANDS", "curate"]


def _project(state: AppState) -> Path:
    from painkg.errors import UsageError
    from painkg.resources import project_root

    root = project_root()
    if root is None:
        raise UsageError("painkg curate works inside a painkg checkout (a folder with "
                         "pyproject.toml, ontology/, data/ and queries/): cd into one first.")
    if state.debug:
        warn(f"painkg: curating the checkout {root}")
    return root


@click.group(
    help="Curation templates: compile data/curation/<slug>/*.tsv into the curated Turtle, and "
    "list what the article says that is not yet curated. Works inside a painkg checkout "
    "(found from the current directory, as git finds its repository)."
    + examples("painkg curate build --all", "painkg curate gaps central-sensitization"),
)
def curate() -> None:
    """The ``curate`` command group."""


@curate.command(
    "build",
    help="Compile the curation templates of SLUG (or of every article with --all) into "
    "data/graph/<slug>.curated.ttl, deterministically. Every template is checked first; an "
    "error names file:line:column and its code (data/curation/FORMAT.md) and writes nothing, "
    "so the previous Turtle stays byte-identical (exit 3)."
    + examples("painkg curate build --all", "painkg curate build central-sensitization",
               "painkg curate build --all --check   # exit 1 if a curated layer is stale"),
)
@click.argument("slug", required=False)
@click.option("--all", "build_every", is_flag=True, help="Every article with a curation folder.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a curated layer is stale.")
@pass_state
@click.pass_context
def build(ctx: click.Context, state: AppState, slug: str | None, build_every: bool,
          check: bool) -> None:
    from painkg.curation.build import build as build_layers
    from painkg.curation.build import curation_slugs, stale_layers
    from painkg.errors import UsageError

    root = _project(state)
    if bool(slug) == build_every:
        raise UsageError("give one SLUG or --all (articles: "
                         f"{', '.join(curation_slugs(root)) or 'none'}).")
    slugs = curation_slugs(root) if build_every else [slug or ""]
    if check:
        stale = [s for s in stale_layers(root) if s in slugs]
        for name in stale:
            warn(f"stale: data/graph/{name}.curated.ttl (run `painkg curate build --all`)")
        ctx.exit(1 if stale else 0)
    from painkg.curation.reviews import build_reviews, review_slugs

    for path in build_layers(root, slugs):
        warn(f"painkg: wrote {path.relative_to(root)}")
    # Reviews name curated relations, so they compile after the curated layer they review.
    for path in build_reviews(root, [s for s in review_slugs(root) if s in slugs]):
        warn(f"painkg: wrote {path.relative_to(root)}")


@curate.command(
    "gaps",
    help="The curator's work list for SLUG (every curated article without one): sentences "
    "that name two or more curated entities but support no relation between them, names "
    "the article defines or lists that are no entity, relations no sentence states, and "
    "entities without a definition where the article gives one. Gaps recorded in "
    "considered.tsv are not listed again. Exit 0 (the list is data, not a failure)."
    + examples("painkg curate gaps", "painkg curate gaps central-sensitization -f json",
               "painkg curate gaps -f tsv -o gaps.tsv"),
)
@click.argument("slug", required=False)
@format_option(["text", "json", "tsv"])
@output_option()
@pass_state
def gaps(state: AppState, slug: str | None, fmt: str, output: Path | None) -> None:
    from painkg.curation.build import curation_slugs
    from painkg.curation.gaps import find_gaps, format_gaps

    root = _project(state)
    found = [g for name in ([slug] if slug else curation_slugs(root))
             for g in find_gaps(root, name)]
    emit(format_gaps(found, fmt), output)


@curate.command(
    "migrate",
    help="Carry SLUG's curation and reviews over to a new revision of its article (NEW.txt): "
    "claim references to a reworded sentence are rewritten to the matched new claim, each "
    "rewording is recorded in revisions.tsv (prov:wasRevisionOf from new claim to old), "
    "reviews carried over are marked as needing re-review; then NEW.txt replaces "
    "data/articles/SLUG.txt, its document layer is regenerated and the curated layer rebuilt. "
    "Nothing is written (exit 1, every reference listed) when a reference would be left "
    "broken or its match is ambiguous; with --partial the ambiguous ones that still resolve "
    "are left as they are. Run `painkg diff` first to see what changed."
    + examples("painkg curate migrate central-sensitization revised.txt",
               "painkg curate migrate central-sensitization revised.txt --partial"),
)
@click.argument("slug")
@click.argument("new", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--partial", is_flag=True,
              help="Migrate what is unambiguous; leave ambiguous references that still resolve.")
@pass_state
def migrate(state: AppState, slug: str, new: Path, partial: bool) -> None:
    from painkg.curation.migrate import migrate as run_migration

    plan = run_migration(_project(state), slug, new, partial)
    if plan.summary():
        warn(plan.summary())
    warn(f"painkg: {len(plan.edits)} template cell(s) rewritten, {plan.migrated_reviews} "
         f"review(s) carried over, {len(plan.revisions)} rewording(s) recorded.")


COMMANDS = [curate]
