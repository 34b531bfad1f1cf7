"""Reading the wiki's plain-text article export into typed records (no RDF here).

The export follows one template: three header lines (site name, the ⚠︎ disclaimer,
"type · discipline · category"), the title, an unmarked lead paragraph, UI chrome, a figure
(alt text + caption), known section headings, prose whose sentences end in a marker (a source
number or ``LLM``) before the period, an optional SMART table, illustrative examples, key
terms, reflective-question bullets, the numbered Sources list and a Provenance line. The reader
goes by that structure, never by one article's wording; anything it cannot place is an
:class:`~painkg.errors.InputError` naming the line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from painkg.errors import InputError
from painkg.ingest.citations import SourceEntry, parse_source_entry
from painkg.slugs import slugify

__all__ = [
    "KNOWN_HEADINGS", "MAX_BYTES", "LLM", "Claim", "UnmarkedSentence", "Section", "KeyTerm",
    "ReflectiveQuestion", "IllustrativeExample", "Provenance", "Article", "SourceEntry",
    "read_article", "read_article_text", "parse_article", "normalise_text", "slugify",
    "split_sentences",
]

#: The section headings of the wiki's article template, in their usual order. Other articles
#: share the template; a heading not listed here is reported as an error, not guessed at.
KNOWN_HEADINGS: tuple[str, ...] = (
    "Type & Discipline",
    "Creators & Lineage",
    "Core Principles",
    "Interventions & Techniques",
    "Evidence Base",
    "Populations & Indications",
    "Problems-for-Work",
    "Contraindications, Cautions & Cultural Humility",
    "Treatment-Plan Suggestions & SMART Objectives",
    "Common Misconceptions",
    "Training & Certification",
    "Key Terms",
    "Resources & Further Reading",
    "Reflective / Supervision Questions",
    "Sources",
)
SOURCES_HEADING = "Sources"
KEY_TERMS_HEADING = "Key Terms"
QUESTIONS_HEADING = "Reflective / Supervision Questions"

#: Articles are a few tens of kilobytes; anything this large is not an article export.
MAX_BYTES = 2_000_000
#: The marker printed on sentences the model wrote without a source.
LLM = "LLM"

_CHROME = tuple(re.compile(p) for p in (
    r"^\d+ upvotes?$", r"^Suggest a revision", r"^Spotted an error", r"^Public credit preference",
    r"^⚠\ufe0e?\s*Do not include", r"^▶",
))
_EXAMPLE_PREFIX = "LLM-generated illustrative example (not a guideline):"
_SMART_HEADER = re.compile(r"^Goal\s+SMART objective\b.*\bMechanism$")
_FRAMING = re.compile(r"^Therapeutic framing\.\s")
_BULLET = re.compile(r"^[•·*-]\s+")
_SOURCE_LINE = re.compile(r"^\d+\.\s")
_PROVENANCE = re.compile(r"^Provenance\.\s")
# A marker is "LLM" or a 1-3 digit number (years and other 4-digit figures are content).
_MARK = r"(?P<mark>LLM|\d{1,3})"
_END_MARKED = re.compile(r"^(?P<body>.*\S)\s+" + _MARK + r"(?P<punct>[.?!]?)$", re.S)
_END_MARKED_AFTER = re.compile(r"^(?P<body>.*[.?!][”\"’)]*)\s+" + _MARK + r"$", re.S)


@dataclass(frozen=True)
class Section:
    """A heading of the article; position 1 is the part under the title (lead and figure),
    labelled with the title."""

    heading: str
    position: int
    line: int

    @property
    def slug(self) -> str:
        return slugify(self.heading)


@dataclass(frozen=True)
class Claim:
    """One marked unit of text: ``citation`` is the printed source number, ``None`` for LLM."""

    text: str
    citation: int | None
    section: str
    line: int
    position: int
    kind: str  # "sentence" | "table-row" | "caption" | "list-item" | "example"

    @property
    def marker(self) -> str:
        return LLM if self.citation is None else str(self.citation)


@dataclass(frozen=True)
class UnmarkedSentence:
    """Text that carries no marker (the header promises there is none)."""

    text: str
    section: str
    line: int


@dataclass(frozen=True)
class KeyTerm:
    """A "Term — definition marker." entry; ``claim`` is the position of its claim."""

    term: str
    definition: str
    claim: int


@dataclass(frozen=True)
class ReflectiveQuestion:
    """A bullet of the reflective-questions section; ``number`` counts from 1."""

    number: int
    text: str
    claim: int


@dataclass(frozen=True)
class IllustrativeExample:
    """An "LLM-generated illustrative example" paragraph; ``number`` counts from 1."""

    number: int
    text: str
    section: str
    claim: int


@dataclass(frozen=True)
class Provenance:
    """The Provenance line, fields as printed (``None`` when a field is missing)."""

    model: str | None
    version: str | None
    generated_on: str | None
    reading_minutes: int | None
    stated_sources: int | None
    line: int
    text: str


@dataclass
class Article:
    """Everything the reader found, in reading order."""

    slug: str
    site: str
    title: str
    type_line: str
    discipline: str
    category: str
    summary: str
    sections: list[Section] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    unmarked: list[UnmarkedSentence] = field(default_factory=list)
    sources: list[SourceEntry] = field(default_factory=list)
    key_terms: list[KeyTerm] = field(default_factory=list)
    questions: list[ReflectiveQuestion] = field(default_factory=list)
    examples: list[IllustrativeExample] = field(default_factory=list)
    figure_alt_text: list[str] = field(default_factory=list)
    provenance: Provenance | None = None
    path: str = "<text>"


def normalise_text(text: str) -> str:
    """NFC with runs of whitespace collapsed: the form claim hashes are taken of."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def read_article_text(path: str | Path) -> str:
    """The file's text; empty, binary, non-UTF-8 or oversized files raise InputError."""
    name = str(path)
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror or exc}", path=name) from exc
    if len(data) > MAX_BYTES:
        line = data[:MAX_BYTES].count(b"\n") + 1
        raise InputError(
            f"is larger than {MAX_BYTES // 1_000_000} MB (limit passed at this line); a wiki "
            "article export is a few tens of kilobytes, so this is not one.", path=name, line=line)
    if not data.strip():
        raise InputError("is empty: expected a wiki article export.", path=name, line=1)
    nul = data.find(b"\0")
    if nul >= 0:
        raise InputError("contains NUL bytes: this is a binary file, not an article export.",
                         path=name, line=data[:nul].count(b"\n") + 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"is not valid UTF-8 text (byte 0x{data[exc.start]:02x}).", path=name,
                         line=data[:exc.start].count(b"\n") + 1) from exc
    return text


