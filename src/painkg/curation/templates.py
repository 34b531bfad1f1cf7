"""Reading and checking curation templates: tab-separated files a curator edits in a spreadsheet.

One folder per article, ``data/curation/<slug>/``, with one TSV per kind of record (the
format is described in ``data/curation/FORMAT.md``). This module reads a template into rows
of :class:`Cell` (text with its file, line and column), parses the references a cell may hold
and checks them against the article:

* a claim by its stable id (``pkc:core-principles-c49ebc49``), optionally followed by a quoted
  fragment that must occur in that claim (``pkc:… "pain evoked by …"``);
* a quoted fragment alone (``"can be addressed through graded re-engagement"``), which must
  match exactly one sentence (claim) of that article;
* ``ref:N "…"`` (the text of source-list entry N) or ``line:N "…"`` (a line of the article
  that is not a claim), each with a fragment that must occur there.

Every problem is a :class:`TemplateError` naming file, line and column (exit 3), so a broken
template never yields a half-built curated layer. The claims are read from the article
through :mod:`painkg.ingest` - the same reader and the same claim IRIs ``painkg ingest`` mints.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from painkg.errors import InputError
from painkg.namespaces import DATA_BASE, PREFIXES

__all__ = ["TemplateError", "Cell", "Row", "Template", "Reference", "ArticleText",
           "read_template", "split_values", "parse_reference", "article_prefixes",
           "expand_name", "ERROR_KINDS", "STATES", "IMPLIES"]

STATES = "states"
IMPLIES = "implies"
#: The kinds of template error and their codes in data/curation/FORMAT.md (section 3).
ERROR_KINDS: dict[str, str] = {
    "unknown-entity": "E02", "bad-claim": "E02", "unknown-class": "E03",
    "unknown-predicate": "E04", "fragment-none": "E05", "fragment-many": "E06",
    "bad-role": "E08", "duplicate-row": "E09", "missing-column": "E11", "bad-cell": "E12",
    "deprecated-kept": "E15", "published-iri": "E20", "unknown-kind": "E21",
}

#: Several values in one cell (synonyms, creators) are separated by " | ".
VALUE_SEPARATOR = " | "
_REFERENCE = re.compile(r'^(?:(?P<id>[^\s"]+))?\s*(?:"(?P<quote>.*)")?$', re.S)
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


class TemplateError(InputError):
    """A template cell painkg cannot compile: ``file:line:column: CODE message`` (exit 3)."""

    def __init__(self, kind: str, message: str, cell: Cell) -> None:
        code = ERROR_KINDS.get(kind, "E00")
        InputError.__init__(self, "")
        self.message = (f"{cell.path}:{cell.line}:{cell.column}: {code} {message} Nothing "
                        "was written: fix the template and run `painkg curate build` again.")
        self.args = (self.message,)
        self.path, self.line, self.column = cell.path, cell.line, cell.column
        self.kind, self.code = kind, code


@dataclass(frozen=True)
class Cell:
    """One cell's text, where it stands (1-based line and column) and its column name."""

    text: str
    path: str
    line: int
    column: int
    name: str = ""

    def __bool__(self) -> bool:
        return bool(self.text.strip())

    def error(self, kind: str, message: str) -> TemplateError:
        """A :class:`TemplateError` pointing at this cell."""
        return TemplateError(kind, message, self)


@dataclass(frozen=True)
class Row:
    """One data row: its cells by column name."""

    path: str
    line: int
    cells: dict[str, Cell]

    def __getitem__(self, name: str) -> Cell:
        return self.cells[name]

    def get(self, name: str) -> Cell:
        """The cell of column ``name``, or an empty cell where the template has no such column."""
        return self.cells.get(name) or Cell("", self.path, self.line, 1, name)

    def key(self, *names: str) -> tuple[str, ...]:
        """The stripped texts of some columns, e.g. to find duplicate rows."""
        return tuple(self.get(n).text.strip() for n in names)


