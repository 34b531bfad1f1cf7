"""Oxigraph terms become rdflib terms; simple literals stay plain, as rdflib keeps them."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from painkg.store.terms import from_ox, term_converter


def test_each_kind_of_term() -> None:
    assert from_ox(ox.NamedNode("http://x/a")) == URIRef("http://x/a")
    assert isinstance(from_ox(ox.BlankNode("b1")), BNode)
    plain = from_ox(ox.Literal("kept"))
    assert plain == Literal("kept") and plain.datatype is None
    assert from_ox(ox.Literal("chat", language="fr")) == Literal("chat", lang="fr")
    number = from_ox(ox.Literal("3", datatype=ox.NamedNode(str(XSD.integer))))
    assert number == Literal(3) and number.datatype == XSD.integer


def test_not_a_term_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        from_ox("http://x/a")


def test_the_converter_returns_one_object_per_term() -> None:
    convert = term_converter()
    first = convert(ox.NamedNode("http://x/a"))
    assert convert(ox.NamedNode("http://x/a")) is first
    assert convert(ox.NamedNode("http://x/b")) == URIRef("http://x/b")
