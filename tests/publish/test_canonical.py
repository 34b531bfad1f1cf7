"""painkg.publish.canonical: the dump's blank nodes carry W3C RDFC-1.0 labels, agreeing with
an independent implementation (pyld's URDNA2015, the same algorithm under its earlier name),
and a blank-node structure RDFC-1.0 cannot label in time stops the dump with exit code 3."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from painkg.errors import EXIT_INPUT, QueryTimeoutError
from painkg.publish.canonical import bounded_canonical_bnodes
from painkg.publish.dump import build_dump
from painkg.store import OxigraphStore

EX = "http://example.org/"
P = ox.NamedNode(EX + "p")
Q = ox.NamedNode(EX + "q")

#: Two lists and a node pointing at both: blank nodes with equal first-degree hashes, so
#: RDFC-1.0 must take its N-degree step to tell them apart.
SMALL = f"""
<{EX}a> <{EX}p> _:x1 , _:y1 .
_:x1 <{EX}q> "1" ; <{EX}next> _:x2 .
_:x2 <{EX}q> "2" .
_:y1 <{EX}q> "1" ; <{EX}next> _:y2 .
_:y2 <{EX}q> "3" .
_:x2 <{EX}p> _:y2 .
""".encode()


def _nquads(quads: list[ox.Quad]) -> set[str]:
    return set((ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"").decode().splitlines())


def _blank_quads(quads: list[ox.Quad]) -> list[ox.Quad]:
    return [q for q in quads
            if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)]


def test_labels_are_those_of_pylds_urdna2015() -> None:
    pyld = pytest.importorskip("pyld.jsonld")
    quads = list(ox.parse(SMALL, format=ox.RdfFormat.TURTLE))
    labelled = bounded_canonical_bnodes(quads)
    expected = pyld.normalize(
        (ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"").decode(),
        {"algorithm": "URDNA2015", "inputFormat": "application/n-quads",
         "format": "application/n-quads"})
    assert _nquads(labelled) == set(expected.splitlines())
    assert {t.value for q in labelled for t in (q.subject, q.object)
            if isinstance(t, ox.BlankNode)} == {f"c14n{i}" for i in range(4)}


@pytest.fixture(scope="module")
def shipped_dump(kg: OxigraphStore) -> dict[str, bytes]:
    return build_dump(kg, with_shapes=True, formats=("trig", "ntriples"),
                      issued="2026-01-01").files


@pytest.mark.parametrize(("fmt", "syntax"), [("trig", ox.RdfFormat.TRIG),
                                             ("ntriples", ox.RdfFormat.N_TRIPLES)])
def test_the_dump_is_its_own_rdfc_canonical_form(shipped_dump: dict[str, bytes], fmt: str,
                                                 syntax: ox.RdfFormat) -> None:
    quads = list(ox.parse(shipped_dump[fmt], format=syntax))
    blank = _blank_quads(quads)
    assert blank, "the dump with shapes has blank nodes (lists, property shapes)"
    assert all(t.value.startswith("c14n") for q in blank for t in (q.subject, q.object)
               if isinstance(t, ox.BlankNode))
    again = ox.Dataset(quads)
    again.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    assert again == ox.Dataset(quads)  # a fixpoint: the labels already are RDFC-1.0's


def test_pyld_agrees_on_the_dumps_blank_nodes(shipped_dump: dict[str, bytes]) -> None:
    pyld = pytest.importorskip("pyld.jsonld")
    blank = _blank_quads(list(ox.parse(shipped_dump["trig"], format=ox.RdfFormat.TRIG)))
    text = (ox.serialize(blank, format=ox.RdfFormat.N_QUADS) or b"").decode()
    again = pyld.normalize(text, {"algorithm": "URDNA2015", "inputFormat": "application/n-quads",
                                  "format": "application/n-quads"})
    assert set(again.splitlines()) == set(text.splitlines())


def _clique(size: int) -> list[ox.Quad]:
    nodes = [ox.BlankNode() for _ in range(size)]
    return [ox.Quad(a, P, b) for a in nodes for b in nodes if a != b]


def test_a_small_symmetric_structure_is_labelled() -> None:
    labelled = bounded_canonical_bnodes(_clique(4), timeout=30)
    assert len(labelled) == 12
    assert {q.subject.value for q in labelled} == {"c14n0", "c14n1", "c14n2", "c14n3"}


def test_a_structure_rdfc_cannot_label_in_time_is_exit_3() -> None:
    # Eight blank nodes all linked to each other take RDFC-1.0 about 20 s (8! orderings
    # per node); the bound stops the worker after 1 s.
    with pytest.raises(QueryTimeoutError) as caught:
        bounded_canonical_bnodes(_clique(8) + [ox.Quad(ox.NamedNode(EX + "s"), Q, Q)],
                                 timeout=1)
    assert caught.value.exit_code == EXIT_INPUT
    assert "8 blank nodes (in 56 statements)" in caught.value.message
    assert "RDFC-1.0" in caught.value.message and "--timeout" in caught.value.message


@pytest.mark.parametrize("fmt", ["trig", "turtle"])
def test_a_dump_of_such_a_store_stops_with_exit_3(fmt: str) -> None:
    from painkg.store import open_store

    store = open_store("memory")
    store.add_triples([q.triple for q in _clique(8)], EX + "graph/symmetric")  # type: ignore[attr-defined]
    with pytest.raises(QueryTimeoutError, match="RDFC-1.0") as caught:
        build_dump(store, formats=(fmt,), issued="2026-01-01", timeout=1)
    assert caught.value.exit_code == EXIT_INPUT
