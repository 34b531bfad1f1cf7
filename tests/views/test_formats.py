"""Export formats: every view in every format, deterministic, carrying edge evidence, and read
back by independent readers (python-igraph for GraphML, NetworKit for GEXF, Graphviz, csv)."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from painkg.errors import UsageError
from painkg.store import OxigraphStore
from painkg.views.build import ViewGraph, build_view
from painkg.views.formats import FORMATS, format_names, get_format, write_view
from painkg.views.formats.style import LEGEND_EDGES
from support.tools import require_tool
from support.views import fixture_store


@pytest.fixture(scope="module")
def views_store() -> OxigraphStore:
    """The synthetic fixture graph of tests/cases/views (read-only by convention)."""
    return fixture_store()


VIEWS = ["full", "interventions", "conditions", "lineage", "evidence", "ego:kinesiophobia:2"]
KEY = ("pkr:graded-exposure", "pkr:kinesiophobia")  # T1, 2 claims, not LLM-only
LLM_KEY = ("pkr:cognitive-behavioral-therapy", "pkr:pain-catastrophizing")  # LLM-only


@pytest.fixture(scope="module")
def graphs(views_store: OxigraphStore) -> dict[str, ViewGraph]:
    return {v: build_view(views_store, v) for v in VIEWS}


def test_registry_feeds_the_cli_choice() -> None:
    assert format_names() == ["graphml", "gexf", "cyjs", "dot", "svg", "mermaid", "csv", "html",
                              "obographs"]
    assert get_format("GraphML").name == "graphml"
    with pytest.raises(UsageError, match="use one of graphml"):
        get_format("pdf")


#: SVG is drawn by Graphviz's dot; every other format is written by painkg alone.
NEEDS_DOT = pytest.mark.needs_tool("dot")


@pytest.mark.parametrize("fmt", [pytest.param(f, marks=NEEDS_DOT) if f == "svg" else f
                                 for f in FORMATS])
@pytest.mark.parametrize("view", VIEWS)
def test_every_view_in_every_format_is_deterministic(
        views_store: OxigraphStore, graphs: dict[str, ViewGraph], view: str, fmt: str) -> None:
    first = write_view(graphs[view], fmt)
    again = write_view(build_view(views_store, view), fmt)
    assert first == again, f"{view} as {fmt} differs between two runs"
    assert len(first) > 200


def test_graphml_loads_in_igraph(graphs: dict[str, ViewGraph], tmp_path: Path) -> None:
    import igraph

    for view, graph in graphs.items():
        path = tmp_path / f"{view.replace(':', '_')}.graphml"
        path.write_bytes(write_view(graph, "graphml"))
        loaded = igraph.Graph.Read_GraphML(str(path))
        assert (loaded.vcount(), loaded.ecount()) == (len(graph.nodes), len(graph.edges)), view
        assert loaded.is_directed()
    loaded = igraph.Graph.Read_GraphML(str(tmp_path / "interventions.graphml"))
    index = {v["id"]: v.index for v in loaded.vs}
    edge = loaded.es[loaded.get_eid(index[KEY[0]], index[KEY[1]])]
    assert (edge["best_tier"], edge["n_claims"], edge["llm_only"]) == ("T1", 2, False)
    edge = loaded.es[loaded.get_eid(index[LLM_KEY[0]], index[LLM_KEY[1]])]
    assert (edge["best_tier"], edge["n_claims"], edge["llm_only"]) == ("none", 1, True)
    assert loaded.vs[index[KEY[1]]]["class"] == "ProblemForWork"


def test_gexf_loads_in_networkit(graphs: dict[str, ViewGraph], tmp_path: Path) -> None:
    import networkit

    for view, graph in graphs.items():
        path = tmp_path / f"{view.replace(':', '_')}.gexf"
        path.write_bytes(write_view(graph, "gexf"))
        reader = networkit.graphio.GEXFReader()
        loaded, _events = reader.read(str(path))
        assert (loaded.numberOfNodes(), loaded.numberOfEdges()) == (
            len(graph.nodes), len(graph.edges)), view
        assert loaded.isDirected()
        if view == "interventions":
            ids = reader.mapping
            assert loaded.weight(ids[KEY[0]], ids[KEY[1]]) == 3.0  # T1
            assert loaded.weight(ids[LLM_KEY[0]], ids[LLM_KEY[1]]) == 0.5  # LLM-only


def test_gexf_edges_carry_evidence_attributes(graphs: dict[str, ViewGraph]) -> None:
    ns = {"g": "http://gexf.net/1.3", "viz": "http://gexf.net/1.3/viz"}
    root = ET.fromstring(write_view(graphs["interventions"], "gexf"))
    titles = {a.get("id"): a.get("title")
              for a in root.iterfind(".//g:attributes[@class='edge']/g:attribute", ns)}
    for edge in root.iterfind(".//g:edge", ns):
        values = {titles[v.get("for")]: v.get("value") for v in edge.iterfind(".//g:attvalue", ns)}
        assert {"best_tier", "n_claims", "llm_only"} <= set(values)
        shape = edge.find("viz:shape", ns).get("value")
        assert shape == ("dashed" if values["llm_only"] == "true" else "solid")


def test_cyjs_carries_evidence(graphs: dict[str, ViewGraph]) -> None:
    doc = json.loads(write_view(graphs["interventions"], "cyjs"))
    edges = {(e["data"]["source"], e["data"]["target"]): e["data"]
             for e in doc["elements"]["edges"]}
    assert len(doc["elements"]["nodes"]) == 6 and len(edges) == 4
    data = edges[KEY]
    assert (data["best_tier"], data["n_claims"], data["llm_only"]) == ("T1", 2, False)
    assert len(data["claims"]) == 2
    assert edges[LLM_KEY]["llm_only"] is True


def test_dot_is_valid_and_styled(graphs: dict[str, ViewGraph]) -> None:
    dot = require_tool("dot")
    text = write_view(graphs["interventions"], "dot").decode()
    line = next(s for s in text.splitlines() if s.strip().startswith(f'"{KEY[0]}" -> "{KEY[1]}"'))
    assert "penwidth=3.5" in line and "style=solid" in line and 'best_tier="T1"' in line
    assert "n_claims=2" in line and "llm_only=false" in line
    line = next(s for s in text.splitlines() if s.strip().startswith(f'"{LLM_KEY[0]}" -> '))
    assert "style=dashed" in line and "llm_only=true" in line
    plain = subprocess.run([dot, "-Tplain"], input=text.encode(), capture_output=True,
                           check=True).stdout.decode()
    # The legend cluster draws its samples as nodes and edges named _legend_*.
    assert sum(1 for s in plain.splitlines()
               if s.startswith("node ") and not s.startswith("node _legend_")) == 6
    assert sum(1 for s in plain.splitlines()
               if s.startswith("edge ") and not s.startswith("edge _legend_")) == 4
    legend = [s for s in plain.splitlines() if s.startswith("edge _legend_")]
    assert len(legend) == len(LEGEND_EDGES) == 6  # with the implied-only sample
    assert {"solid", "dashed", "dotted"} <= {s.split()[-2] for s in legend}


@NEEDS_DOT
def test_svg_draws_every_node_and_edge_with_evidence_classes(graphs: dict[str, ViewGraph]) -> None:
    ns = {"s": "http://www.w3.org/2000/svg"}
    root = ET.fromstring(write_view(graphs["interventions"], "svg"))
    groups = [g.get("class", "") for g in root.iterfind(".//s:g", ns)]
    assert sum(1 for c in groups if c.startswith("node ") and c != "node legend") == 6
    edges = [c for c in groups if c.startswith("edge ") and c != "edge legend"]
    assert len(edges) == 4
    assert sum(1 for c in groups if c == "edge legend") == len(LEGEND_EDGES)  # line styles
    assert sum(1 for c in edges if "llm-only" in c) == 3
    assert sum(1 for c in edges if "tier-T1" in c) == 1
    assert any(p.get("stroke-dasharray") for p in root.iterfind(".//s:path", ns))


def test_mermaid_flowchart(graphs: dict[str, ViewGraph]) -> None:
    text = write_view(graphs["interventions"], "mermaid").decode()
    lines = text.splitlines()
    assert "flowchart LR" in lines
    arrows = [s for s in lines if re.search(r" (-->|==>|-\.->)\|", s)]
    assert len(arrows) == 4
    assert '  pkr_graded_exposure ==>|"targets · T1 · 2 claims"| pkr_kinesiophobia' in lines
    assert sum(1 for s in arrows if "-.->" in s) == 3
    assert sum(1 for s in lines if s.strip().startswith("linkStyle ")) == 4
    assert "  classDef ProblemForWork fill:#009e73,stroke:#444444,color:#000000" in lines


def test_csv_zip_holds_node_and_edge_tables(graphs: dict[str, ViewGraph]) -> None:
    archive = zipfile.ZipFile(io.BytesIO(write_view(graphs["interventions"], "csv")))
    assert archive.namelist() == ["nodes.csv", "edges.csv"]
    nodes = list(csv.DictReader(io.StringIO(archive.read("nodes.csv").decode("utf-8"))))
    edges = list(csv.DictReader(io.StringIO(archive.read("edges.csv").decode("utf-8"))))
    assert len(nodes) == 6 and len(edges) == 4
    row = next(e for e in edges if (e["source"], e["target"]) == KEY)
    assert (row["best_tier"], row["n_claims"], row["llm_only"]) == ("T1", "2", "false")
    assert {n["id"] for n in nodes} >= set(KEY)


def test_html_is_self_contained(graphs: dict[str, ViewGraph]) -> None:
    page = write_view(graphs["interventions"], "html").decode()
    assert page.count("<script") == 3
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=|<img|@import|url\(", page)
    assert "cytoscape" in page and '"pkr:kinesiophobia"' in page
    body = page.split('<script id="painkg-data" type="application/json">', 1)[1]
    data = json.loads(body.split("</script>", 1)[0])
    assert sorted(data["claims"]) == sorted(graphs["interventions"].claims)


@pytest.mark.parametrize("view", ["full", "evidence", "ego:kinesiophobia:2"])
def test_packaged_graph_reads_back_with_the_same_counts(kg: OxigraphStore, tmp_path: Path,
                                                        view: str) -> None:
    """On the real graph: igraph (GraphML) and NetworKit (GEXF) count what painkg wrote."""
    import igraph
    import networkit

    graph = build_view(kg, view)
    assert graph.nodes and graph.edges
    graphml, gexf = tmp_path / "v.graphml", tmp_path / "v.gexf"
    graphml.write_bytes(write_view(graph, "graphml"))
    gexf.write_bytes(write_view(graph, "gexf"))
    loaded = igraph.Graph.Read_GraphML(str(graphml))
    assert (loaded.vcount(), loaded.ecount()) == (len(graph.nodes), len(graph.edges))
    assert sorted(loaded.es["n_claims"]) == sorted(float(e.n_claims) for e in graph.edges)
    nk_graph, _ = networkit.graphio.GEXFReader().read(str(gexf))
    assert (nk_graph.numberOfNodes(), nk_graph.numberOfEdges()) == (
        len(graph.nodes), len(graph.edges))


@NEEDS_DOT
def test_svg_layout_that_takes_too_long_is_a_service_error(
    graphs: dict[str, ViewGraph], monkeypatch: pytest.MonkeyPatch,
    invoke: Callable[..., Result],
) -> None:
    """A view too big for Graphviz to lay out in time is a clear error (exit 3), not a
    traceback: the real ``dot`` process, given no time."""
    from painkg.errors import ServiceError
    from painkg.views.formats import graphviz

    monkeypatch.setattr(graphviz, "DOT_TIMEOUT_S", 0.0001)
    with pytest.raises(ServiceError, match="did not finish laying out 'interventions'"):
        write_view(graphs["interventions"], "svg")
    result = invoke("export", "interventions", "-f", "svg")
    assert result.exit_code == 3
    assert "did not finish laying out" in result.stderr and "Traceback" not in result.output


def test_svg_without_graphviz_is_a_service_error_naming_the_package(
    graphs: dict[str, ViewGraph], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    invoke: Callable[..., Result],
) -> None:
    """With no ``dot`` on PATH, SVG export says which package to install (exit 3)."""
    from painkg.errors import ServiceError

    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ServiceError, match="apt-get install graphviz"):
        write_view(graphs["interventions"], "svg")
    result = invoke("export", "interventions", "-f", "svg")
    assert result.exit_code == 3 and "graphviz" in result.stderr
    assert "Traceback" not in result.output
