"""painkg.cli.diff (issue 13), through the command line: the acceptance revision (one sentence
reworded, one marker LLM -> [3], one sentence removed, one source re-tiered) reports every
change once with exit 1; the same file exits 0; a file that is no article or graph exits 3
naming file and line.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from painkg.ingest.article import read_article
from painkg.ingest.document import ingest_text
from support.reviews import (
    ACCEPTANCE_EDITS,
    ARTICLE,
    revise,
)


def test_acceptance_revision_reports_every_change_once(
        checkout: Path, tmp_path: Path, invoke: Callable[..., Result]) -> None:
    revised = revise(tmp_path / "revised.txt", *ACCEPTANCE_EDITS)
    result = invoke("diff", str(ARTICLE), str(revised), "-f", "json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    counts = data["counts"]
    assert {k: counts[k] for k in ("claim_reworded", "newly_sourced", "claim_removed",
                                   "source_retiered")} == {
        "claim_reworded": 1, "newly_sourced": 1, "claim_removed": 1, "source_retiered": 1}
    assert set(counts) - {"claim_reworded", "newly_sourced", "claim_removed",
                          "source_retiered"} <= {"broken_reference"}
    reworded = next(c for c in data["changes"] if c["kind"] == "claim-reworded")
    assert "faithful readout" in reworded["old_text"] and "reliable" in reworded["new_text"]
    assert not reworded["ambiguous"]
    sourced = next(c for c in data["changes"] if c["kind"] == "newly-sourced")
    assert sourced["detail"] == "LLM -> [3] (T1)" and sourced["old"] == sourced["new"]
    retiered = next(c for c in data["changes"] if c["kind"] == "source-retiered")
    assert retiered["detail"] == "T3 -> T2" and retiered["old"] == "5"
    # The reworded sentence is an implying support in relations.tsv: its reference breaks,
    # and the closest new sentence is the reworded one.
    broken = [c for c in data["changes"] if c["kind"] == "broken-reference"]
    assert [c["new"] for c in broken] == [reworded["new"]]
    assert "relations.tsv:" in broken[0]["detail"]
    for fmt in ("text", "tsv"):
        assert invoke("diff", str(ARTICLE), str(revised), "-f", fmt).exit_code == 1


def test_same_revision_exits_0(tmp_path: Path, invoke: Callable[..., Result]) -> None:
    same = invoke("diff", str(ARTICLE), str(ARTICLE))
    assert same.exit_code == 0, same.output
    assert same.stdout.endswith("no change.\n")
    trig = tmp_path / "a.document.trig"
    trig.write_text(ingest_text(read_article(ARTICLE)), encoding="utf-8")
    assert invoke("diff", str(trig), str(trig), "-f", "json").exit_code == 0


def test_not_an_article_or_graph_exits_3_naming_file_and_line(
        tmp_path: Path, invoke: Callable[..., Result]) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("Shopping list\neggs\n", encoding="utf-8")
    result = invoke("diff", str(ARTICLE), str(text))
    assert result.exit_code == 3, result.output
    assert f"{text}, line 2" in result.stderr
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix x: <http://x/> .\n\nx:a x:b\n", encoding="utf-8")
    result = invoke("diff", str(broken), str(broken))
    assert result.exit_code == 3, result.output
    assert str(broken) in result.stderr and "line" in result.stderr
