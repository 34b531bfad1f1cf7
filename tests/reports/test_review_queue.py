"""painkg.reports.review_queue (issue 13): the queue's order, counts and formats, and a
reviewed relation leaving it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from painkg.curation.reviews import (
    add_review,
)


def test_review_queue_order_and_formats(checkout: Path, invoke: Callable[..., Result]) -> None:
    result = invoke("review", "queue", "-f", "json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    kinds = [i["kind"] for i in items]
    assert kinds == sorted(kinds, key=lambda k: k != "relation")  # relations, then claims
    relations = [i for i in items if i["kind"] == "relation"]
    assert {i["reason"] for i in relations} <= {"LLM only", "implied only"}
    keys = [(-i["ask"], -i["score"]) for i in relations]
    assert keys == sorted(keys)
    assert all(i["score"] == i["ask"] + i["paths"] + i["views"] for i in items)
    top = relations[0]
    # Central sensitization psychoeducation targets kinesiophobia: its own route and the two
    # routes through it (pain neuroscience education, cognitive behavioral therapy).
    assert top["target"].endswith("central-sensitization-psychoeducation--targets--kinesiophobia")
    assert top["ask"] == 3
    assert {i["reason"] for i in items if i["kind"] == "claim"} == {"behind a T1 answer"}
    limited = invoke("review", "queue", "--limit", "3", "-f", "tsv")
    assert limited.stdout.splitlines()[0].split("\t")[:2] == ["rank", "kind"]
    assert len(limited.stdout.splitlines()) == 4
    add_review(checkout, "statement:central-sensitization-psychoeducation--targets--kinesiophobia",
               "verified", "A. Reviewer", date="2026-12-03")
    again = json.loads(invoke("review", "queue", "-f", "json").stdout)
    assert top["target"] not in {i["target"] for i in again}
    assert len(again) == len(items) - 1
