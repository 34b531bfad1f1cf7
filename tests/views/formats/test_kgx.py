"""painkg.views.formats.kgx through `painkg export kgx -o DIR`: KGX TSV nodes and edges with
Biolink categories, predicates and the provenance enums taken from the evidence (issue 18)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

# Biolink 4.x permissible values (KnowledgeLevelEnum, AgentTypeEnum).
KNOWLEDGE_LEVELS = {"knowledge_assertion", "logical_entailment", "prediction",
                    "statistical_association", "observation", "not_provided"}
AGENT_TYPES = {"manual_agent", "automated_agent", "data_analysis_pipeline",
               "computational_model", "text_mining_agent", "image_processing_agent",
               "manual_validation_of_automated_agent", "not_provided"}


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_kgx_files(invoke: Callable[..., Result], tmp_path: Path) -> None:
    out = tmp_path / "kgx"
    result = invoke("export", "kgx", "-o", str(out))
    assert result.exit_code == 0, result.output
    nodes, edges = _read(out / "nodes.tsv"), _read(out / "edges.tsv")
    ids = {n["id"] for n in nodes}
    assert len(ids) == len(nodes) > 30
    assert all(n["category"].startswith("biolink:") and n["name"] for n in nodes)
    by_id = {n["id"]: n for n in nodes}
    assert by_id["pkr:kinesiophobia"]["category"] == "biolink:PhenotypicFeature"
    assert by_id["pkr:kinesiophobia"]["xref"] == "HP:4000009|MESH:D000092442"
    for edge in edges:
        assert edge["subject"] in ids and edge["object"] in ids, edge["id"]
        assert edge["knowledge_level"] in KNOWLEDGE_LEVELS
        assert edge["agent_type"] in AGENT_TYPES
        assert edge["predicate"].startswith("biolink:")
        if edge["llm_only"] == "true":
            assert (edge["knowledge_level"], edge["agent_type"]) == ("not_provided",
                                                                     "automated_agent")
        elif int(edge["n_claims"]):
            assert edge["knowledge_level"] == "knowledge_assertion"
    targets = {(e["subject"], e["object"]): e for e in edges
               if e["original_predicate"] == "pk:targets"}
    graded = targets[("pkr:graded-exposure", "pkr:kinesiophobia")]
    assert graded["predicate"] == "biolink:treats_or_applied_or_studied_to_treat"
    assert graded["knowledge_level"] == "knowledge_assertion"  # T1 behind it


def test_kgx_needs_a_folder(invoke: Callable[..., Result]) -> None:
    result = invoke("export", "kgx")
    assert result.exit_code == 2, result.output
    assert "name the folder with -o DIR" in result.stderr
