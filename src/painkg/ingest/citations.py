"""Parsing one numbered entry of an article's Sources list, fields as printed.

``"  1. Woolf, C.J. (1983). Evidence for …. Nature, 306(5944), 686–688. — linkT1"`` gives the
number, the verbatim citation, the tier and the bibliographic fields (authors string, year,
title, venue, volume, issue, pages). Nothing is looked up or completed: a field the entry
does not print stays ``None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from painkg.slugs import slugify
from painkg.tiers import TIERS

__all__ = ["SourceEntry", "parse_source_entry", "base_key", "TIERS", "DOCUMENT_KINDS",
           "document_kind"]

#: The document kinds a citation can show, as local names of pk:DocumentKind individuals.
DOCUMENT_KINDS: dict[str, str] = {
    "journal article": "JournalArticle", "news item": "NewsItem",
    "Wikipedia entry": "WikipediaEntry", "educational resource": "EducationalResource",
    "web page": "WebPage", "video": "Video", "book": "Book"}
_WIKIPEDIA = re.compile(r"^Wikipedia\.")
_NEWS = re.compile(r"\bNews(?:letter)?\b")
_RESOURCE = re.compile(r"\b(?:education(?:al)? resource|patient resource)\b", re.I)
_VIDEO = re.compile(r"^Video:|\bYouTube\b|\bVimeo\b")
_BOOK = re.compile(r"^Book:|\b(?:[Ee]dition|[Ee]ds?\.|Press|Publishers?)\b")

_ENTRY = re.compile(r"^\s*(?P<n>\d+)\.\s+(?P<cit>.+?)\s+—\s*link\s*(?P<tier>T\d)?\s*$")
_YEAR = re.compile(r"^(?P<authors>.+?)\s+\((?P<year>\d{4})[a-z]?\)\.\s+(?P<rest>.+)$")
_MEDIUM = re.compile(r"^(?:Video|Audio|Podcast|Website|Web page|Book|Film):\s+")
_VENUE = re.compile(
    r"^(?P<venue>.+?)(?:,\s+(?P<volume>[\w-]+)(?:\((?P<issue>[^)]*)\))?)?(?:,\s+(?P<pages>[^,]+))?$"
)
_PERSON = re.compile(r"([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)*),\s+(?:[A-Z]\.-?)+")
_ACRONYM = re.compile(r"\(([A-Z][A-Za-z]{1,9})\)$")


@dataclass(frozen=True)
class SourceEntry:
    """A numbered source as printed; ``year`` and the bibliographic parts may be missing."""

    number: int
    citation: str
    tier: str
    line: int
    authors: str | None = None
    year: str | None = None
    title: str | None = None
    venue: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None

    @property
    def surnames(self) -> list[str]:
        """The persons' surnames in the printed author list, in order."""
        return _PERSON.findall(self.authors or "")

    @property
    def label(self) -> str:
        """A short human label: "Woolf 1983", "Latremoliere & Woolf 2009", "IASP n.d."."""
        names = self.surnames
        authors = self.authors or ""
        if names:
            if len(names) > 2 or "et al" in authors:
                who = f"{names[0]} et al."
            else:
                who = " & ".join(names)
        elif authors:
            who = _organisation(authors)
        else:
            return self.title or self.citation
        return f"{who} {self.year or 'n.d.'}"


def _organisation(authors: str) -> str:
    """An author that is no list of persons, by the acronym it prints: "… (IASP)" -> "IASP"."""
    acronym = _ACRONYM.search(authors)
    return acronym.group(1) if acronym else authors


def _segments(text: str) -> list[str]:
    """Split at ". " except after an initial ("C.J. Woolf") so author lists stay whole."""
    out: list[str] = []
    start = 0
    for match in re.finditer(r"\.\s+", text):
        before = text[:match.start()]
        if re.search(r"(?:^|[\s.,])[A-Z]$", before):  # an initial such as "G.L"
            continue
        out.append(text[start:match.start()].strip())
        start = match.end()
    tail = text[start:].strip().rstrip(".").strip()
    if tail:
        out.append(tail)
    # "et al." closes an author list; keep its period as printed.
    return [s + "." if s.endswith(" et al") else s for s in out if s]


def parse_source_entry(line: str, line_no: int) -> SourceEntry:
    """Parse one Sources-list line; ValueError (with a readable message) if it is not one."""
    match = _ENTRY.match(line)
    if not match:
        raise ValueError(
            "a source entry must read 'N. Citation. — linkT1' (a number, the citation, and the "
            f"link with its tier T1, T2 or T3), found {line.strip()[:70]!r}.")
    tier = match.group("tier")
    if tier not in TIERS:
        raise ValueError(f"source {match.group('n')} has no evidence tier: its link must read "
                         "'linkT1', 'linkT2' or 'linkT3'.")
    citation = " ".join(match.group("cit").split())
    fields: dict[str, str | None] = {}
    with_year = _YEAR.match(citation)
    if with_year:
        fields["authors"] = with_year.group("authors")
        fields["year"] = with_year.group("year")
        parts = _segments(with_year.group("rest"))
    else:
        medium = _MEDIUM.match(citation)
        parts = _segments(citation[medium.end():] if medium else citation)
        if not medium and len(parts) > 1:
            fields["authors"] = parts.pop(0)
    if parts:
        fields["title"] = parts[0]
    if len(parts) > 1:
        venue = _VENUE.match(". ".join(parts[1:]))
        if venue:
            fields.update({k: v for k, v in venue.groupdict().items() if v})
    return SourceEntry(number=int(match.group("n")), citation=citation, tier=tier, line=line_no,
                       **fields)


def document_kind(entry: SourceEntry) -> str:
    """What kind of document a citation shows: journal article, video, book or web page.

    Read from the printed citation only, never from a study design: a venue with a volume
    or pages is a journal ("Nature, 306(5944), 686–688"); "Video:" or "YouTube" is a video;
    "Wikipedia." a Wikipedia entry; a venue named "News" a news item ("IASP Relief News");
    an "education resource" an educational resource; "Book:", an edition or a publisher a
    book; anything else (a web resource with no venue, such as "Physiopedia. Central
    Sensitisation.") is a web page.

    >>> entry = "1. Woolf, C.J. (1983). Evidence. Nature, 306(5944), 686–688. — linkT1"
    >>> document_kind(parse_source_entry(entry, 1))
    'journal article'
    >>> document_kind(parse_source_entry("5. Physiopedia. Central Sensitisation. — linkT3", 1))
    'web page'
    """
    if _VIDEO.search(entry.citation):
        return "video"
    if entry.venue and (entry.volume or entry.pages):
        return "journal article"
    if _WIKIPEDIA.match(entry.citation):
        return "Wikipedia entry"
    if entry.venue and _NEWS.search(entry.venue):
        return "news item"
    if _RESOURCE.search(entry.citation):
        return "educational resource"
    if _BOOK.search(entry.citation):
        return "book"
    return "web page"


def base_key(entry: SourceEntry) -> str:
    """``<first-author-or-org-slug>-<year or nd>``: the readable part of a source IRI."""
    names = entry.surnames
    if names:
        who = names[0]
    elif entry.authors:
        who = _organisation(entry.authors)
    else:
        who = entry.venue or entry.title or entry.citation
    return f"{slugify(who)}-{entry.year or 'nd'}"
