"""Writing query results: SELECT (and ASK) as a table, CSV, TSV or SPARQL 1.1 Results JSON;
CONSTRUCT (and DESCRIBE) as Turtle, N-Triples or JSON-LD.

``csv``, ``tsv`` and ``json`` follow the W3C SPARQL 1.1 Query Results formats, so other tools
read them; ``table`` is for people (IRIs shortened with painkg's fixed prefixes). Graphs are
written by Oxigraph from sorted triples whose blank nodes are renamed in order of appearance,
so the same answer gives the same bytes; JSON-LD is expanded (no context to fetch).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib.query import Result
    from rdflib.term import Identifier

__all__ = ["FORMATS", "TABLE_FORMATS", "GRAPH_FORMATS", "EXTENSIONS", "Table", "render_graph",
           "from_result", "PlainTerm", "as_plain", "write_rows", "term_tsv", "term_plain",
           "term_short", "format_table", "format_csv", "format_tsv", "format_json",
           "format_results"]

#: Formats of SELECT and ASK results, the first is the default.
TABLE_FORMATS = ("table", "csv", "tsv", "json")
#: Formats of CONSTRUCT and DESCRIBE results, the first is the default.
GRAPH_FORMATS = ("turtle", "ntriples", "jsonld")
#: Output formats of ``painkg query run``.
FORMATS = TABLE_FORMATS + GRAPH_FORMATS
#: The file extension of each format (``painkg query run ... -o DIR/``).
EXTENSIONS = {"table": "txt", "csv": "csv", "tsv": "tsv", "json": "srj", "turtle": "ttl",
              "ntriples": "nt", "jsonld": "jsonld"}

_ABBREVIATED = {  # datatypes TSV may write as bare Turtle tokens
    "http://www.w3.org/2001/XMLSchema#integer", "http://www.w3.org/2001/XMLSchema#decimal",
    "http://www.w3.org/2001/XMLSchema#double", "http://www.w3.org/2001/XMLSchema#boolean",
}


@dataclass(frozen=True)
class Table:
    """A result as variable names and rows (None for an unbound cell); or an ASK answer."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Identifier | None, ...], ...]
    boolean: bool | None = None

    def records(self) -> list[dict[str, Identifier]]:
        """The rows as dicts keyed by variable name; unbound cells are absent."""
        return [{v: t for v, t in zip(self.variables, row, strict=True) if t is not None}
                for row in self.rows]

    def text_records(self) -> list[dict[str, str]]:
        """:meth:`records` with every term as its string (IRI or lexical form)."""
        return [{v: str(t) for v, t in record.items()} for record in self.records()]


def from_result(result: Result) -> Table:
    """A :class:`Table` from an rdflib Result of a SELECT or ASK query."""
    if result.type == "ASK":
        return Table((), (), bool(result.askAnswer))
    if result.type != "SELECT":
        from painkg.errors import UsageError

        raise UsageError("Only SELECT and ASK results can be written as a table; this query "
                         f"is a {result.type} query.")
    variables = list(result.vars or [])
    rows = tuple(tuple(binding.get(v) for v in variables) for binding in result.bindings)
    return Table(tuple(str(v) for v in variables), rows)


#: A term as plain strings, as the query worker passes it on
#: (:data:`painkg.query.worker.PlainTerm`): ("iri", iri) | ("bnode", id) |
#: ("literal", lexical, datatype, language).
PlainTerm = tuple[str, ...]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def as_plain(term: Identifier | PlainTerm | None) -> PlainTerm | None:
    """``term`` as a plain term; simple literals (no datatype, or ``xsd:string``) get the
    datatype "" as rdflib's plain literals have none. Plain terms from the worker are taken
    as they are, so writing a user query's answer does not import rdflib."""
    if term is None:
        return None
    if isinstance(term, tuple):
        if term[0] == "literal" and term[2] == _XSD_STRING and not term[3]:
            return ("literal", term[1], "", "")
        return term
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return ("iri", str(term))
    if isinstance(term, BNode):
        return ("bnode", str(term))
    assert isinstance(term, Literal)
    datatype = "" if term.datatype is None else str(term.datatype)
    return as_plain(("literal", str(term), datatype, term.language or ""))


