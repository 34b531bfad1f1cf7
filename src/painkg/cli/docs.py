"""``painkg docs``: regenerate (or check) everything in the docs that is generated."""

from __future__ import annotations

import click

from painkg.cli.common import AppState, examples, pass_state, warn

__all__ = ["COMMANDS", "docs"]


@click.command(
    help="Regenerate the generated docs: docs/cli.md (from the commands), docs/queries.md "
    "(from the query headers), docs/model.md (from the ontology, with a diagram), and the "
    "pictures drawn from the packaged graph: docs/img/interventions.svg and the Mermaid "
    "diagram in README.md. Works in a source checkout."
    + examples("painkg docs", "painkg docs --check   # exit 1 if anything generated is stale"),
)
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if a generated file is stale.")
@pass_state
@click.pass_context
def docs(ctx: click.Context, state: AppState, check: bool) -> None:
    from painkg.docsgen.pictures import build_pictures
    from painkg.docsgen.reference import build_docs, docs_dir

    stale = build_docs(ctx.find_root().command, check=check)  # type: ignore[arg-type]
    stale += build_pictures(state.store(), check=check, root=docs_dir().parent)
    for path in stale:
        warn(f"{'stale' if check else 'regenerated'}: {path}")
    if check and stale:
        warn("Run 'painkg docs' to regenerate them.")
        ctx.exit(1)


COMMANDS = [docs]
