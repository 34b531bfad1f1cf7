"""The JSON-LD context names painkg's properties with plain terms and type coercions, and the
dump uses them, so a web developer reads "label" and "targets" (issue 18); rdflib and
Oxigraph reading the same triples is checked in test_dump.test_independent_parsers_agree."""

from __future__ import annotations

import json

from painkg.publish.dump import build_dump
from painkg.publish.serialize import jsonld_context
from painkg.store import OxigraphStore


def test_context_has_terms_with_coercions() -> None:
    context = jsonld_context()["@context"]
    assert context["label"] == {"@id": "rdfs:label"}
    assert context["targets"] == {"@id": "pk:targets", "@type": "@id"}
    assert context["lineNumber"] == {"@id": "pk:lineNumber", "@type": "xsd:integer"}
    assert context["text"] == {"@id": "pk:text"}  # an xsd:string range needs no coercion


def test_dump_reads_with_plain_names(kg: OxigraphStore) -> None:
    document = json.loads(build_dump(kg, formats=("jsonld",)).files["jsonld"])
    nodes = {node["@id"]: node for node in document["@graph"]}
    exposure = nodes["pkr:graded-exposure"]
    assert exposure["label"] == "Graded exposure"
    assert "pkr:kinesiophobia" in exposure["targets"]