def _escape_tsv(text: str) -> str:
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\r", "\\r").replace("\t", "\\t"))


def term_tsv(term: Identifier | PlainTerm | None) -> str:
    """A term as SPARQL TSV writes it (Turtle syntax: ``<iri>``, ``"text"@en``, ``42``)."""
    plain = as_plain(term)
    if plain is None:
        return ""
    if plain[0] == "iri":
        return f"<{plain[1]}>"
    if plain[0] == "bnode":
        return f"_:{plain[1]}"
    _, value, datatype, language = plain
    lexical = f'"{_escape_tsv(value)}"'
    if language:
        return f"{lexical}@{language}"
    if not datatype:
        return lexical
    if datatype in _ABBREVIATED and _bare_ok(value, datatype):
        return value
    return f"{lexical}^^<{datatype}>"


def _bare_ok(lexical: str, datatype: str) -> bool:
    import re

    patterns = {
        "integer": r"[+-]?\d+", "decimal": r"[+-]?\d*\.\d+",
        "double": r"[+-]?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+", "boolean": r"true|false",
    }
    return re.fullmatch(patterns[datatype.rsplit("#", 1)[1]], lexical) is not None


def term_plain(term: Identifier | PlainTerm | None) -> str:
    """A term as CSV writes it: the IRI or the lexical form, nothing else."""
    plain = as_plain(term)
    return "" if plain is None else plain[1]


def term_short(term: Identifier | PlainTerm | None) -> str:
    """A term for people: IRIs as CURIEs with painkg's prefixes, literals as their text."""
    from painkg.namespaces import shorten_iri

    plain = as_plain(term)
    if plain is None:
        return ""
    if plain[0] == "iri":
        short = shorten_iri(plain[1])
        return f"<{plain[1]}>" if short == plain[1] else short
    return " ".join(plain[1].split())


def _plain_rows(table: Table) -> list[list[PlainTerm | None]]:
    return [[as_plain(t) for t in row] for row in table.rows]


def format_tsv(table: Table) -> str:
    """SPARQL 1.1 TSV: a ``?var`` header line, then one line per row."""
    return write_rows(table.variables, _plain_rows(table), table.boolean, "tsv")


def format_csv(table: Table) -> str:
    """SPARQL 1.1 CSV: a header of bare names, then plain values (CRLF line ends, per RFC 4180)."""
    return write_rows(table.variables, _plain_rows(table), table.boolean, "csv")


def format_json(table: Table) -> str:
    """SPARQL 1.1 Query Results JSON (``head.vars`` and ``results.bindings``, or ``boolean``)."""
    return write_rows(table.variables, _plain_rows(table), table.boolean, "json")


def format_table(table: Table) -> str:
    """An aligned text table for a terminal; the row count on the last line."""
    return write_rows(table.variables, _plain_rows(table), table.boolean, "table")


def format_results(table: Table, fmt: str) -> str:
    """The table in one of :data:`TABLE_FORMATS`."""
    return write_rows(table.variables, _plain_rows(table), table.boolean, fmt)


#: Rows of plain terms (None: an unbound cell).
Rows = Sequence[Sequence[PlainTerm | None]]


def _tsv(variables: Sequence[str], rows: Rows) -> str:
    # Each distinct term written once: rows repeat labels, sources and tiers (evidence-for-
    # entity bound to the hub concept at 1,000 articles: 14,400 cells, ~45 -> ~10 ms).
    written: dict[Identifier | PlainTerm | None, str] = {}

    def cell(term: Identifier | PlainTerm | None) -> str:
        text = written.get(term)
        if text is None:
            text = written[term] = term_tsv(term)
        return text

    lines = ["\t".join("?" + v for v in variables)]
    lines += ["\t".join(cell(t) for t in row) for row in rows]
    return "\n".join(lines) + "\n"


