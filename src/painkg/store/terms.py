"""Converting Oxigraph terms to rdflib terms without the engines' typing differences."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

if TYPE_CHECKING:
    from rdflib.term import Identifier

__all__ = ["from_ox", "term_converter"]

_XSD_STRING = str(XSD.string)


def from_ox(term: object) -> Identifier:
    """An rdflib term for a pyoxigraph term; ``xsd:string`` literals become plain literals.

    Oxigraph makes every simple literal an explicit ``xsd:string``; rdflib keeps them plain.
    Normalising here keeps results from every store comparable (see ENGINES.md on mixing).
    """
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"unsupported term {term!r}")


def term_converter() -> Callable[[object], Identifier]:
    """:func:`from_ox` with a memory: one rdflib object per distinct term. Results and graphs
    repeat the same IRIs in row after row, and each new rdflib IRI is validated on creation
    (a 10,859-row answer: ~40% of its time went to converting terms)."""
    seen: dict[object, Identifier] = {}

    def convert(term: object) -> Identifier:
        found = seen.get(term)
        if found is None:
            found = seen[term] = from_ox(term)
        return found

    return convert
