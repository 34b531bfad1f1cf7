"""painkg.cli.curate: ``painkg curate build`` and ``painkg curate gaps`` from the command
line; the project is found by walking up from the current directory, errors exit 3 naming
file:line:column."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from painkg.curation.build import build, curated_path
from support.curation import SLUG, make_project, template

RELATION_ROW = 'pkr:alpha-therapy\tpk:targets\tpkr:beta-problem\tstates\t"Alpha therapy'


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, bytes]:
    root = make_project(tmp_path)
    build(root, [SLUG])
    return root, curated_path(root, SLUG).read_bytes()


def _break(root: Path, name: str, old: str, new: str) -> None:
    path = template(root, name)
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def test_cli_build_error_exits_3_without_traceback(built: tuple[Path, bytes],
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   invoke) -> None:  # type: ignore[no-untyped-def]
    root, before = built
    _break(root, "relations.tsv", RELATION_ROW, RELATION_ROW.replace("states", "maybe"))
    monkeypatch.chdir(root / "data")  # the project is found by walking up, as git does
    result = invoke("curate", "build", "--all")
    assert result.exit_code == 3, result.output
    assert f"data/curation/{SLUG}/relations.tsv:2:47: E08" in result.stderr
    assert "Traceback" not in result.stderr
    assert curated_path(root, SLUG).read_bytes() == before



def test_shipped_article_gaps_run(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("curate", "gaps", "-f", "json")
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert all(g["kind"] in ("co-mention", "undeclared-name", "no-stating-claim",
                             "missing-definition") for g in listed)
