"""The error hierarchy: each kind of failure carries the documented exit code."""

from __future__ import annotations

import pytest

from painkg.errors import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_OK,
    EXIT_USAGE,
    InputError,
    PainKGError,
    QueryTimeoutError,
    RefusedQueryError,
    ServiceError,
    UnknownNameError,
    UsageError,
)


def test_exit_codes_are_the_documented_ones() -> None:
    assert (EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INPUT) == (0, 1, 2, 3)


@pytest.mark.parametrize(("error", "code"), [
    (UsageError("bad option"), 2),
    (RefusedQueryError("an update"), 2),
    (UnknownNameError("kinesiofobia", ["kinesiophobia"]), 2),
    (InputError("cannot read"), 3),
    (ServiceError("no engine"), 3),
    (QueryTimeoutError("too slow"), 3),
])
def test_each_error_has_its_exit_code(error: PainKGError, code: int) -> None:
    assert isinstance(error, PainKGError) and error.exit_code == code


def test_an_unknown_name_offers_the_suggestions() -> None:
    message = str(UnknownNameError("kinesiofobia", ["kinesiophobia"]))
    assert "kinesiofobia" in message and "kinesiophobia" in message
