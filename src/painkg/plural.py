"""Counted nouns for messages and reports: "1 claim", "2 claims", never "1 claims" or
"claim(s)". One home, so every command says it the same way.

>>> counted(1, "claim"), counted(0, "violation"), counted(2, "entity", "entities")
('1 claim', '0 violations', '2 entities')
"""

from __future__ import annotations

__all__ = ["counted"]


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """``number`` and the noun in the form that agrees with it (``plural`` defaults to +s)."""
    word = singular if number == 1 else (plural or singular + "s")
    return f"{number} {word}"
