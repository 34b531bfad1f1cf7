"""painkg.curation.migrate (issue 13): a migration keeps curate build and validate green and
carries reviews over for re-review; one that would break a reference writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from painkg.curation.migrate import MigrationRefused, migrate
from painkg.curation.reviews import add_review, read_reviews
from support.reviews import (
    ACCEPTANCE_EDITS,
    REWORDED,
    SLUG,
    revise,
    snapshot,
)


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
