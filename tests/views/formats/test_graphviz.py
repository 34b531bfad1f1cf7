"""Graphviz: the DOT painkg writes names every node and edge with its evidence class; SVG
needs the real ``dot``, and without it the error names the package to install."""

from __future__ import annotations

from pathlib import Path

import pytest

from painkg.errors import ServiceError
from painkg.views.build import build_view
from painkg.views.formats.graphviz import dot_program, write_dot
from support.views import fixture_store


def test_dot_names_every_node_and_edge() -> None:
    view = build_view(fixture_store(), "interventions")
    text = write_dot(view).decode("utf-8")
    assert text.startswith('digraph "interventions" {') and text.rstrip().endswith("}")
    for node in view.nodes:
        assert f'  "{node.id}" [label=' in text, node.id
    for edge in view.edges:
        assert f'  "{edge.source}" -> "{edge.target}" [' in text
    assert 'class="targets tier-T1"' in text


def test_without_dot_on_path_the_error_names_graphviz(monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ServiceError, match="apt-get install graphviz"):
        dot_program()
