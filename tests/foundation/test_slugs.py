"""The one slug rule behind minted IRI segments."""

from __future__ import annotations

import pytest

from painkg.slugs import slugify


@pytest.mark.parametrize(("text", "slug"), [
    ("Type & Discipline", "type-discipline"),
    ("Pérez-Ruiz & Woolf", "perez-ruiz-woolf"),
    ("  Central Sensitization  ", "central-sensitization"),
    ("Reflective / Supervision Questions", "reflective-supervision-questions"),
    ("!!!", "x"),
    ("", "x"),
])
def test_slugs(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_a_slug_is_its_own_slug() -> None:
    for text in ("Graded exposure", "Nociplastic pain (ICD-11)", "Müller 2019"):
        assert slugify(slugify(text)) == slugify(text)
