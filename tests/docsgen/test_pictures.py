"""The pictures in the docs (docs/img/interventions.svg and README's Mermaid diagram) are
drawn by painkg from the packaged graph, and are current."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from painkg.docsgen.pictures import END, START, build_pictures
from painkg.errors import InputError
from painkg.store import OxigraphStore
from support.views import fixture_store


def test_committed_pictures_are_current(kg: OxigraphStore, repo: Path) -> None:
    stale = build_pictures(kg, check=True, root=repo)
    assert stale == [], f"stale: {stale}; run `painkg docs` to regenerate them"


def test_readme_embeds_the_svg_and_a_mermaid_diagram(repo: Path) -> None:
    readme = (repo / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index(START):readme.index(END)]
    assert "](docs/img/interventions.svg)" in block
    mermaid = re.search(r"```mermaid\n(.*?)```", block, re.S)
    assert mermaid and "flowchart LR" in mermaid.group(1)
    assert re.search(r"pkr_kinesiophobia\[\"Kinesiophobia\"\]:::ProblemForWork", mermaid.group(1))


def test_docs_svg_shows_the_interventions_view(repo: Path) -> None:
    root = ET.parse(repo / "docs" / "img" / "interventions.svg").getroot()
    ns = {"s": "http://www.w3.org/2000/svg"}
    texts = {t.text for t in root.iterfind(".//s:text", ns)}
    assert {"Kinesiophobia", "Graded exposure"} <= texts
    classes = [g.get("class", "") for g in root.iterfind(".//s:g", ns)]
    assert any(c.startswith("edge targets tier-T1") for c in classes)


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    (tmp_path / "README.md").write_text(f"# x\n\nbefore\n\n{START}\nold\n{END}\n\nafter\n",
                                        encoding="utf-8")
    return tmp_path


def test_build_then_check_on_a_scratch_checkout(scratch: Path) -> None:
    store = fixture_store()
    written = build_pictures(store, root=scratch)
    assert sorted(p.name for p in written) == ["README.md", "interventions.svg"]
    assert build_pictures(store, check=True, root=scratch) == []
    text = (scratch / "README.md").read_text(encoding="utf-8")
    assert text.startswith("# x\n\nbefore\n\n") and text.endswith(f"{END}\n\nafter\n")
    assert "old" not in text
    assert 'pkr_graded_exposure ==>|"targets · T1 · 2 claims"| pkr_kinesiophobia' in text
    # a change in the graph makes the pictures stale
    (scratch / "docs" / "img" / "interventions.svg").write_text("<svg/>", encoding="utf-8")
    assert [p.name for p in build_pictures(store, check=True, root=scratch)] == [
        "interventions.svg"]


def test_missing_markers_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# no markers\n", encoding="utf-8")
    with pytest.raises(InputError, match="painkg:pictures:start"):
        build_pictures(fixture_store(), root=tmp_path)
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "# no markers\n"
    assert not (tmp_path / "docs").exists()


def test_cli_check_passes_on_the_checkout(invoke: Callable[..., Result]) -> None:
    result = invoke("docs", "--check")
    assert result.exit_code == 0, result.output
