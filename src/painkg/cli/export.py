"""``painkg export``: a graph view written for Gephi, Cytoscape, Graphviz, Markdown or a browser."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from painkg.cli.common import AppState, emit, examples, output_option, pass_state, warn
from painkg.views.formats import FORMATS

__all__ = ["COMMANDS", "export"]

#: Each export format's own extension (.zip for the CSV tables), and .tsv for SSSOM mappings.
_EXTENSIONS = {f".{f.extension}": (f.name,) for f in FORMATS.values()} | {".tsv": ("sssom",)}
_FORMAT_HELP = "; ".join(f"{f.name}: {f.description}" for f in FORMATS.values())
_OUTPUT_HELP = ("Write to FILE instead of stdout ('-' is stdout): a file is replaced atomically, "
                "a device or FIFO written in place; the folder must exist. For the kgx view "
                "only, the folder DIR to write nodes.tsv and edges.tsv into (created if "
                "missing).")


@click.command(
    help="Export graph VIEW in a format. VIEW is one of the views in queries/views "
    "(full, interventions, conditions, lineage, evidence), ego:NAME[:DEPTH] (the "
    "neighbourhood of one entity in the full view, depth 1 by default), mappings "
    "(the SSSOM table of links to standard identifiers), or kgx (the full view as KGX TSV, "
    "nodes.tsv and edges.tsv with Biolink categories, predicates, knowledge_level and "
    "agent_type, written into the folder -o DIR). Every edge carries its evidence: "
    "best tier, number of claims, LLM-only flag. Formats: " + _FORMAT_HELP + "."
    + examples(
        "painkg export interventions -f html -o interventions.html",
        "painkg export full -f graphml -o painkg.graphml",
        "painkg export ego:kinesiophobia:2 -f svg -o kinesiophobia.svg",
        "painkg export lineage -f mermaid",
        "painkg export evidence -f csv -o evidence.zip   # nodes.csv + edges.csv",
        "painkg export mappings -o painkg.sssom.tsv",
        "painkg export kgx -o kgx/",
    ),
)
@click.argument("view", metavar="VIEW")
@click.option("-f", "--format", "fmt", type=click.Choice(list(FORMATS), case_sensitive=False),
              default=None, help="Output format [default: named by -o's extension (.graphml, "
              ".html, .svg, .zip...), else graphml; SSSOM TSV for mappings].")
@output_option(_OUTPUT_HELP)
@pass_state
def export(state: AppState, view: str, fmt: str | None, output: Path | None) -> None:
    from painkg.atomic import format_for_output
    from painkg.errors import UsageError
    from painkg.views.export import KGX_VIEW, MAPPINGS_VIEW, export_kgx, export_view

    if view == KGX_VIEW and output is not None and str(output) != "-":
        # kgx is two files: its -o is a folder (the one exception to -o FILE, documented)
        written = export_kgx(state.store(), output)
        warn(f"painkg: wrote {', '.join(str(p) for p in written)}.")
        return
    mappings = view == MAPPINGS_VIEW
    fmt = format_for_output(fmt, output, [*FORMATS, "sssom"], "sssom" if mappings else "graphml",
                            _EXTENSIONS)
    to_stdout = output is None or str(output) == "-"
    if to_stdout and fmt in FORMATS and FORMATS[fmt].binary and sys.stdout.isatty():
        raise UsageError(f"The {fmt} format is a binary ZIP archive: write it with -o FILE.")
    emit(export_view(state.store(), view, fmt), output)


COMMANDS = [export]
