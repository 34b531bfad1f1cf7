"""painkg reads JSON-LD whose contexts are inline (its own dump) and refuses remote contexts
without fetching them (issue 18)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import Result

from painkg.errors import InputError
from painkg.publish.dump import build_dump
from painkg.store import OxigraphStore, open_store
from painkg.store.input_formats import input_format
from painkg.store.summaries import EVIDENCE_SUMMARIES_GRAPH


def _triples(data: bytes, fmt: ox.RdfFormat) -> set[str]:
    return {str(q.triple) if isinstance(q, ox.Quad) else str(q) for q in ox.parse(data, format=fmt)}


def test_painkg_reads_its_own_jsonld_dump(kg: OxigraphStore, tmp_path: Path,
                                          invoke: Callable[..., Result]) -> None:
    dump = build_dump(kg, formats=("jsonld", "ntriples"))
    path = tmp_path / "painkg.jsonld"
    path.write_bytes(dump.files["jsonld"])
    assert input_format(path) == "jsonld"
    store = open_store("memory")
    assert isinstance(store, OxigraphStore)
    store.load(path, "urn:x:g", "jsonld")
    # The file's own graph; the store also derives the evidence summaries (their own graph),
    # which must be the very ones the dump carries.
    read = [str(q.triple) for q in store.named_quads() if q.graph_name.value == "urn:x:g"]
    expected = _triples(dump.files["ntriples"], ox.RdfFormat.N_TRIPLES)
    assert len(read) == len(expected) > 3000
    derived = {str(q.triple) for q in store.named_quads()
               if q.graph_name.value == EVIDENCE_SUMMARIES_GRAPH}
    assert len(derived) > 300 and derived <= expected
    # blank nodes are relabelled by every store, and each file states its own sizes and
    # checksums; the rest must be the very same triples
    def same(t: str) -> bool:
        return "_:" not in t and not t.startswith("<https://w3id.org/painkg/id/dataset/")

    assert {t for t in read if same(t)} == {t for t in expected if same(t)}
    result = invoke("validate", str(path))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("document", [
    {"@context": "http://127.0.0.1:9/c.jsonld", "@id": "http://x/a"},
    {"@context": [{"ex": "http://x/"}, "http://127.0.0.1:9/c.jsonld"], "@id": "ex:a"},
    {"@context": {"@import": "http://127.0.0.1:9/c.jsonld"}, "@id": "http://x/a"},
    {"@context": {"ex": "http://x/"}, "@graph": [{"@context": "http://127.0.0.1:9/c",
                                                 "@id": "ex:a"}]},
])
def test_remote_contexts_are_refused_unread(tmp_path: Path, document: object) -> None:
    path = tmp_path / "remote.jsonld"
    path.write_text(json.dumps(document))
    with pytest.raises(InputError, match="remote document 'http://127.0.0.1:9/c"):
        input_format(path)


def test_inline_context_is_read(tmp_path: Path) -> None:
    path = tmp_path / "inline.jsonld"
    path.write_text(json.dumps({"@context": {"ex": "http://x/"}, "@id": "ex:a",
                                "ex:p": {"@id": "ex:b"}}))
    store = open_store("memory")
    assert isinstance(store, OxigraphStore)
    store.load(path, "urn:x:g", input_format(path))
    assert len(store) == 1
