"""The pictures in the docs (docs/img/interventions.svg and README's Mermaid diagram) are
drawn by painkg from the packaged graph, and are current."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from painkg.docsgen.pictures import (
    END,
    PICTURE_VIEW,
    START,
    SVG_PATH,
    build_pictures,
    pictures,
)
from painkg.errors import InputError
from painkg.store import OxigraphStore
from painkg.views.build import build_view
from painkg.views.formats import write_view
from support.views import fixture_store

NEEDS_DOT = pytest.mark.needs_tool("dot")
# Any indentation: the legend's samples sit one level deeper, inside its cluster.
_DOT_NODE = re.compile(r'^ +"([^"]+)" \[label="((?:[^"\\]|\\.)*)", .*class="([^"]*)"', re.M)
_DOT_EDGE = re.compile(r'^ +"([^"]+)" -> "([^"]+)" \[label="((?:[^"\\]|\\.)*)", .*class="([^"]*)"',
                       re.M)
#: A node drawn without a label (the legend's sample edges run between such points).
_DOT_POINT = re.compile(r'^ +"([^"]+)" \[(?!label=)[^\]\n]*class="([^"]*)"\];$', re.M)
_SVG = {"s": "http://www.w3.org/2000/svg"}


def _dot_label(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text)


def drawn_in_dot(dot: str) -> list[tuple[str, str, str, str]]:
    """(kind, id, class, label) of every node and edge a DOT source asks Graphviz to draw."""
    nodes = [("node", n, c, _dot_label(label)) for n, label, c in _DOT_NODE.findall(dot)]
    nodes += [("node", n, c, "") for n, c in _DOT_POINT.findall(dot)]
    edges = [("edge", f"{a}->{b}", c, _dot_label(label))
             for a, b, label, c in _DOT_EDGE.findall(dot)]
    return sorted(nodes + edges)


def drawn_in_svg(svg: ET.Element) -> list[tuple[str, str, str, str]]:
    """(kind, id, class, label) of every node and edge Graphviz drew in an SVG, the legend's
    samples included."""
    drawn = []
    for group in svg.iterfind(".//s:g", _SVG):
        kind, _, css = group.get("class", "").partition(" ")
        if kind in ("node", "edge"):
            title = group.find("s:title", _SVG)
            texts = [t.text or "" for t in group.iterfind(".//s:text", _SVG)]
            drawn.append((kind, title.text if title is not None else "", css, "\n".join(texts)))
    return sorted(drawn)


def test_committed_pictures_are_current(kg: OxigraphStore, repo: Path) -> None:
    """With Graphviz, every picture is byte-identical to what ``painkg docs`` draws now. Without
    it, the README's Mermaid block is compared byte for byte and the committed SVG must draw
    exactly the nodes, edges, classes and labels of the current DOT source (the layout alone,
    Graphviz's part, goes unchecked)."""
    if shutil.which("dot") is not None:
        stale = build_pictures(kg, check=True, root=repo)
        assert stale == [], f"stale: {stale}; run `painkg docs` to regenerate them"
        return
    readme = pictures(kg, repo)[repo / "README.md"]()
    assert (repo / "README.md").read_bytes() == readme, "README.md pictures: run `painkg docs`"
    dot = write_view(build_view(kg, PICTURE_VIEW), "dot").decode("utf-8")
    committed = drawn_in_svg(ET.parse(repo / SVG_PATH).getroot())
    assert committed == drawn_in_dot(dot), f"{SVG_PATH} is stale: run `painkg docs`"


@NEEDS_DOT
def test_dot_comparison_matches_what_graphviz_draws() -> None:
    """The DOT-only comparison above reads the SVG the way Graphviz writes it, and it notices
    a change: checked here against a real drawing of the views fixture."""
    view = build_view(fixture_store(), PICTURE_VIEW)
    dot = write_view(view, "dot").decode("utf-8")
    drawn = drawn_in_svg(ET.fromstring(write_view(view, "svg")))
    assert drawn == drawn_in_dot(dot)
    assert {kind for kind, *_ in drawn} == {"node", "edge"}
    assert any(css == "legend" for _, _, css, _ in drawn)  # the legend's samples are read too
    assert drawn != drawn_in_dot(dot.replace("targets", "treats", 1))


def test_readme_embeds_the_svg_and_a_mermaid_diagram(repo: Path) -> None:
    readme = (repo / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index(START):readme.index(END)]
    assert "](docs/img/interventions.svg)" in block
    mermaid = re.search(r"```mermaid\n(.*?)```", block, re.S)
    assert mermaid and "flowchart LR" in mermaid.group(1)
    kinesiophobia = r"pkr_kinesiophobia\(\[\"Kinesiophobia\"\]\):::ProblemForWork"
    assert re.search(kinesiophobia, mermaid.group(1))


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


@NEEDS_DOT
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


@NEEDS_DOT
def test_missing_markers_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# no markers\n", encoding="utf-8")
    with pytest.raises(InputError, match="painkg:pictures:start"):
        build_pictures(fixture_store(), root=tmp_path)
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "# no markers\n"
    assert not (tmp_path / "docs").exists()


@NEEDS_DOT
def test_cli_check_passes_on_the_checkout(invoke: Callable[..., Result]) -> None:
    result = invoke("docs", "--check")
    assert result.exit_code == 0, result.output
