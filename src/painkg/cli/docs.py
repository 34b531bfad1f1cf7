"""``painkg docs``: regenerate (or check) the generated reference docs."""

from __future__ import annotations

import click

from .common import examples, warn

__all__ = ["COMMANDS", "docs"]


@click.command(
    help="Regenerate docs/cli.md, docs/model.md and docs/queries.md from the code."
    + examples("painkg docs", "painkg docs --check   # exit 1 if any generated doc is stale"),
)
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if a generated doc is stale.")
@click.pass_context
def docs(ctx: click.Context, check: bool) -> None:
    from ..docsgen import build_docs

    stale = build_docs(check=check)
    for path in stale:
        warn(f"{'stale' if check else 'regenerated'}: {path}")
    if check and stale:
        warn("Run 'painkg docs' to regenerate them.")
        ctx.exit(1)


COMMANDS = [docs]
