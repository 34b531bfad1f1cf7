"""Building small articles in the wiki's export template for tests (no parser code here):
fixed ones, generated ones (hypothesis) with the claims they must yield, and the hand count
of the real article's claims."""

from __future__ import annotations

from hypothesis import strategies as st

from painkg.ingest.article import KNOWN_HEADINGS, LLM

__all__ = ["HEADER", "SOURCES", "HAND_COUNT", "HAND_UNMARKED_LINES", "BODY",
           "generated_articles",
           "minimal_article", "render_article", "titled_header"]

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


# ---------------------------------------------------------------- the real article, by hand

# Independent hand count, made by reading data/articles/central-sensitization.txt paragraph by
# paragraph (line numbers of the export) and tallying the marker that ends each sentence,
# table row, caption, example, key-term entry and question bullet:
#   LLM: 11:1 15:2 17:3 23:1 33:1 37:1 39:2 41:1 43:1 47:1 49:2 55:1 59:2 61:2 63:1 67:2
#        69:2 71:3 table(76-82):4 83:1 87:1 89:1 93:2 95:1 99:1 bullets(107-113):7   = 47
#   1:  21:3 47:1 87:1                                                               =  5
#   2:  23:1 27:2 47:1 99:2                                                          =  6
#   3:  15:2 23:1 27:1 31:2 39:1 49:2 55:1 table:1 89:2 99:1                         = 14
#   4:  31:1 41:1 47:1 53:1 55:1 61:1 67:1 table:1 87:1 93:1                         = 10
#   5:  29:1 99:1                                                                    =  2
#   6:  23:1 37:2 table:1 89:1 95:1                                                  =  6
#   7:  29:3 53:2 99:2                                                               =  7
#   8:  never cited                                                                  =  0
# Total 97 claims. Unmarked sentences: both sentences of the lead (line 7), the figure alt text
# (line 10) and the first sentence of lines 29, 41, 59 and 67.
HAND_COUNT = {"LLM": 47, "1": 5, "2": 6, "3": 14, "4": 10, "5": 2, "6": 6, "7": 7}
HAND_UNMARKED_LINES = [7, 7, 10, 29, 41, 59, 67]


# ---------------------------------------------------------------- generated articles

_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
#: A sentence body without its final full stop: two to ten lowercase words.
BODY = st.lists(_WORD, min_size=2, max_size=10).map(lambda ws: " ".join(ws).capitalize())
_MARK = st.one_of(st.none(), st.just(LLM), st.integers(min_value=1, max_value=len(SOURCES)))
_PROSE_HEADINGS = [h for h in KNOWN_HEADINGS
                   if h not in ("Sources", "Key Terms", "Reflective / Supervision Questions")]


def _mark(mark: str | int | None) -> str:
    return "" if mark is None else f" {mark}"


@st.composite
def generated_articles(draw: st.DrawFn) -> tuple[str, list[tuple[str, str, str | None, str]],
                                                 list[tuple[str, str]]]:
    """(export text, expected claims (section, text, marker, kind), expected unmarked)."""
    headings = draw(st.lists(st.sampled_from(_PROSE_HEADINGS), min_size=1, max_size=5,
                             unique=True))
    sections: list[tuple[str, list[str]]] = []
    claims: list[tuple[str, str, str | None, str]] = []
    # The template's lead paragraph carries no marker: it is reported like any other.
    unmarked: list[tuple[str, str]] = [(HEADER[4], HEADER[6])]
    for heading in headings:
        paragraphs = []
        for _ in range(draw(st.integers(1, 3))):
            kind = draw(st.sampled_from(["prose", "prose", "example", "table"]))
            if kind == "example":
                first, second = draw(BODY), draw(BODY)
                mark = draw(st.sampled_from([LLM, 1, 2]))
                paragraphs.append(f"LLM-generated illustrative example (not a guideline): "
                                  f"{first}. {second}{_mark(mark)}.")
                claims.append((heading, f"{first}. {second}.", str(mark), "example"))
            elif kind == "table":
                rows = draw(st.lists(st.tuples(BODY, st.sampled_from([LLM, 1, 2])),
                                     min_size=1, max_size=3))
                paragraphs.append("\n".join(["Goal SMART objective (example) Mechanism"]
                                            + [f"{b} {m}" for b, m in rows]))
                claims += [(heading, b, str(m), "table-row") for b, m in rows]
            else:
                sentences = draw(st.lists(st.tuples(BODY, _MARK), min_size=1, max_size=4))
                paragraphs.append(" ".join(f"{b}{_mark(m)}." for b, m in sentences))
                for body, mark in sentences:
                    if mark is None:
                        unmarked.append((heading, body + "."))
                    else:
                        claims.append((heading, body + ".", str(mark), "sentence"))
        sections.append((heading, paragraphs))
    if draw(st.booleans()):
        terms = draw(st.lists(st.tuples(BODY, BODY, st.sampled_from([LLM, 1, 2])),
                              min_size=1, max_size=3))
        sections.append(("Key Terms", [" ".join(f"{t} — {d.lower()} {m}." for t, d, m in terms)]))
        claims += [("Key Terms", f"{t} — {d.lower()}.", str(m), "list-item")
                   for t, d, m in terms]
    if draw(st.booleans()):
        questions = draw(st.lists(BODY, min_size=1, max_size=3))
        heading = "Reflective / Supervision Questions"
        sections.append((heading, ["\n".join(f"  • {q}? LLM" for q in questions)]))
        claims += [(heading, f"{q}?", LLM, "list-item") for q in questions]
    return render_article(sections), claims, unmarked
