"""A throwaway painkg project holding the fixture article and its templates (tests only)."""

from __future__ import annotations

import shutil
from pathlib import Path

CASES = Path(__file__).resolve().parents[1] / "cases" / "curation"
SLUG = "test-construct"
REPO = Path(__file__).resolve().parents[2]


def make_project(root: Path) -> Path:
    """Copy the fixture article and templates into ``root`` laid out as a painkg checkout."""
    (root / "data" / "articles").mkdir(parents=True)
    (root / "data" / "curation").mkdir(parents=True)
    # The project's own ontology is what its templates are checked against.
    shutil.copytree(REPO / "ontology", root / "ontology")
    (root / "queries").mkdir()
    (root / "pyproject.toml").write_text('[project]\nname = "painkg"\n', encoding="utf-8")
    shutil.copy(CASES / f"{SLUG}.txt", root / "data" / "articles" / f"{SLUG}.txt")
    shutil.copytree(CASES / SLUG, root / "data" / "curation" / SLUG)
    return root


def template(root: Path, name: str) -> Path:
    """The path of one template of the fixture."""
    return root / "data" / "curation" / SLUG / name
