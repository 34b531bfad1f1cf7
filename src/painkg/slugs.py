"""The one slug rule behind every minted IRI segment (sections, concepts, sources, people)."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["slugify"]


def slugify(text: str) -> str:
    """A lower-case kebab slug, accents dropped: "Type & Discipline" -> "type-discipline".

    >>> slugify("Pérez-Ruiz & Woolf")
    'perez-ruiz-woolf'
    """
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "x"