@dataclass(frozen=True)
class Template:
    """A template file: its path, column names and data rows."""

    path: Path
    columns: tuple[str, ...]
    rows: tuple[Row, ...]

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)


def read_template(path: Path, required: tuple[str, ...] = (), label: str | None = None
                  ) -> Template:
    """Read one TSV template: a header row, then data rows; blank lines and lines starting
    with ``#`` are skipped. A missing required column or a row with more cells than the
    header is a :class:`TemplateError`."""
    name = label or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the template: {exc}", name) from exc
    lines = text.splitlines()
    header_at = next((i for i, line in enumerate(lines)
                      if line.strip() and not line.startswith("#")), None)
    if header_at is None:
        raise InputError("the template is empty: it needs a header row.", name, 1)
    columns = tuple(c.strip() for c in lines[header_at].split("\t"))
    for wanted in required:
        if wanted not in columns:
            raise TemplateError("missing-column", f"the header has no column {wanted!r} "
                                f"(columns: {', '.join(columns)}).",
                                Cell(lines[header_at], name, header_at + 1, 1))
    rows = []
    for index in range(header_at + 1, len(lines)):
        line = lines[index]
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) > len(columns):
            start = sum(len(f) + 1 for f in fields[:len(columns)]) + 1
            raise TemplateError("bad-cell", f"the row has {len(fields)} cells but the header "
                                f"names {len(columns)} columns.",
                                Cell(fields[len(columns)], name, index + 1, start))
        cells, column = {}, 1
        for col_name, value in zip(columns, fields, strict=False):
            cells[col_name] = Cell(value, name, index + 1, column, col_name)
            column += len(value) + 1
        rows.append(Row(name, index + 1, cells))
    return Template(path, columns, tuple(rows))


def split_values(cell: Cell) -> list[Cell]:
    """The values of a multi-valued cell (``a | b``), each with its own column."""
    out, column = [], cell.column
    for part in cell.text.split(VALUE_SEPARATOR):
        lead = len(part) - len(part.lstrip())
        if part.strip():
            out.append(Cell(part.strip(), cell.path, cell.line, column + lead, cell.name))
        column += len(part) + len(VALUE_SEPARATOR)
    return out


def fold(text: str) -> str:
    """Text as fragments are matched: NFC, whitespace collapsed, curly quotes straightened."""
    return " ".join(unicodedata.normalize("NFC", text).translate(_QUOTES).split())


@dataclass(frozen=True)
class Reference:
    """A parsed reference cell: an id (``pkc:…``, ``ref:6``, ``line:103``) and/or a quote."""

    ident: str | None
    quote: str | None
    cell: Cell


def parse_reference(cell: Cell) -> Reference:
    """``pkc:x``, ``pkc:x "fragment"``, ``"fragment"``, ``ref:N "…"`` or ``line:N "…"``."""
    match = _REFERENCE.match(cell.text.strip())
    if not match or not (match.group("id") or match.group("quote") is not None):
        raise cell.error("bad-claim", f"{cell.text.strip()!r} is not a claim reference: give a "
                         "claim id (pkc:…), a quoted fragment of one sentence (\"…\"), or both.")
    return Reference(match.group("id"), match.group("quote"), cell)


def article_prefixes(slug: str) -> dict[str, str]:
    """The CURIE prefixes a template may use: painkg's fixed ones and the article's own."""
    article = f"{DATA_BASE}article/{slug}/"
    return {**PREFIXES,
            "pkc": article + "claim/", "term": article + "term/",
            "objective": article + "objective/", "misconception": article + "misconception/",
            "caution": article + "caution/", "contribution": article + "contribution/",
            "source": DATA_BASE + "source/", "person": DATA_BASE + "person/",
            "org": DATA_BASE + "org/", "statement": DATA_BASE + "statement/"}


