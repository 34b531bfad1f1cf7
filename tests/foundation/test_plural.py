"""painkg.plural: a number and the noun that agrees with it, the one way every message
counts things."""

from __future__ import annotations

from painkg.plural import counted


def test_one_is_singular_and_every_other_number_plural() -> None:
    assert counted(1, "claim") == "1 claim"
    assert counted(0, "claim") == "0 claims"
    assert counted(2, "violation") == "2 violations"
    assert counted(-1, "file") == "-1 files"


def test_an_irregular_plural_is_given() -> None:
    assert counted(1, "entity", "entities") == "1 entity"
    assert counted(3, "entity", "entities") == "3 entities"
