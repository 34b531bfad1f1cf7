"""Error messages are safe to print: control characters from the input are escaped and names
longer than 200 characters are cut, saying so (painkg.errors.printable, used by the CLI)."""

from __future__ import annotations

from collections.abc import Callable

from click.testing import Result

from painkg.errors import EXIT_USAGE, printable


def test_control_characters_are_escaped() -> None:
    assert printable("bad \x1b[2Jname\x07\r") == "bad \\x1b[2Jname\\x07\\x0d"
    assert printable("two\nlines") == "two\nlines"
    assert printable("c1 \x9b") == "c1 \\x9b"


def test_long_names_are_cut_saying_so() -> None:
    name = "n" * 500
    out = printable(f"No entity is named {name!r}.")
    assert "n" * 201 not in out
    assert "[cut: 302 more characters]" in out  # 502 with the quotes, 200 kept


def test_the_cli_prints_unknown_names_safely(invoke: Callable[..., Result]) -> None:
    result = invoke("evidence", "\x1b[31m" + "x" * 1000)
    assert result.exit_code == EXIT_USAGE, result.output
    assert "\x1b" not in result.stderr
    assert "\\x1b[31m" in result.stderr
    assert "x" * 201 not in result.stderr and "more characters]" in result.stderr
