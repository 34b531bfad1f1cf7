"""Revisions (issue 13): ``painkg diff`` reports every kind of change once, with diff(1)
exit codes, and ``painkg curate migrate`` carries curation and reviews across."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from support.reviews import (
    ACCEPTANCE_EDITS,
    ARTICLE,
    REWORDED,
    SLUG,
    make_checkout,
    revise,
    snapshot,
)

from painkg.curation.migrate import MigrationRefused, migrate
from painkg.curation.reviews import add_review, read_reviews
from painkg.curation.revisions import ClaimRecord, _match_rewordings, diff_files
from painkg.ingest.article import read_article
from painkg.ingest.document import ingest_text

# Edits for the change kinds the acceptance revision does not make.
THRESHOLD = ("A third is a reduction in pain threshold, such that stimuli normally insufficient "
             "to be painful now trigger pain 3.",
             "A third is a lowering of the pain threshold, such that stimuli normally "
             "insufficient to be painful now trigger pain 3.")
DROPPED = ("Hyperalgesia is an exaggerated pain response to a stimulus that is normally only "
           "mildly painful 7.",
           "Hyperalgesia is an exaggerated pain response to a stimulus that is normally only "
           "mildly painful LLM.")
RENUMBERED = ("central sensitization decouples pain from injury 3.",
              "central sensitization decouples pain from injury 2.")
ADDED = ("The neurophysiological evidence base is mature and well-established LLM.",
         "The neurophysiological evidence base is mature and well-established LLM. "
         "This sentence was added for a revision test LLM.")
VIDEO = ("Video: What is Central Sensitization? | Jo Nijs Explains (Physiotutors). YouTube.",
         "Video: What is Central Sensitization? Jo Nijs explains it (Physiotutors). YouTube.")


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_checkout(tmp_path / "kg")
    monkeypatch.chdir(root)
    return root


def _kinds(result: Result) -> dict[str, int]:
    return dict(json.loads(result.stdout)["counts"])


def test_acceptance_revision_reports_every_change_once(
        checkout: Path, tmp_path: Path, invoke: Callable[..., Result]) -> None:
    revised = revise(tmp_path / "revised.txt", *ACCEPTANCE_EDITS)
    result = invoke("diff", str(ARTICLE), str(revised), "-f", "json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    counts = data["counts"]
    assert {k: counts[k] for k in ("claim-reworded", "newly-sourced", "claim-removed",
                                   "source-retiered")} == {
        "claim-reworded": 1, "newly-sourced": 1, "claim-removed": 1, "source-retiered": 1}
    assert set(counts) - {"claim-reworded", "newly-sourced", "claim-removed",
                          "source-retiered"} <= {"broken-reference"}
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


def test_graph_files_diff_like_their_articles(tmp_path: Path) -> None:
    revised = revise(tmp_path / "revised.txt", *ACCEPTANCE_EDITS)
    graphs = []
    for name, article in (("old", ARTICLE), ("new", revised)):
        path = tmp_path / f"{name}.document.trig"
        path.write_text(ingest_text(read_article(article)), encoding="utf-8")
        graphs.append(path)
    from_text = diff_files(ARTICLE, revised).counts()
    assert diff_files(graphs[0], graphs[1]).counts() == from_text


def test_every_claim_and_source_change_kind(tmp_path: Path, checkout: Path,
                                            invoke: Callable[..., Result]) -> None:
    revised = revise(tmp_path / "revised.txt", THRESHOLD, DROPPED, RENUMBERED, ADDED, VIDEO)
    result = invoke("diff", str(ARTICLE), str(revised), "-f", "json")
    assert result.exit_code == 1, result.output
    counts = _kinds(result)
    for kind in ("claim-reworded", "source-dropped", "renumbered", "claim-added",
                 "source-added", "source-removed"):
        assert counts.get(kind) == 1, (kind, counts)
    changes = json.loads(result.stdout)["changes"]
    renumbered = next(c for c in changes if c["kind"] == "renumbered")
    assert renumbered["detail"] == "[3] (T1) -> [2] (T1)"
    dropped = next(c for c in changes if c["kind"] == "source-dropped")
    assert dropped["detail"] == "[7] (T3) -> LLM"
    # "A third is a reduction in pain threshold" states a principle of central sensitization.
    lost = [c for c in changes if c["kind"] == "relation-lost-claim"]
    assert any("pk:hasPrinciple pkr:lowered-pain-threshold" in c["detail"] for c in lost)


def test_reviews_of_changed_claims_are_stale(tmp_path: Path, checkout: Path,
                                             invoke: Callable[..., Result]) -> None:
    reworded = add_review(checkout, '"the relationship between an incoming stimulus"',
                          "verified", "A. Reviewer", date="2026-12-01")
    remarked = add_review(checkout, '"rather than a therapy, a diagnosis, or a discrete"',
                          "needs-source", "A. Reviewer", date="2026-12-01")
    add_review(checkout, "pkc:core-principles-6299cb4a", "verified", "A. Reviewer",
               date="2026-12-01")  # unchanged: not stale
    revised = revise(tmp_path / "revised.txt", *ACCEPTANCE_EDITS)
    changes = json.loads(invoke("diff", str(ARTICLE), str(revised), "-f", "json").stdout)
    stale = sorted(c["old"] for c in changes["changes"] if c["kind"] == "stale-review")
    assert stale == sorted([reworded.target, remarked.target])


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


def test_rewording_matches_are_ambiguous_when_a_rival_is_close() -> None:
    old = [ClaimRecord("o", "Graded exposure reduces fear of movement.", "S", "LLM", "LLM")]
    new = [ClaimRecord("n1", "Graded exposure reduces the fear of movement.", "S", "LLM", "LLM"),
           ClaimRecord("n2", "Graded exposure reduces a fear of movement.", "S", "LLM", "LLM")]
    [(before, after, ratio, ambiguous)] = _match_rewordings(old, new)
    assert ambiguous and ratio > 0.9
    clear = _match_rewordings(old, new[:1] + [ClaimRecord("n3", "Something else.", "S", "LLM",
                                                          "LLM")])
    assert [(a.iri, amb) for _, a, _, amb in clear] == [("n1", False)]
    other_section = _match_rewordings(old, [ClaimRecord("n4", new[0].text, "T", "LLM", "LLM")])
    assert other_section == []


def test_migrate_keeps_build_and_validate_green(tmp_path: Path, checkout: Path,
                                                invoke: Callable[..., Result]) -> None:
    review = add_review(checkout, '"the relationship between an incoming stimulus"',
                        "verified", "A. Reviewer", date="2026-12-01")
    revised = revise(tmp_path / "revised.txt", *ACCEPTANCE_EDITS)
    result = invoke("curate", "migrate", SLUG, str(revised))
    assert result.exit_code == 0, result.output
    assert (checkout / "data" / "articles" / f"{SLUG}.txt").read_text(encoding="utf-8") == \
        revised.read_text(encoding="utf-8")
    [migrated] = read_reviews(checkout, SLUG)
    assert migrated.needs_rereview and migrated.migrated_from == review.target
    assert migrated.target != review.target
    revisions = (checkout / "data" / "curation" / SLUG / "revisions.tsv").read_text(
        encoding="utf-8").splitlines()
    assert revisions[1].split("\t")[:2] == ["pkc:" + migrated.target.rsplit("/", 1)[-1],
                                            "pkc:" + review.target.rsplit("/", 1)[-1]]
    curated = (checkout / "data" / "graph" / f"{SLUG}.curated.ttl").read_text(encoding="utf-8")
    assert "prov:wasRevisionOf" in curated
    check = invoke("curate", "build", "--all", "--check")
    assert check.exit_code == 0, check.output
    validate = invoke("validate")
    assert validate.exit_code == 0, validate.output
    assert invoke("diff", str(revised), str(checkout / "data" / "articles" / f"{SLUG}.txt")
                  ).exit_code == 0


def test_migration_that_would_break_a_reference_writes_nothing(
        tmp_path: Path, checkout: Path) -> None:
    # Removing a sentence the templates cite leaves a broken reference.
    removed = (" " + REWORDED[0], "")
    revised = revise(tmp_path / "revised.txt", removed)
    before = snapshot(checkout)
    with pytest.raises(MigrationRefused) as refused:
        migrate(checkout, SLUG, revised)
    assert "relations.tsv" in refused.value.message
    assert snapshot(checkout) == before
