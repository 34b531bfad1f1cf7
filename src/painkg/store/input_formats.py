"""Which RDF files painkg reads from outside, and why the others are refused.

painkg parses RDF only with pyoxigraph (:meth:`painkg.store.OxigraphStore.load`), which is
transactional, reports line and column, handles Turtle collections nested 100,000 deep, and
never fetches anything. It reads Turtle, N-Triples, N-Quads, TriG and JSON-LD (``.jsonld``)
whose contexts are all inline, as painkg's own JSON-LD dump is: every ``@context`` (and
``@import``) is checked before parsing, and one that names a document is refused, since
reading it would be a network fetch. It refuses, with an
:class:`~painkg.errors.InputError` naming the file (exit 3):

* **RDF/XML and TriX** (``.rdf``, ``.owl``, ``.xml``, ``.trix``, or XML content under any
  name): XML entity expansion cannot be bounded in any parser painkg has. rdflib's RDF/XML
  parser hangs on a 628-byte "billion laughs" file; pyoxigraph's expands it too and asks for a
  4.8 GB buffer (measured; ``tests/test_hostile_inputs.py`` keeps the proof). External
  entities are not resolved by either, but refusing the format settles both.
* **JSON-LD with a remote context**, and JSON under any other name (``.json``): a remote
  ``@context`` is a network fetch (rdflib's parser performs it); painkg never makes one. Its
  own JSON-LD dump embeds its context (``data/painkg.context.jsonld``) and is read.
* **N3** (``.n3``): rules and formulae are not RDF data.

Convert such files to Turtle with a tool you trust first. ``owl:imports`` in any file is
kept as a plain triple and never followed (pyoxigraph does not; pyshacl is called without
``do_owl_imports``).
"""

from __future__ import annotations

import re
from pathlib import Path

from painkg.errors import InputError

__all__ = ["ACCEPTED", "REFUSED", "input_format", "sniff_refused", "check_jsonld_contexts"]

#: File suffix -> the store's load format, for the RDF syntaxes painkg reads.
ACCEPTED: dict[str, str] = {".ttl": "turtle", ".nt": "ntriples", ".nq": "nquads",
                            ".trig": "trig", ".jsonld": "jsonld"}

_XML = ("RDF/XML", "XML entity expansion cannot be bounded in the parsers painkg has (a few "
        "hundred bytes can expand to gigabytes)")
_JSONLD = ("JSON-LD", "a JSON-LD @context may name a remote document, and painkg never fetches "
           "anything while reading input")

#: File suffix -> (syntax, reason) for the RDF syntaxes painkg refuses.
REFUSED: dict[str, tuple[str, str]] = {
    ".rdf": _XML, ".owl": _XML, ".xml": _XML, ".trix": ("TriX", _XML[1]),
    ".json": _JSONLD,
    ".n3": ("N3", "N3 formulae and rules are not RDF data"),
}

_XML_STARTS = (b"<?xml", b"<!doctype", b"<rdf:rdf", b"<trix")


def _refusal(path: Path, syntax: str, reason: str) -> InputError:
    return InputError(
        f"is {syntax}, which painkg does not read from files: {reason}. Convert it to Turtle "
        f"(.ttl) with a tool you trust, then load that.", path=str(path))


def sniff_refused(path: Path) -> None:
    """Raise InputError if the file's first bytes are XML or JSON, whatever its name says."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(512)
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror or exc}", path=str(path)) from exc
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(_XML_STARTS):
        raise _refusal(path, "XML (RDF/XML or TriX)", _XML[1])
    # JSON opens with {" or [{; Turtle may open with [ (a blank node) and TriG with { <...
    if re.match(rb'\{\s*"|\[\s*\{', text):
        raise _refusal(path, "JSON (JSON-LD)", _JSONLD[1])


def _remote_contexts(node: object) -> list[str]:
    """The documents a JSON-LD tree's ``@context`` and ``@import`` entries name."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("@context", "@import"):
                values = value if isinstance(value, list) else [value]
                found += [v for v in values if isinstance(v, str)]
            found += _remote_contexts(value)
    elif isinstance(node, list):
        for value in node:
            found += _remote_contexts(value)
    return found


def check_jsonld_contexts(path: Path) -> None:
    """Raise InputError unless ``path`` is JSON whose JSON-LD contexts are all inline."""
    import json

    try:
        document = json.loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise InputError(f"is not readable JSON: {exc}", path=str(path)) from exc
    remote = _remote_contexts(document)
    if remote:
        raise _refusal(path, f"JSON-LD whose context is the remote document {remote[0]!r}",
                       "painkg never fetches anything while reading input; inline the context "
                       "(as painkg's own JSON-LD dump does)")


def input_format(path: str | Path) -> str:
    """The load format for ``path`` (by suffix, content checked); InputError if refused."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in REFUSED:
        raise _refusal(path, *REFUSED[suffix])
    fmt = ACCEPTED.get(suffix)
    if fmt is None:
        raise InputError("is not an RDF file painkg reads (use .ttl, .nt, .nq, .trig or "
                         ".jsonld)", path=str(path))
    if fmt == "jsonld":
        check_jsonld_contexts(path)
    else:
        sniff_refused(path)
    return fmt
