"""``painkg stats``: triples, instances per class and uses per property, deterministic."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from painkg.reports.stats import graph_stats, render_stats
from painkg.store import OxigraphStore, open_store

Invoke = Callable[..., Result]


def test_counts_of_the_packaged_graph(kg: OxigraphStore) -> None:
    stats = graph_stats(kg)
    assert stats.triples == len(kg)
    assert stats.classes["pk:Source"] == 8
    assert stats.classes["pk:Article"] == 1
    assert stats.classes["pk:SmartObjective"] == 7
    assert stats.classes["pk:Misconception"] == 5
    assert stats.properties["pk:marker"] == stats.classes["pk:Claim"]
    counts = list(stats.classes.values())
    assert counts == sorted(counts, reverse=True)


def test_counts_are_exact_on_a_small_graph(tmp_path: Path) -> None:
    data = tmp_path / "x.nt"
    data.write_text(
        "<http://x/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://x/C> .\n"
        "<http://x/b> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://x/C> .\n"
        "<http://x/a> <http://x/p> <http://x/b> .\n", encoding="utf-8")
    store = open_store("memory")
    assert isinstance(store, OxigraphStore)
    store.load(data, "http://g/1", "ntriples")
    store.load(data, "http://g/2", "ntriples")  # same triples twice: counted once
    stats = graph_stats(store)
    assert stats.as_dict() == {"triples": 3, "classes": {"<http://x/C>": 2},
                               "properties": {"rdf:type": 2, "<http://x/p>": 1}}


def test_cli_stats_json_and_table(invoke: Invoke, kg: OxigraphStore) -> None:
    result = invoke("stats", "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["classes"]["pk:Source"] == 8
    assert payload == graph_stats(kg).as_dict()
    table = invoke("stats")
    assert table.exit_code == 0, table.output
    assert table.stdout == render_stats(graph_stats(kg), "table")
    assert "pk:Source" in table.stdout and table.stdout.startswith("triples")
