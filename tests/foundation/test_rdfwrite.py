"""painkg.rdfwrite, the one Turtle/TriG/N-Triples writer: the same statements give the same
bytes whatever order they arrive in, with the fixed prefix header, and blank nodes get labels
from their surroundings (not from a parser's random ids), so two parses write one file."""

from __future__ import annotations

import random

import pyoxigraph as ox
import pytest

from painkg.rdfwrite import canonical_bnodes, turtle_header, write_quads

DATA = b"""
@prefix pk: <https://w3id.org/painkg/vocab#> .
@prefix pkr: <https://w3id.org/painkg/id/> .
pkr:graded-exposure a pk:Intervention ; pk:targets pkr:kinesiophobia .
pkr:kinesiophobia a pk:ProblemForWork ; pk:note [ pk:text "first" ] , [ pk:text "second" ] .
"""


def _quads() -> list[ox.Quad]:
    return list(ox.parse(DATA, format=ox.RdfFormat.TURTLE))


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "trig"])
def test_the_same_statements_in_any_order_give_the_same_bytes(fmt: str) -> None:
    quads = _quads()
    shuffled = quads[:]
    random.Random(7).shuffle(shuffled)
    assert write_quads(quads, fmt) == write_quads(shuffled, fmt)


def test_two_parses_write_one_file_though_blank_node_ids_differ() -> None:
    first, second = _quads(), _quads()
    assert {q.subject for q in first if isinstance(q.subject, ox.BlankNode)} != \
        {q.subject for q in second if isinstance(q.subject, ox.BlankNode)}
    assert write_quads(canonical_bnodes(first), "turtle") == \
        write_quads(canonical_bnodes(second), "turtle")


def test_turtle_starts_with_the_fixed_prefix_header_and_reads_back() -> None:
    text = write_quads(_quads(), "turtle")
    assert text.startswith(turtle_header().encode())
    assert "pkr:graded-exposure" in text.decode()
    again = list(ox.parse(text, format=ox.RdfFormat.TURTLE))
    assert len(again) == len(_quads())


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown RDF format"):
        write_quads(_quads(), "rdfxml")