def expand_name(cell: Cell, prefixes: dict[str, str], kind: str = "unknown-entity") -> str:
    """The IRI a CURIE cell names; a cell that is no CURIE of a known prefix is an error."""
    text = cell.text.strip()
    prefix, sep, local = text.partition(":")
    if not sep or prefix not in prefixes or not local or re.search(r"\s", local):
        raise cell.error(kind, f"{text!r} is not a name painkg knows: write a CURIE with one "
                         f"of the prefixes {', '.join(sorted(prefixes))}.")
    return prefixes[prefix] + local


@dataclass
class ArticleText:
    """The article as templates reference it: its claims (id → text) and its lines."""

    slug: str
    claims: dict[str, str]  # claim IRI -> verbatim text
    lines: dict[int, str]
    sources: dict[int, str]  # source number -> citation as printed
    _folded: dict[str, str] = field(default_factory=dict, repr=False)

    @classmethod
    def read(cls, path: Path) -> ArticleText:
        """Read the article export through painkg.ingest (the claim IRIs ingest mints)."""
        from painkg.ingest.article import read_article
        from painkg.ingest.document import claim_iris

        article = read_article(path)
        iris = claim_iris(article)
        text = path.read_text(encoding="utf-8")
        return cls(article.slug, {iris[c.position]: c.text for c in article.claims},
                   dict(enumerate(text.splitlines(), 1)),
                   {s.number: s.citation for s in article.sources})

    def folded(self, iri: str) -> str:
        """The claim's text as fragments are matched against it."""
        if iri not in self._folded:
            self._folded[iri] = fold(self.claims[iri])
        return self._folded[iri]

    def find_fragment(self, ref: Reference) -> str:
        """The one claim whose text contains the quoted fragment (else an error)."""
        wanted = fold(ref.quote or "")
        found = sorted(iri for iri in self.claims if wanted and wanted in self.folded(iri))
        if not found:
            raise ref.cell.error("fragment-none", f"the fragment \"{ref.quote}\" matches no "
                                 f"sentence of the article {self.slug!r}.")
        if len(found) > 1:
            listed = "; ".join(iri.rsplit("/", 1)[-1] for iri in found[:5])
            raise ref.cell.error("fragment-many", f"the fragment \"{ref.quote}\" matches "
                                 f"{len(found)} sentences ({listed}): quote more of the one "
                                 "you mean, or give its claim id.")
        return found[0]

    def claim(self, ref: Reference, prefixes: dict[str, str]) -> str:
        """The IRI of the claim a reference names (by id, by fragment, or both agreeing)."""
        if ref.ident is None:
            return self.find_fragment(ref)
        iri = expand_name(Cell(ref.ident, ref.cell.path, ref.cell.line, ref.cell.column),
                          prefixes, "bad-claim")
        if iri not in self.claims:
            raise ref.cell.error("bad-claim", f"{ref.ident} is not a claim of the article "
                                 f"{self.slug!r}: check the id (painkg query run "
                                 "claims-by-section lists them) or quote the sentence.")
        if ref.quote is not None and fold(ref.quote) not in self.folded(iri):
            raise ref.cell.error("fragment-none", f"the fragment \"{ref.quote}\" does not occur "
                                 f"in {ref.ident}.")
        return iri

    def quoted_text(self, ref: Reference, prefixes: dict[str, str]) -> tuple[str | None, str]:
        """(claim IRI or None, text) of a reference used as a value: the quote if given,
        else the whole claim. ``ref:N``/``line:N`` give no claim, only checked text."""
        ident = ref.ident or ""
        kind, _, number = ident.partition(":")
        if kind in ("ref", "line") and number.isdigit():
            where = (self.sources if kind == "ref" else self.lines).get(int(number), "")
            if ref.quote is None or fold(ref.quote) not in fold(where):
                raise ref.cell.error("fragment-none", f"the fragment \"{ref.quote}\" does not "
                                     f"occur in {ident} of the article {self.slug!r}.")
            return None, ref.quote
        iri = self.claim(ref, prefixes)
        return iri, ref.quote if ref.quote is not None else self.claims[iri]
