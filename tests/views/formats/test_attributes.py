"""The attribute columns every tabular or XML export writes: fixed order, typed, one value
per column for every node and edge."""

from __future__ import annotations

from painkg.views.build import build_view
from painkg.views.formats.attributes import edge_columns, edge_values, node_columns, node_values
from support.views import fixture_store

TYPES = {"string", "int", "double", "boolean"}


def test_every_node_and_edge_has_a_value_per_column() -> None:
    view = build_view(fixture_store(), "full")
    nodes, edges = node_columns(view), edge_columns()
    assert [n for n, _ in nodes][:3] == ["label", "class", "iri"]
    assert {t for _, t in [*nodes, *edges]} <= TYPES
    for node in view.nodes:
        assert set(node_values(node)) <= {n for n, _ in nodes}
        assert node_values(node)["label"] == node.label
    for edge in view.edges:
        values = edge_values(edge)
        assert set(values) == {n for n, _ in edges}
        assert values["best_tier"] == edge.best_tier and values["n_claims"] == str(edge.n_claims)


def test_typed_values_follow_the_column_types() -> None:
    from painkg.views.formats.attributes import typed

    view = build_view(fixture_store(), "full")
    edge = view.edges[0]
    values = typed(edge_values(edge), edge_columns())
    assert list(values) == [n for n, _ in edge_columns()]
    assert values["n_claims"] == edge.n_claims and values["llm_only"] is edge.llm_only
    assert isinstance(values["weight"], float) and values["best_tier"] == edge.best_tier
    assert "missing" not in typed({"label": "x"}, [("label", "string"), ("missing", "int")])