def _csv(variables: Sequence[str], rows: Rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow([term_plain(t) for t in row])
    return buffer.getvalue()


def _json_term(term: PlainTerm) -> dict[str, str]:
    plain = as_plain(term)
    assert plain is not None
    if plain[0] == "iri":
        return {"type": "uri", "value": plain[1]}
    if plain[0] == "bnode":
        return {"type": "bnode", "value": plain[1]}
    out = {"type": "literal", "value": plain[1]}
    if plain[3]:
        out["xml:lang"] = plain[3]
    elif plain[2]:
        out["datatype"] = plain[2]
    return out


def _json(variables: Sequence[str], rows: Rows) -> str:
    bindings = [{v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None}
                for row in rows]
    doc = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _text_table(variables: Sequence[str], rows: Rows) -> str:
    cells = [[term_short(t) for t in row] for row in rows]
    header = list(variables)
    sizes = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(header)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.ljust(s) for v, s in zip(values, sizes, strict=True)).rstrip()

    out = [line(header), line(["-" * s for s in sizes])]
    out += [line(r) for r in cells]
    count = len(cells)
    out.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(out) + "\n"


def write_rows(variables: Sequence[str], rows: Rows, boolean: bool | None, fmt: str) -> str:
    """A SELECT result (``variables``, plain-term ``rows``) or an ASK answer (``boolean``) in
    one of :data:`TABLE_FORMATS`."""
    if boolean is not None:
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": boolean}, indent=2,
                              ensure_ascii=False) + "\n"
        answer = ("yes" if boolean else "no") if fmt == "table" else str(boolean).lower()
        return answer + ("\r\n" if fmt == "csv" else "\n")
    writers = {"table": _text_table, "csv": _csv, "tsv": _tsv, "json": _json}
    return writers[fmt](variables, rows)


def _ox_term(term: tuple[str, ...], bnodes: dict[str, str]) -> Any:
    import pyoxigraph as ox

    if term[0] == "iri":
        return ox.NamedNode(term[1])
    if term[0] == "bnode":
        return ox.BlankNode(bnodes.setdefault(term[1], f"b{len(bnodes)}"))
    _, lexical, datatype, language = term
    if language:
        return ox.Literal(lexical, language=language)
    return ox.Literal(lexical, datatype=ox.NamedNode(datatype) if datatype else None)


def _stable_key(triple: Sequence[tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
    # Blank-node ids are random per run: order by everything else so renaming is stable.
    return tuple(("bnode",) if t[0] == "bnode" else t for t in triple)


def render_graph(triples: Sequence[Sequence[tuple[str, ...]]], fmt: str) -> bytes:
    """CONSTRUCT/DESCRIBE triples (plain terms, see :mod:`painkg.query.worker`) as ``fmt``."""
    import pyoxigraph as ox

    from painkg.query.prefixes import PREDEFINED

    bnodes: dict[str, str] = {}
    ordered = sorted({tuple(t) for t in triples}, key=lambda t: (_stable_key(t), t))
    items = [ox.Triple(*(_ox_term(term, bnodes) for term in triple)) for triple in ordered]
    if fmt == "turtle":
        data = ox.serialize(items, format=ox.RdfFormat.TURTLE, prefixes=PREDEFINED) or b""
        at = 0
        while data.startswith(b"@prefix ", at):  # Oxigraph's prefix order varies run to run
            at = data.index(b"\n", at) + 1
        header = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREDEFINED.items())
        return header.encode("utf-8") + data[at:]
    if fmt == "ntriples":
        return ox.serialize(items, format=ox.RdfFormat.N_TRIPLES) or b""
    if fmt == "jsonld":
        doc = json.loads(ox.serialize(items, format=ox.RdfFormat.JSON_LD) or b"[]")
        return (json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode()
    raise ValueError(f"not a graph format: {fmt}")
