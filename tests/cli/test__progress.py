"""The progress bar: shown on a terminal only, and only for enough steps to be worth it."""

from __future__ import annotations

import io

import pytest

from painkg.cli._progress import progress_bar


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_bar_when_stderr_is_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stderr", io.StringIO())
    with progress_bar(10, "Validating") as advance:
        assert advance is None


def test_a_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    with progress_bar(1, "Validating") as advance:
        assert advance is None, "one step is not worth a bar"
    with progress_bar(4, "Validating") as advance:
        assert advance is not None
        advance(4)
    assert "Validating" in terminal.getvalue() and "4/4" in terminal.getvalue()
