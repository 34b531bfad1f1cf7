"""Shared fixtures: the packaged graph (built once per session) and a click runner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from painkg.cli import cli
from painkg.store import OxigraphStore, open_store
from painkg.store.load import load_packaged
from support import load_evidence_fixture

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo() -> Path:
    """The source checkout (tests read fixtures and committed files from it)."""
    return REPO


@pytest.fixture(scope="session")
def kg() -> OxigraphStore:
    """The packaged ontology and data in an in-memory Oxigraph store (read-only by convention)."""
    return load_packaged()


@pytest.fixture(scope="module")
def evidence_store() -> OxigraphStore:
    """Ontology + the real document layer + the three-relation curated evidence fixture
    (tests/cases/evidence), fresh for each module."""
    store = open_store("memory")
    assert isinstance(store, OxigraphStore)
    return load_evidence_fixture(store)


@pytest.fixture
def runner() -> CliRunner:
    """A click runner that keeps stdout and stderr apart."""
    return CliRunner()


@pytest.fixture
def invoke(runner: CliRunner) -> Callable[..., Result]:
    """Run ``painkg ARGS...`` in-process; returns click's Result (exit_code, stdout, stderr)."""

    def _invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(cli, list(args), input=input, catch_exceptions=False)

    return _invoke
