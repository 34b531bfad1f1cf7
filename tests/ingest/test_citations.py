"""One numbered Sources entry, read field by field as printed."""

from __future__ import annotations

import pytest

from painkg.ingest.citations import TIERS, base_key, parse_source_entry


def test_fields_of_a_journal_entry() -> None:
    entry = parse_source_entry(
        "  3. Woolf, C. J. (2011). Central sensitization: Implications for the diagnosis and "
        "treatment of pain. Pain, 152(3), S2-S15. — linkT1", 3)
    assert entry.number == 3 and entry.tier == "T1" and entry.year == "2011"
    assert entry.authors == "Woolf, C. J."
    assert entry.title is not None and entry.title.startswith("Central sensitization")
    assert base_key(entry) == "woolf-2011"


def test_an_entry_without_a_tier_is_refused() -> None:
    assert TIERS == ("T1", "T2", "T3")
    with pytest.raises(ValueError, match="no evidence tier"):
        parse_source_entry("  1. Doe, J. (2001). Title. — link", 1)
