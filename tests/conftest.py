"""Shared fixtures: the packaged graph (built once per session) and a click runner; the
``needs_tool`` marker; and, under ``PAINKG_REQUIRE_TOOLS=1`` (CI), every skip is a failure."""

from __future__ import annotations

from collections.abc import Callable, Generator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from painkg.cli import cli
from painkg.store import OxigraphStore, open_store
from painkg.store.load import load_packaged
from support import load_evidence_fixture
from support.tools import REQUIRE_TOOLS, require_tool, tools_required

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


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "needs_tool(name, ...): the test drives these programs (see support.tools)")


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker in item.iter_markers("needs_tool"):
        for name in marker.args:
            require_tool(name)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item,
                              call: pytest.CallInfo[None]) -> Generator[None, object, None]:
    """Under PAINKG_REQUIRE_TOOLS=1 a skip, whatever its reason, fails: CI installs every tool,
    so a skipped test there is a test that silently stopped running."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if tools_required() and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped under {REQUIRE_TOOLS}=1, which allows no skip: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Generator[None, object, None]:
    """The same for a whole module skipped while collected (``pytest.importorskip`` at the top)."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if tools_required() and report.skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped under {REQUIRE_TOOLS}=1, which allows no skip: {reason}"


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch painkg checkout (support.reviews.make_checkout) as the working directory, so
    that commands read and write its templates, reviews and graph (the project-folder rule).
    A test module may override it with its own layout (tests/cli/test_docs.py does)."""
    from support.reviews import make_checkout

    root = make_checkout(tmp_path / "kg")
    monkeypatch.chdir(root)
    return root
