"""Building small articles in the wiki's export template for tests (no parser code here)."""

from __future__ import annotations

__all__ = ["HEADER", "SOURCES", "minimal_article", "render_article", "titled_header"]

HEADER = [
    "Therapy AlignedTM Clinical Wiki",
    "⚠︎ LLM-generated — verify before clinical use. Sentences are marked with a source or an "
    "LLM tag.",
    "construct · Test discipline · Test category",
    "",
    "Test Construct",
    "",
    "An unmarked lead paragraph that summarises the article.",
    "",
    "0 upvotes",
]

SOURCES = [
    "  1. Doe, J. (2001). A first title. Journal of Tests, 1(2), 3–4. — linkT1",
    "  2. Some Body (SB). A second title. Body News. — linkT2",
]

FOOTER = [
    "Provenance. This article is AI-generated (model: test-model) · version 1.0 · last "
    "generated 2026-01-01 · 5 min read · 2 sources. Claims carry a source marker.",
    "",
    "Suggest a revision",
]


def render_article(sections: list[tuple[str, list[str]]], sources: list[str] | None = None,
                   header: list[str] | None = None) -> str:
    """An export with the given (heading, paragraphs) sections, a Sources list and footer."""
    lines = list(HEADER if header is None else header)
    for heading, paragraphs in sections:
        lines += ["", heading, ""]
        for k, para in enumerate(paragraphs):
            if k:
                lines.append("")
            lines.append(para)
    lines += ["", "Sources", ""]
    lines += SOURCES if sources is None else sources
    lines += FOOTER
    return "\n".join(lines) + "\n"


def minimal_article(paragraphs: list[str], heading: str = "Core Principles") -> str:
    """One section holding ``paragraphs``."""
    return render_article([(heading, paragraphs)])


def titled_header(title: str) -> list[str]:
    """The export header of a (synthetic) article with another title, so another slug."""
    return [title if line == "Test Construct" else line for line in HEADER]
