"""Bounded traversals: `ask`, `path`, `neighbours` and `rank` stop at --timeout and cut at
--limit, saying so; bounded answers equal the unbounded library's."""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Callable
from typing import Any

import pytest
from click.testing import Result

from painkg.errors import EXIT_INPUT, EXIT_USAGE, QueryTimeoutError, UnknownNameError
from painkg.store import OxigraphStore
from painkg.traversal import bounded_walks as bounded
from painkg.traversal import walks as traverse
from support import child_pids


def _slow(*args: Any, **kwargs: Any) -> Any:
    """A real, long computation: betweenness centrality of a 3,000-node random graph
    (minutes of pure-Python networkx work), standing in for a walk on a huge wiki."""
    import networkx as nx

    return nx.betweenness_centrality(nx.gnm_random_graph(3000, 15000, seed=7))


WALKS = {
    "ask": ("interventions_in", ["ask", "interventions", "--problem", "kinesiophobia"]),
    "path": ("paths_in", ["path", "graded exposure", "central sensitization"]),
    "neighbours": ("neighbours_in", ["neighbours", "central sensitization", "--depth", "3"]),
    "rank": ("rank_in", ["rank", "--measure", "betweenness"]),
}


@pytest.mark.parametrize("walk", sorted(WALKS))
def test_a_runaway_walk_is_stopped_and_its_worker_is_gone(
        walk: str, invoke: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    function, args = WALKS[walk]
    monkeypatch.setattr(traverse, function, _slow)  # the forked worker inherits the patch
    before = child_pids()
    result = invoke(*args, "--timeout", "1")
    assert result.exit_code == EXIT_INPUT, result.output
    assert "ran longer than 1 s and was stopped" in result.stderr, result.stderr
    assert "--timeout" in result.stderr and "Traceback" not in result.output
    assert result.stdout == ""
    assert child_pids() == before, "the killed worker is reaped"
    assert multiprocessing.active_children() == []


def test_library_timeout_raises_query_timeout(kg: OxigraphStore,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    # betweenness: ranking by degree no longer goes through rank_in (rank_by_degree)
    monkeypatch.setattr(traverse, "rank_in", _slow)
    with pytest.raises(QueryTimeoutError, match="The ranking ran longer than 0.5 s"):
        bounded.bounded_rank(kg, measure="betweenness", timeout=0.5)


def test_bounded_answers_equal_the_unbounded_ones(kg: OxigraphStore) -> None:
    entity, routes, cut = bounded.bounded_interventions(kg, "kinesiophobia", limit=None)
    assert (entity, routes) == traverse.ask_interventions(kg, "kinesiophobia") and not cut
    first, second, found, cut = bounded.bounded_paths(kg, "cognitive behavioral therapy",
                                                      "kinesiophobia", limit=5)
    assert (first, second, found) == traverse.paths(kg, "cognitive behavioral therapy",
                                                    "kinesiophobia", "length", 5)
    assert len(found) == 3 and not cut  # via PNE, via psychoeducation, via builtOn CS
    hood, cut = bounded.bounded_neighbours(kg, "central sensitization", 2, limit=None)
    assert hood == traverse.neighbours(kg, "central sensitization", 2) and not cut
    assert bounded.bounded_rank(kg, 5, "betweenness") == traverse.rank(kg, 5, "betweenness")


def test_usage_errors_in_the_worker_keep_their_class_and_message(kg: OxigraphStore,
        invoke: Callable[..., Result]) -> None:
    with pytest.raises(UnknownNameError, match="No entity is named 'no such thing'"):
        bounded.bounded_neighbours(kg, "no such thing")
    result = invoke("path", "kinesiophobia", "no such thing")
    assert result.exit_code == EXIT_USAGE, result.output
    assert result.stderr.startswith("painkg: error: No entity is named 'no such thing'")


def test_ask_limit_cuts_routes_and_says_so(invoke: Callable[..., Result]) -> None:
    whole = invoke("ask", "interventions", "--problem", "kinesiophobia", "-f", "json",
                   "--limit", "0")
    assert whole.exit_code == 0, whole.output
    routes = json.loads(whole.stdout)
    assert len(routes) > 1 and "--limit" not in whole.stderr
    cut = invoke("ask", "interventions", "--problem", "kinesiophobia", "-f", "json",
                 "--limit", "1")
    assert cut.exit_code == 0, cut.output
    assert json.loads(cut.stdout) == routes[:1]
    assert "more routes were found than --limit 1" in cut.stderr
    exact = invoke("ask", "interventions", "--problem", "kinesiophobia", "-f", "json",
                   "--limit", str(len(routes)))
    assert json.loads(exact.stdout) == routes and "--limit" not in exact.stderr


def test_path_limit_says_when_more_paths_exist(invoke: Callable[..., Result]) -> None:
    args = ("path", "cognitive behavioral therapy", "kinesiophobia", "-f", "json")
    both = invoke(*args, "--limit", "3")
    assert both.exit_code == 0, both.output
    assert len(json.loads(both.stdout)) == 3 and "--limit" not in both.stderr
    one = invoke(*args, "--limit", "1")
    assert one.exit_code == 0, one.output
    assert json.loads(one.stdout) == json.loads(both.stdout)[:1]
    assert "more shortest paths were found than --limit 1" in one.stderr


def test_neighbours_limit_cuts_relations_and_nodes(invoke: Callable[..., Result]) -> None:
    whole = invoke("neighbours", "central sensitization", "-f", "json", "--limit", "0")
    assert whole.exit_code == 0, whole.output
    full = json.loads(whole.stdout)
    assert len(full["relations"]) > 3
    cut = invoke("neighbours", "central sensitization", "-f", "json", "--limit", "3")
    assert cut.exit_code == 0, cut.output
    part = json.loads(cut.stdout)
    assert part["relations"] == full["relations"][:3]
    assert part["neighbours"] == full["neighbours"][:3]
    assert "--limit 3" in cut.stderr


@pytest.mark.parametrize("args", [
    ("rank", "--timeout", "0"), ("rank", "--timeout", "-2"),
    ("neighbours", "kinesiophobia", "--limit", "-1"),
    ("ask", "interventions", "--problem", "kinesiophobia", "--timeout", "x"),
    ("path", "kinesiophobia", "allodynia", "--limit", "0"),
])
def test_bad_bounds_are_usage_errors(invoke: Callable[..., Result], args: tuple[str, ...]) -> None:
    result = invoke(*args)
    assert result.exit_code == EXIT_USAGE, result.output
