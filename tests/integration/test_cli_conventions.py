"""Every command follows the CLI conventions: help with examples, --format where output is data."""

from __future__ import annotations

from collections.abc import Iterator

import click
import pytest

from painkg.cli import cli

# Commands whose output is not data (they write files or run a service), with the reason.
NO_DATA_OUTPUT = {
    "painkg docs": "regenerates files in the checkout",
    "painkg curate build": "writes the curated Turtle in the checkout",
    "painkg curate migrate": "rewrites templates and the article in the checkout",
    "painkg review add": "appends to a review template in the checkout",
    "painkg review remove": "removes a row of a review template in the checkout",
    "painkg review build": "writes the review graphs in the checkout",
    "painkg load": "fills a store",
    "painkg serve": "runs an endpoint",
    "painkg site": "writes a folder of pages and data files in several formats",
}


def _commands() -> Iterator[tuple[str, click.Command]]:
    def walk(command: click.Command, path: str) -> Iterator[tuple[str, click.Command]]:
        yield path, command
        if isinstance(command, click.Group):
            for name in sorted(command.commands):
                yield from walk(command.commands[name], f"{path} {name}")

    yield from walk(cli, "painkg")


COMMANDS = list(_commands())


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_help_ends_with_examples(path: str, command: click.Command) -> None:
    assert "Examples:" in (command.help or ""), f"{path} --help has no Examples block"


@pytest.mark.parametrize(
    ("path", "command"),
    [(p, c) for p, c in COMMANDS if not isinstance(c, click.Group) and p not in NO_DATA_OUTPUT],
    ids=[p for p, c in COMMANDS if not isinstance(c, click.Group) and p not in NO_DATA_OUTPUT],
)
def test_data_commands_have_format(path: str, command: click.Command) -> None:
    options = {opt for param in command.params for opt in getattr(param, "opts", [])}
    assert "--format" in options and "-f" in options, f"{path} has no -f/--format"


@pytest.mark.parametrize("args", [["--help"], ["query", "--help"], ["ask", "--help"]])
def test_help_exits_zero(invoke, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    result = invoke(*args)
    assert result.exit_code == 0, result.output


def test_unknown_option_is_a_usage_error(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("stats", "--no-such-option")
    assert result.exit_code == 2, result.output
    assert "No such option" in result.stderr
    # one error format for click's usage errors and painkg's own (issue 18)
    assert result.stderr.startswith("painkg: error: No such option '--no-such-option'."), \
        result.stderr
    assert "'painkg stats --help' shows the usage." in result.stderr


def test_usage_errors_and_painkg_errors_share_one_format(invoke) -> None:  # type: ignore[no-untyped-def]
    for args in (("query", "run", "glossary", "-f", "xml"), ("path", "kinesiophobia"),
                 ("no-such-command",), ("evidence", "no such thing")):
        result = invoke(*args)
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith("painkg: error: "), result.stderr
        assert "Usage:" not in result.stderr and result.stderr.count("\n") == 1
