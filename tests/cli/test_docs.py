"""``painkg docs`` (painkg.cli.docs): regenerates the generated docs and pictures of the
checkout it runs in; ``--check`` changes nothing and exits 1 naming what is stale; outside a
checkout, exit 2."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from support import REPO


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch copy of the files ``painkg docs`` reads and writes, as the working directory."""
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, tmp_path / name)
    for name in ("docs", "queries", "ontology"):
        shutil.copytree(REPO / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.needs_tool("dot")
def test_check_names_the_stale_file_and_docs_regenerates_it(
        invoke: Callable[..., Result], checkout: Path) -> None:
    assert invoke("docs", "--check").exit_code == 0
    reference = checkout / "docs" / "cli.md"
    current = reference.read_bytes()
    reference.write_text("# out of date\n")
    stale = invoke("docs", "--check")
    assert stale.exit_code == 1 and "stale:" in stale.stderr and "cli.md" in stale.stderr
    assert reference.read_text() == "# out of date\n", "--check changes nothing"
    assert invoke("docs").exit_code == 0
    assert reference.read_bytes() == current


def test_outside_a_checkout_is_a_usage_error(invoke: Callable[..., Result], tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("docs", "--check")
    assert result.exit_code == 2 and "source checkout" in result.stderr
