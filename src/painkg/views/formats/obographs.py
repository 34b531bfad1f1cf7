"""OBO Graphs JSON (the JSON form OAK, ROBOT and the OBO tool chain read) of a view.

Each concept is written as an OBO Graphs node of type ``CLASS`` (SKOS concepts read as
classes, as OAK's SKOS and OBO readers do; people and other things as ``INDIVIDUAL``) with
its label, its ``skos:definition`` as the definition, its ``skos:altLabel`` values as exact
synonyms and its painkg class as a property value; each relation is an edge whose
predicate is the property's IRI. Keys follow the OBO Graphs schema (``lbl``, ``meta``,
``sub``/``pred``/``obj``); the output is sorted and stable.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from painkg.namespaces import PREFIXES

if TYPE_CHECKING:
    from painkg.views.build import Node, ViewGraph

__all__ = ["write_obographs"]

_GRAPH = "https://w3id.org/painkg/id/dataset/painkg"
#: painkg's concept classes (subclasses of skos:Concept): their members are CLASS nodes;
#: people, organisations, resources and contributions are INDIVIDUAL nodes.
_CONCEPTS = {"Construct", "Condition", "Intervention", "ProblemForWork", "Mechanism",
             "ClinicalSign"}


def _expand(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    return PREFIXES[prefix] + local if prefix in PREFIXES else curie


def _node(node: Node) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    definition = node.attrs.get("definition", "")
    if definition:
        meta["definition"] = {"val": definition}
    synonyms = [a for a in node.attrs.get("altLabel", "").split(" | ") if a]
    if synonyms:
        meta["synonyms"] = [{"pred": "hasExactSynonym", "val": s} for s in sorted(synonyms)]
    meta["basicPropertyValues"] = [
        {"pred": PREFIXES["rdf"] + "type", "val": PREFIXES["pk"] + c}
        for c in sorted(node.classes)]
    kind = "CLASS" if set(node.classes) & _CONCEPTS else "INDIVIDUAL"
    return {"id": node.iri, "lbl": node.label, "type": kind, "meta": meta}


def write_obographs(view: ViewGraph) -> bytes:
    """``view`` as one OBO Graphs JSON document."""
    iri = {n.id: n.iri for n in view.nodes}
    graph = {
        "id": f"{_GRAPH}/view/{view.name}",
        "meta": {"basicPropertyValues": [{"pred": PREFIXES["rdfs"] + "label",
                                          "val": view.title}]},
        "nodes": [_node(n) for n in view.nodes],
        "edges": [{"sub": iri[e.source], "pred": _expand(e.predicate), "obj": iri[e.target]}
                  for e in view.edges],
    }
    return (json.dumps({"graphs": [graph]}, indent=2, ensure_ascii=False) + "\n").encode()
