"""``painkg pictures``: regenerate (or check) the pictures in README.md and docs/img."""

from __future__ import annotations

import click

from .common import AppState, examples, pass_state, warn

__all__ = ["COMMANDS", "pictures"]


@click.command(
    help="Redraw the pictures in the docs from the graph: docs/img/interventions.svg (the "
    "interventions view drawn by Graphviz) and the Mermaid diagram in README.md between "
    "the painkg:pictures markers. Exit 1 with --check when one is stale."
    + examples("painkg pictures", "painkg pictures --check   # exit 1 if a picture is stale"),
)
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if a picture is stale.")
@pass_state
@click.pass_context
def pictures(ctx: click.Context, state: AppState, check: bool) -> None:
    from ..docs_pictures import build_pictures

    stale = build_pictures(state.store(), check=check)
    for path in stale:
        warn(f"{'stale' if check else 'regenerated'}: {path}")
    if check and stale:
        warn("Run 'painkg pictures' to regenerate them.")
        ctx.exit(1)


COMMANDS = [pictures]