def read_article(path: str | Path) -> Article:
    """Read and parse an article export file."""
    return parse_article(read_article_text(path), path=str(path))


def split_sentences(paragraph: str) -> list[tuple[str, int]]:
    """Split prose at ". " (and "? ", "! "); yields (sentence, offset). A fragment that is only
    a marker ("… (fear of movement). LLM") is joined to the sentence before it."""
    pieces: list[tuple[str, int]] = []
    start = 0
    for match in re.finditer(r"(?<=[.?!])[”\"’)]*\s+", paragraph):
        end = match.start() + len(match.group(0).rstrip())
        pieces.append((paragraph[start:end], start))
        start = match.end()
    if start < len(paragraph):
        pieces.append((paragraph[start:], start))
    merged: list[tuple[str, int]] = []
    for text, offset in pieces:
        if merged and re.fullmatch(_MARK, text.strip()):
            prev, prev_offset = merged[-1]
            merged[-1] = (paragraph[prev_offset:offset + len(text)], prev_offset)
        elif text.strip():
            merged.append((text, offset))
    return merged


def _split_marker(text: str) -> tuple[str, str | None]:
    """(text without its marker, marker or None). The period stays with the text."""
    text = text.strip()
    match = _END_MARKED_AFTER.match(text)
    if match:
        return match.group("body"), match.group("mark")
    match = _END_MARKED.match(text)
    if match:
        return match.group("body") + match.group("punct"), match.group("mark")
    return text, None


