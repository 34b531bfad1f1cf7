"""Which sources are the same work, and their keys: printed identifiers first, then the
normalised citation; twins with one author-year get distinct keys."""

from __future__ import annotations

from painkg.ingest.citations import parse_source_entry
from painkg.ingest.sourceids import (
    identity_of,
    normalise_citation,
    printed_identifiers,
    source_keys,
)


def test_printed_identifiers_and_normalised_text() -> None:
    assert printed_identifiers("See https://doi.org/10.1016/j.pain.2010.09.030 here") == [
        "doi:10.1016/j.pain.2010.09.030"]
    assert normalise_citation("  Woolf,  C.J. (2011).  PAIN ") == normalise_citation(
        "woolf, c.j. (2011). pain")


def test_same_work_same_identity_across_articles() -> None:
    text = "Woolf, C. J. (2011). Central sensitization. Pain, 152(3), S2-S15. — linkT1"
    a, b = parse_source_entry(f"  1. {text}", 1), parse_source_entry(f"  4. {text}", 4)
    assert identity_of(a) == identity_of(b)


def test_twins_get_distinct_keys() -> None:
    twins = [parse_source_entry(f"  {n}. Doe, J. (2001). Title {n}. J, 1, 2. — linkT1", n)
             for n in (1, 2)]
    keys = source_keys(twins)
    assert keys[1] != keys[2] and all(k.startswith("doe-2001-") for k in keys.values())
