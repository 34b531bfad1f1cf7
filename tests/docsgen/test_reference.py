"""The generated docs (CLI reference, query catalogue, model) are current, and complete."""

from __future__ import annotations

from pathlib import Path

from painkg.cli import cli
from painkg.docsgen.reference import build_docs, docs_dir, generated


def test_generated_docs_are_current() -> None:
    stale = build_docs(cli, check=True)
    assert stale == [], f"stale: {[p.name for p in stale]}; run `painkg docs` to regenerate them"


def test_cli_reference_names_every_command() -> None:
    import click

    text = (docs_dir() / "cli.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        assert f"## `painkg {name}`" in text, name
        if isinstance(command, click.Group):
            for sub in command.commands:
                assert f"## `painkg {name} {sub}`" in text, f"{name} {sub}"


def test_query_catalogue_names_every_query_file(repo: Path) -> None:
    text = (docs_dir() / "queries.md").read_text(encoding="utf-8")
    for path in sorted((repo / "queries").glob("*/*.rq")):
        assert f"`{path.stem}`" in text, path


def test_model_has_a_diagram_and_every_class() -> None:
    text = generated(cli)["model.md"]()
    assert "```mermaid\nclassDiagram" in text
    for cls in ("Construct", "Condition", "Intervention", "ProblemForWork", "Person",
                "Organization", "Source", "Claim", "Article"):
        assert f"`pk:{cls}`" in text, cls