def _is_chrome(line: str) -> bool:
    return any(p.search(line) for p in _CHROME)


def _heading_key(text: str) -> str:
    return normalise_text(text).casefold()


_HEADINGS = {_heading_key(h): h for h in KNOWN_HEADINGS}


class _Reader:
    """One pass over the lines; state lives here so the public API stays functional."""

    def __init__(self, text: str, path: str) -> None:
        text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        self.lines = [ln.rstrip() for ln in text.split("\n")]
        self.path = path
        self.cites: list[tuple[int, int]] = []  # (citation number, line)

    def error(self, message: str, line: int) -> InputError:
        return InputError(message, path=self.path, line=line)

    def blank(self, i: int) -> bool:
        return i < 0 or i >= len(self.lines) or not self.lines[i].strip()

    def is_heading(self, i: int) -> bool:
        """A short standalone line without end punctuation or marker, between blank lines."""
        line = self.lines[i].strip()
        if not line or not self.blank(i - 1) or not self.blank(i + 1) or _is_chrome(line):
            return False
        if _heading_key(line) in _HEADINGS:
            return True
        return (len(line) <= 80 and not re.search(r"[.?!:;,]$", line)
                and _split_marker(line)[1] is None and not _BULLET.match(line))

    def next_nonblank(self, i: int) -> int:
        while i < len(self.lines) and not self.lines[i].strip():
            i += 1
        return i

    def parse(self) -> Article:
        n = len(self.lines)
        art, i = self.header()
        i = self.lead(art, i)
        section = art.title
        seen_sources = False
        while i < n:
            line = self.lines[i].strip()
            if not line or _is_chrome(line):
                i += 1
                continue
            if _PROVENANCE.match(line):
                if art.provenance is not None:
                    raise self.error("a second Provenance line.", i + 1)
                art.provenance = _parse_provenance(line, i + 1)
                i += 1
                continue
            if art.provenance is not None:
                raise self.error(f"unexpected text after the Provenance line: {line[:60]!r}.",
                                 i + 1)
            if self.is_heading(i):
                section = self.heading(art, i, line)
                seen_sources = seen_sources or section == SOURCES_HEADING
                i += 1
            elif section == SOURCES_HEADING:
                self.source(art, i, line)
                i += 1
            elif len(art.sections) == 1:
                i = self.figure(art, i, section)
            else:
                i = self.block(art, i, section)
        self.check(art, seen_sources)
        return art

    def header(self) -> tuple[Article, int]:
        """The header lines (site, disclaimer, type line) and the title: the article so far,
        with its first section, and the index of the line after the title."""
        n = len(self.lines)
        i = self.next_nonblank(0)
        if i >= n:
            raise self.error("is empty: expected a wiki article export.", 1)
        site = self.lines[i].strip()
        i = self.next_nonblank(i + 1)
        if i >= n or not self.lines[i].lstrip().startswith("⚠"):
            raise self.error("expected the '⚠︎ LLM-generated …' disclaimer as the second line "
                             "of the header.", min(i, n - 1) + 1)
        i = self.next_nonblank(i + 1)
        parts = [p.strip() for p in self.lines[i].split(" · ")] if i < n else []
        if len(parts) != 3 or not all(parts):
            raise self.error("expected the header line 'type · discipline · category' (three "
                             "parts separated by ' · ').", min(i, n - 1) + 1)
        i = self.next_nonblank(i + 1)
        title = self.lines[i].strip() if i < n else ""
        if (not title or _heading_key(title) in _HEADINGS or _is_chrome(title)
                or re.search(r"[.?!:]$", title) or len(title) > 200):
            raise self.error("missing title: expected the article title after the header "
                             f"lines, found {title[:60]!r}.", min(i, n - 1) + 1)
        art = Article(slug=slugify(title), site=site, title=title, type_line=parts[0],
                      discipline=parts[1], category=parts[2], summary="", path=self.path)
        art.sections.append(Section(title, 1, i + 1))
        return art, i + 1

    def lead(self, art: Article, i: int) -> int:
        """The lead paragraph under the title (the summary, and claims like any paragraph);
        the index of the line after it."""
        n = len(self.lines)
        i = self.next_nonblank(i)
        lead: list[str] = []
        while i < n and self.lines[i].strip() and not _is_chrome(self.lines[i].strip()):
            if self.is_heading(i):
                break
            lead.append(self.lines[i].strip())
            i += 1
        if not lead:
            raise self.error("expected the lead paragraph under the title.", min(i, n - 1) + 1)
        art.summary = normalise_text(" ".join(lead))
        # The lead makes claims like any paragraph; unmarked ones are reported, not hidden.
        lead_start = i - len(lead)
        for sentence, offset in split_sentences(" ".join(lead)):
            text, mark = _split_marker(sentence)
            self.add_claim(art, text, mark, art.title,
                           lead_start + 1 + _line_offset(lead, offset), "sentence")
        return i

    def heading(self, art: Article, i: int, line: str) -> str:
        """Open the section whose heading is on line ``i``; its canonical heading."""
        heading = _HEADINGS.get(_heading_key(line))
        if heading is None:
            raise self.error(
                f"unknown section heading {line!r}; the article template's headings are "
                f"listed in painkg.ingest.article.KNOWN_HEADINGS.", i + 1)
        if any(s.heading == heading for s in art.sections):
            raise self.error(f"the section heading {heading!r} appears twice.", i + 1)
        art.sections.append(Section(heading, len(art.sections) + 1, i + 1))
        return heading

    def source(self, art: Article, i: int, line: str) -> None:
        """One numbered entry of the Sources list."""
        if not _SOURCE_LINE.match(line):
            raise self.error("expected a numbered source ('N. Author (Year). Title. "
                             f"Venue. — linkT1') in the Sources list, found {line[:60]!r}.",
                             i + 1)
        try:
            art.sources.append(parse_source_entry(line, i + 1))
        except ValueError as exc:
            raise self.error(str(exc), i + 1) from exc

    def add_claim(self, art: Article, text: str, mark: str | None, section: str, line: int,
                  kind: str) -> int | None:
        """Record a claim (or an unmarked sentence); returns the claim's position."""
        text = normalise_text(text)
        if mark is None:
            art.unmarked.append(UnmarkedSentence(text, section, line))
            return None
        citation = None if mark == LLM else int(mark)
        if citation is not None:
            self.cites.append((citation, line))
        position = len(art.claims) + 1
        art.claims.append(Claim(text, citation, section, line, position, kind))
        return position

    def figure(self, art: Article, i: int, section: str) -> int:
        """Lines before the first heading: marked lines are captions, unmarked ones alt text."""
        line = self.lines[i].strip()
        text, mark = _split_marker(line)
        if mark is None:
            # Alt text asserts things too; it is kept and reported as an unmarked sentence.
            art.figure_alt_text.append(normalise_text(line))
            self.add_claim(art, text, None, section, i + 1, "caption")
        else:
            self.add_claim(art, text, mark, section, i + 1, "caption")
        return i + 1

    def block(self, art: Article, i: int, section: str) -> int:
        """One paragraph, table or list of a section; returns the next line index."""
        n = len(self.lines)
        line = self.lines[i].strip()
        if _SMART_HEADER.match(line):
            i += 1
            while i < n and self.lines[i].strip() and not _FRAMING.match(self.lines[i].strip()):
                text, mark = _split_marker(self.lines[i])
                self.add_claim(art, text, mark, section, i + 1, "table-row")
                i += 1
            return i
        if _BULLET.match(line):
            text, mark = _split_marker(_BULLET.sub("", line))
            pos = self.add_claim(art, text, mark, section, i + 1, "list-item")
            if section == QUESTIONS_HEADING and pos is not None:
                art.questions.append(ReflectiveQuestion(len(art.questions) + 1,
                                                        normalise_text(text), pos))
            return i + 1
        if _FRAMING.match(line):
            text, mark = _split_marker(line)
            self.add_claim(art, text, mark, section, i + 1, "sentence")
            return i + 1
        # Prose: consecutive lines up to a blank line or a line that starts another block.
        start = i
        para = [line]
        i += 1
        while i < n and self.lines[i].strip() and not self._starts_block(i):
            para.append(self.lines[i].strip())
            i += 1
        paragraph = " ".join(para)
        if paragraph.startswith(_EXAMPLE_PREFIX):
            body = paragraph[len(_EXAMPLE_PREFIX):].strip()
            text, mark = _split_marker(body)
            pos = self.add_claim(art, text, mark, section, start + 1, "example")
            if pos is not None:
                art.examples.append(IllustrativeExample(len(art.examples) + 1,
                                                        normalise_text(text), section, pos))
            return i
        for sentence, offset in split_sentences(paragraph):
            line_no = start + 1 + _line_offset(para, offset)
            text, mark = _split_marker(sentence)
            if section == KEY_TERMS_HEADING and " — " in text:
                pos = self.add_claim(art, text, mark, section, line_no, "list-item")
                if pos is not None:
                    term, definition = text.split(" — ", 1)
                    art.key_terms.append(KeyTerm(normalise_text(term),
                                                 normalise_text(definition).rstrip("."), pos))
            else:
                self.add_claim(art, text, mark, section, line_no, "sentence")
        return i

    def _starts_block(self, i: int) -> bool:
        line = self.lines[i].strip()
        return bool(_SMART_HEADER.match(line) or _BULLET.match(line) or _FRAMING.match(line)
                    or _PROVENANCE.match(line) or _is_chrome(line))

    def check(self, art: Article, seen_sources: bool) -> None:
        """Whole-article rules: a Sources list exists and every cited number is in it."""
        last = max((k + 1 for k, ln in enumerate(self.lines) if ln.strip()), default=1)
        if not seen_sources:
            if art.provenance is not None:  # the Sources list belongs just before it
                last = art.provenance.line
            raise self.error("has no Sources section: every numbered marker must resolve to "
                             "the article's numbered source list.", last)
        if not art.sources:
            raise self.error("the Sources section lists no sources.",
                             next(s.line for s in art.sections if s.heading == SOURCES_HEADING))
        numbers = [s.number for s in art.sources]
        for src in art.sources:
            if numbers.count(src.number) > 1:
                raise self.error(f"source number {src.number} is listed twice.", src.line)
        for number, line in self.cites:
            if number not in numbers:
                raise self.error(
                    f"cites source {number}, which is not in the Sources list "
                    f"(listed: {', '.join(str(k) for k in sorted(numbers))}).", line)
        if art.provenance is None:
            raise self.error("has no Provenance line ('Provenance. This article is "
                             "AI-generated (model: …) · version … · …').", last)


