"""Numbers are numbers: every numeric option refuses NaN, infinities and out-of-range values
with exit 2 and click's message, before any work starts (no traceback)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from click.testing import Result

from painkg.errors import EXIT_USAGE

COMMANDS = [
    ("query", "run", "sources-by-tier"),
    ("ask", "interventions", "--problem", "kinesiophobia"),
    ("path", "kinesiophobia", "graded exposure"),
    ("serve",),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e309", "0", "-1", "86401"])
def test_timeout_must_be_a_finite_number_in_range(
    invoke: Callable[..., Result], command: tuple[str, ...], value: str,
) -> None:
    result = invoke(*command, "--timeout", value)
    assert result.exit_code == EXIT_USAGE, result.output
    assert "Invalid value for '--timeout'" in result.stderr


@pytest.mark.parametrize("args", [
    ("query", "run", "sources-by-tier", "--limit", "-1"),
    ("query", "run", "sources-by-tier", "--limit", "nan"),
    ("query", "run", "sources-by-tier", "--limit", "99999999999"),
    ("neighbours", "kinesiophobia", "--depth", "0"),
    ("neighbours", "kinesiophobia", "--depth", "11"),
    ("serve", "--port", "0"),
    ("serve", "--port", "65536"),
    ("serve", "--port", "nan"),
    ("serve", "--max-body", "1e309"),
    ("wiki", "validate", "data/articles", "--jobs", "0"),
])
def test_counts_refuse_out_of_range(invoke: Callable[..., Result],
                                    args: tuple[str, ...]) -> None:
    result = invoke(*args)
    assert result.exit_code == EXIT_USAGE, result.output
    assert "Invalid value" in result.stderr
