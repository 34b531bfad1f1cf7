"""`painkg audit`: every figure checked against the article (hand counts in test_ingest),
LLM-only relations against a curated fixture, and exit codes of --fail-on."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from painkg.errors import EXIT_FINDINGS, EXIT_USAGE
from painkg.namespaces import graph_iri
from painkg.reports.audit import findings, format_audit, run_audit
from painkg.resources import data_dir, ontology_files
from painkg.store import OxigraphStore, open_store
from painkg.store.load import ONTOLOGY_GRAPH
from support.articles import HAND_COUNT, HAND_UNMARKED_LINES


def test_claims_by_marker_match_hand_count(kg: OxigraphStore) -> None:
    audit = run_audit(kg)
    got = {("LLM" if m.number is None else str(m.number)): m.claims for m in audit.by_marker
           if m.claims}
    assert got == HAND_COUNT
    assert audit.claims == sum(HAND_COUNT.values()) == 97


def test_claims_by_section_add_up(kg: OxigraphStore) -> None:
    audit = run_audit(kg)
    assert sum(s.claims for s in audit.by_section) == 97
    assert sum(s.llm for s in audit.by_section) == HAND_COUNT["LLM"]
    questions = next(s for s in audit.by_section if s.section.startswith("Reflective"))
    assert (questions.claims, questions.llm) == (7, 7)


def test_uncited_source_is_the_jo_nijs_video(kg: OxigraphStore) -> None:
    audit = run_audit(kg)
    assert [(s.number, s.tier) for s in audit.uncited] == [(8, "T3")]
    assert "Jo Nijs" in audit.uncited[0].citation
    assert [s.citations for s in audit.sources] == [5, 6, 14, 10, 2, 6, 7, 0]


def test_metadata_mismatch_and_unmarked_sentences(kg: OxigraphStore) -> None:
    audit = run_audit(kg)
    assert len(audit.inconsistencies) == 1
    assert "states 7 sources" in audit.inconsistencies[0]
    assert "has 8 entries" in audit.inconsistencies[0]
    assert [u.line for u in audit.unmarked] == HAND_UNMARKED_LINES


def test_llm_only_relations(evidence_store: OxigraphStore) -> None:
    audit = run_audit(evidence_store)
    assert [(r.subject, r.predicate, r.object) for r in audit.llm_only] == [
        ("cognitive behavioral therapy", "targets", "pain catastrophizing")]
    assert findings(audit) == {"llm-only": 1, "implied-only": 0, "uncited": 1, "unmarked": 7,
                               "inconsistent": 1}


def test_formats(evidence_store: OxigraphStore) -> None:
    audit = run_audit(evidence_store)
    data = json.loads(format_audit(audit, "json"))
    assert data["findings"]["uncited"] == 1 and data["claims"] == 97
    markdown = format_audit(audit, "markdown")
    assert "## Sources never cited in the text" in markdown
    assert "| 8 | What is Central Sensitization? \\| Jo Nijs" in markdown
    text = format_audit(audit, "text")
    assert ("cognitive behavioral therapy targets pain catastrophizing (1 claim; stated LLM, "
            "implied none)") in text


def test_cli_exit_codes(invoke: Callable[..., Result]) -> None:
    plain = invoke("audit")
    assert plain.exit_code == 0, plain.output
    assert "Sources never cited in the text: 1" in plain.stdout
    assert "8. Video: What is Central Sensitization? | Jo Nijs Explains" in plain.stdout
    assert "states 7 sources, but the source list has 8 entries" in plain.stdout
    failing = invoke("audit", "--fail-on", "uncited", "-f", "json")
    assert failing.exit_code == EXIT_FINDINGS, failing.output
    assert json.loads(failing.stdout)["findings"]["uncited"] == 1
    assert "uncited 1" in failing.stderr
    assert invoke("audit", "--fail-on", "any").exit_code == EXIT_FINDINGS
    bad = invoke("audit", "--fail-on", "nonsense")
    assert bad.exit_code == EXIT_USAGE, bad.output


def test_fail_on_absent_finding_exits_0(tmp_path: Path, invoke: Callable[..., Result]) -> None:
    path = tmp_path / "store"
    store = open_store(f"oxigraph:{path}", create=True)
    assert isinstance(store, OxigraphStore)
    for ontology in ontology_files():
        store.load(ontology, ONTOLOGY_GRAPH)
    store.load(data_dir() / "graph" / "central-sensitization.document.trig",
               graph_iri("central-sensitization"), "trig")
    store.close()
    del store
    result = invoke("--store", f"oxigraph:{path}", "audit", "--fail-on", "llm-only")
    assert result.exit_code == 0, result.output
    assert "Relations resting only on LLM-tagged claims: 0" in result.stdout
