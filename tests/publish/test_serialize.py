"""The JSON-LD context painkg publishes: the dump's prefixes that JSON-LD 1.1 can use as
prefixes, then a term per property, and the committed copy in data/ is current."""

from __future__ import annotations

import json

from painkg.publish.serialize import DUMP_PREFIXES, JSONLD_CONTEXT_FILE, jsonld_context
from painkg.resources import data_dir


def test_the_context_keeps_only_usable_prefixes() -> None:
    context = jsonld_context()["@context"]
    assert context["pkr"] == "https://w3id.org/painkg/id/"
    prefixes = {k for k, v in context.items() if isinstance(v, str)}
    assert prefixes <= set(DUMP_PREFIXES)
    # the rest are terms (issue 18): a plain name for a property, with its type coercion
    assert all(isinstance(v, dict) and "@id" in v for k, v in context.items()
               if k not in prefixes)
    for prefix, iri in DUMP_PREFIXES.items():
        assert (prefix in context) == iri.endswith(("/", "#", ":", "?", "[", "]", "@")), prefix


def test_the_committed_context_is_current() -> None:
    committed = json.loads((data_dir() / JSONLD_CONTEXT_FILE).read_text(encoding="utf-8"))
    assert committed == jsonld_context()
