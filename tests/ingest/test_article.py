"""The article reader: the real article's structure, and generated articles (hypothesis) whose
claims must come back exactly as generated; malformed input only ever raises InputError."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from painkg.errors import InputError
from painkg.ingest.article import (
    KNOWN_HEADINGS,
    LLM,
    parse_article,
    read_article,
    slugify,
    split_sentences,
)
from painkg.ingest.citations import parse_source_entry
from painkg.ingest.sourceids import source_keys
from support.articles import BODY, HEADER, SOURCES, generated_articles

ARTICLE = Path("data/articles/central-sensitization.txt")


@pytest.fixture(scope="module")
def article(repo: Path):  # type: ignore[no-untyped-def]
    return read_article(repo / ARTICLE)


def test_header_title_and_provenance(article) -> None:  # type: ignore[no-untyped-def]
    assert (article.title, article.type_line) == ("Central Sensitization", "construct")
    assert article.discipline == "Pain neuroscience / clinical neurophysiology"
    assert article.category == "Pain neuroscience"
    assert article.summary.startswith("Central sensitization is the amplification")
    prov = article.provenance
    assert (prov.model, prov.version, prov.generated_on) == ("claude-opus-4-8", "1.0",
                                                             "2026-06-09")
    assert (prov.reading_minutes, prov.stated_sources) == (20, 7)


def test_sections_in_order(article) -> None:  # type: ignore[no-untyped-def]
    headings = [s.heading for s in article.sections]
    assert headings[0] == "Central Sensitization"  # the part under the title
    assert headings[1:] == list(KNOWN_HEADINGS)
    assert [s.position for s in article.sections] == list(range(1, 17))


def test_kinds_examples_terms_questions(article) -> None:  # type: ignore[no-untyped-def]
    kinds = {}
    for claim in article.claims:
        kinds[claim.kind] = kinds.get(claim.kind, 0) + 1
    # by hand: 1 caption, 7 SMART rows, 3 examples, 7 key terms + 7 questions = 14 list items
    assert kinds == {"caption": 1, "table-row": 7, "example": 3, "list-item": 14,
                     "sentence": 72}
    assert [t.term for t in article.key_terms] == [
        "Central sensitization", "Allodynia", "Hyperalgesia", "Receptive field expansion",
        "Wind-up", "Neural plasticity", "Nociplastic pain"]
    assert len(article.questions) == 7 and all(q.text.endswith("?") for q in article.questions)
    assert [e.section for e in article.examples] == [
        "Core Principles", "Interventions & Techniques", "Problems-for-Work"]
    assert article.figure_alt_text[0].startswith("A causal chain showing")


def test_smart_row_and_framing_line(article) -> None:  # type: ignore[no-untyped-def]
    rows = [c for c in article.claims if c.kind == "table-row"]
    assert rows[1].text.startswith("Reduce fear of movement Over 6 weeks")
    assert rows[1].text.endswith("Graded exposure recalibrates the protective response")
    assert (rows[1].citation, rows[1].line) == (3, 77)
    framing = next(c for c in article.claims if c.text.startswith("Therapeutic framing."))
    assert framing.citation is None and framing.text.endswith("(fear of movement).")


def test_marker_is_stripped_and_period_kept(article) -> None:  # type: ignore[no-untyped-def]
    first = next(c for c in article.claims if c.section == "Type & Discipline")
    assert first.text.endswith("or a discrete syndrome.") and first.marker == LLM
    assert all(not c.text.endswith((" LLM", " LLM.")) for c in article.claims)


def test_split_sentences_joins_a_trailing_marker() -> None:
    parts = [s for s, _ in split_sentences("One thing 3. Two things. (x). LLM")]
    assert parts == ["One thing 3.", "Two things.", "(x). LLM"]


def test_slugify() -> None:
    assert slugify("Type & Discipline") == "type-discipline"
    assert slugify("Reflective / Supervision Questions") == "reflective-supervision-questions"
    assert slugify("Problems-for-Work") == "problems-for-work"


def test_source_entry_fields_and_keys() -> None:
    entry = parse_source_entry(
        "  2. Latremoliere, A., & Woolf, C.J. (2009). Central Sensitization: A Generator. "
        "The Journal of Pain, 10(9), 895–926. — linkT1", 5)
    assert (entry.authors, entry.year, entry.venue, entry.volume, entry.issue, entry.pages) == (
        "Latremoliere, A., & Woolf, C.J.", "2009", "The Journal of Pain", "10", "9", "895–926")
    assert entry.label == "Latremoliere & Woolf 2009"
    moseley = parse_source_entry("  6. Moseley, G.L. et al. Tame the Beast — a resource. "
                                 "— linkT3", 1)
    assert (moseley.authors, moseley.title, moseley.tier) == (
        "Moseley, G.L. et al.", "Tame the Beast — a resource", "T3")
    video = parse_source_entry("  8. Video: What is X? | Someone (Chan). YouTube. — linkT3", 1)
    assert (video.authors, video.title, video.venue) == (None, "What is X? | Someone (Chan)",
                                                         "YouTube")
    twins = [parse_source_entry(f"  {n}. Doe, J. (2001). Title {n}. J, 1, 2. — linkT1", n)
             for n in (1, 2)]
    keys = source_keys(twins)
    assert keys[1] != keys[2] and all(k.startswith("doe-2001-") for k in keys.values())
    with pytest.raises(ValueError, match="no evidence tier"):
        parse_source_entry("  1. Doe, J. (2001). Title. — link", 1)


# ---------------------------------------------------------------- generated articles



@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generated_articles())
def test_generated_articles_round_trip(case: tuple) -> None:  # type: ignore[type-arg]
    text, claims, unmarked = case
    article = parse_article(text)
    got = [(c.section, c.text, c.marker, c.kind) for c in article.claims]
    assert got == claims
    assert [(u.section, u.text) for u in article.unmarked] == unmarked
    assert [c.position for c in article.claims] == list(range(1, len(claims) + 1))
    for claim in article.claims:
        assert text.split("\n")[claim.line - 1].strip(), "line number points at text"


@settings(max_examples=100, deadline=None)
@given(generated_articles(), st.data())
def test_broken_articles_raise_input_error(case: tuple, data: st.DataObject) -> None:  # type: ignore[type-arg]
    text = case[0]
    lines = text.split("\n")
    breakage = data.draw(st.sampled_from(
        ["no-title", "bad-citation", "no-sources", "unknown-heading", "nul", "empty"]))
    if breakage == "no-title":
        broken = "\n".join(lines[:4] + lines[6:])
    elif breakage == "bad-citation":
        n = data.draw(st.integers(min_value=len(SOURCES) + 1, max_value=999))
        broken = text.replace("\nSources\n", f"\nKey Terms\n\nA stray claim {n}.\n\nSources\n", 1)
    elif breakage == "no-sources":
        broken = text.replace("\nSources\n", "\n", 1)
    elif breakage == "unknown-heading":
        heading = data.draw(BODY.filter(lambda h: h.casefold() not in
                                         {k.casefold() for k in KNOWN_HEADINGS}))
        broken = text.replace("\nSources\n", f"\n{heading}\n\nSome claim 1.\n\nSources\n", 1)
    elif breakage == "nul":
        at = data.draw(st.integers(0, len(text)))
        broken = text[:at] + "\0" + text[at:]
    else:
        broken = data.draw(st.sampled_from(["", "\n", "   \n\n"]))
    with pytest.raises(InputError) as info:
        parse_article(broken, path="gen.txt")
    assert info.value.line is not None and info.value.line >= 1


@settings(max_examples=300, deadline=None)
@given(generated_articles(), st.data())
def test_mutated_articles_never_raise_anything_but_input_error(
    case: tuple, data: st.DataObject  # type: ignore[type-arg]
) -> None:
    lines = case[0].split("\n")
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, max(len(lines) - 1, 0)))
        op = data.draw(st.sampled_from(["delete", "insert", "duplicate", "truncate"]))
        if op == "delete" and lines:
            del lines[at]
        elif op == "insert":
            lines.insert(at, data.draw(st.text(max_size=40)))
        elif op == "duplicate" and lines:
            lines.insert(at, lines[at])
        elif op == "truncate" and lines:
            lines[at] = lines[at][: data.draw(st.integers(0, len(lines[at])))]
    try:
        parse_article("\n".join(lines), path="mutated.txt")
    except InputError as exc:
        assert exc.line is not None and "mutated.txt" in exc.message


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_never_raises_anything_but_input_error(text: str) -> None:
    try:
        parse_article("\n".join(HEADER[:3]) + "\n" + text)
    except InputError:
        pass