def _line_offset(lines: list[str], offset: int) -> int:
    """Which of the joined lines (0-based) a character offset of ``" ".join(lines)`` is in."""
    pos = 0
    for k, text in enumerate(lines):
        pos += len(text) + 1
        if offset < pos:
            return k
    return len(lines) - 1


def _parse_provenance(line: str, line_no: int) -> Provenance:
    def grab(pattern: str) -> str | None:
        match = re.search(pattern, line)
        return match.group(1) if match else None

    minutes = grab(r"·\s*(\d+)\s*min read")
    stated = grab(r"·\s*(\d+)\s*sources?\b")
    return Provenance(
        model=grab(r"\(model:\s*([^)]+?)\s*\)"),
        version=grab(r"·\s*version\s+([^\s·]+)"),
        generated_on=grab(r"last generated\s+(\d{4}-\d{2}-\d{2})"),
        reading_minutes=int(minutes) if minutes else None,
        stated_sources=int(stated) if stated else None,
        line=line_no,
        text=normalise_text(line),
    )


def parse_article(text: str, path: str = "<text>") -> Article:
    """Parse an article export's text; raises InputError naming the line on malformed input."""
    if "\0" in text:
        raise InputError("contains NUL bytes: this is a binary file, not an article export.",
                         path=path, line=text[:text.index("\0")].count("\n") + 1)
    return _Reader(text, path).parse()
