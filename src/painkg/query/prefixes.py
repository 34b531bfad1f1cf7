"""The prefixes every user query may use without declaring them.

``painkg query run`` predefines painkg's own prefixes (``pk:``, ``pkr:``, ``rdfs:``, ``skos:``,
...) and the CURIE prefixes of the external schemes its mappings use (``MESH:``, ``HP:``,
``doi:``, ...), as ``robot query`` and most SPARQL consoles predefine theirs. A query that
uses one of them without a ``PREFIX`` line gets the declaration added in front of its first
token, on the same line, so an engine's line numbers still point at the user's text. A
prefix the query declares itself is never redeclared: the query's own IRI wins.

>>> add_prefixes("SELECT ?c WHERE { ?c a pk:Claim }")[:53]
'PREFIX pk: <https://w3id.org/painkg/vocab#> SELECT ?c'

"""

from __future__ import annotations

from painkg.namespaces import PREFIXES, SSSOM_PREFIXES
from painkg.sparql_tokens import Token, tokenize

__all__ = ["PREDEFINED", "declared_prefixes", "used_prefixes", "add_prefixes",
           "prefix_table"]

#: Prefix -> namespace IRI, painkg's own first, then the mapping schemes (same order as listed).
PREDEFINED: dict[str, str] = {**PREFIXES, **SSSOM_PREFIXES}


def declared_prefixes(tokens: list[Token]) -> set[str]:
    """The prefixes a query declares with ``PREFIX p: <...>``."""
    out: set[str] = set()
    for before, token in zip(tokens, tokens[1:], strict=False):
        if before.kind == "word" and before.upper == "PREFIX" and token.text.endswith(":"):
            out.add(token.text[:-1])
    return out


def used_prefixes(tokens: list[Token]) -> set[str]:
    """The prefixes of the prefixed names a query uses (blank-node labels ``_:`` excluded)."""
    out: set[str] = set()
    for token in tokens:
        if token.kind == "word" and ":" in token.text:
            prefix = token.text.split(":", 1)[0]
            if prefix != "_":
                out.add(prefix)
    return out


def add_prefixes(text: str, tokens: list[Token] | None = None) -> str:
    """``text`` with a ``PREFIX`` declaration for every predefined prefix it uses undeclared
    (``tokens``: the text's, if already read)."""
    tokens = tokenize(text) if tokens is None else tokens
    missing = sorted((used_prefixes(tokens) - declared_prefixes(tokens)) & set(PREDEFINED))
    if not missing or not tokens:
        return text
    block = " ".join(f"PREFIX {p}: <{PREDEFINED[p]}>" for p in missing)
    first = tokens[0].start
    return text[:first] + block + " " + text[first:]


def prefix_table() -> list[tuple[str, str]]:
    """(prefix, namespace) for ``painkg query prefixes``, in :data:`PREDEFINED` order."""
    return list(PREDEFINED.items())
