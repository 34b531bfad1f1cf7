"""Binding query parameters as RDF terms, never as pasted text.

A ``-p name=value`` becomes an RDF term (an IRI checked to be absolute, a CURIE with a known
prefix or a name resolved by label; or a literal), is serialised with rdflib's ``n3()`` and
bound by a ``VALUES`` block placed right after the brace that opens the query's outer WHERE
group. Pyoxigraph's SEP-0007 substitutions only work for projected variables and rdflib's
trailing ``VALUES`` does not constrain unprojected ones, hence the block at the start of the
group. After binding, the token stream is compared with the original one (the values can
only have added the block, one token per term) and the engine parses the result.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from painkg.errors import UsageError
from painkg.namespaces import PREFIXES, SSSOM_PREFIXES, expand_curie
from painkg.query.catalog import Parameter, QueryFile
from painkg.sparql_tokens import Token, outer_group_brace, screen, tokenize

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib.term import Identifier

    #: A term a VALUES block can bind: an rdflib term, or a pyoxigraph one (which prints as
    #: N-Triples, so binding it needs no rdflib).
    BindTerm = Identifier | ox.NamedNode | ox.BlankNode | ox.Literal

__all__ = ["Resolver", "IriCheck", "parse_param_args", "to_term", "bind_values", "bind_rows",
           "prepare_query", "prepare_query_tokens"]

#: Turns a name (label or synonym) into an IRI; raises UnknownNameError when nothing matches.
Resolver = Callable[[str], str]
#: Given a user's IRI parameter value and the IRI it expands to, raises a usage error (with
#: suggestions) when the IRI names nothing in the graph
#: (:func:`painkg.traversal.names.iri_checker`).
IriCheck = Callable[[str, str], None]

_IRI_CHARS = re.compile(r'^[^<>"{}|^`\\\x00-\x20]*$')
_ABSOLUTE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.\-]*://|urn:)")
#: A parameter value may use painkg's prefixes and the external schemes (painkg's win a tie).
_PARAM_PREFIXES = {**SSSOM_PREFIXES, **PREFIXES}
_CURIE = re.compile(r"^([A-Za-z_][A-Za-z0-9_.\-]*):(\S*)$")
_LEXICAL = {
    "integer": re.compile(r"^[+-]?\d+$"),
    "decimal": re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$"),
    "boolean": re.compile(r"^(?:true|false|1|0)$"),
    "date": re.compile(r"^-?\d{4,}-\d{2}-\d{2}(?:Z|[+-]\d{2}:\d{2})?$"),
    "gYear": re.compile(r"^-?\d{4,}(?:Z|[+-]\d{2}:\d{2})?$"),
}


def parse_param_args(args: Iterable[str]) -> dict[str, str]:
    """``["name=value", ...]`` as a dict; a usage error for anything without ``=``."""
    out: dict[str, str] = {}
    for arg in args:
        name, sep, value = arg.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UsageError(f"Parameter {arg!r} is not written as name=value (e.g. -p "
                             f"problem=kinesiophobia).")
        if name in out:
            raise UsageError(f"Parameter {name!r} is given twice.")
        out[name] = value
    return out


def _external(text: str) -> bool:
    """True for a CURIE of a mapping scheme (``MESH:``, ``HP:``, ``doi:``...), not painkg's."""
    match = _CURIE.match(text)
    return match is not None and match.group(1) not in PREFIXES


def _iri_value(param: Parameter, value: str, resolver: Resolver | None,
               checker: IriCheck | None = None) -> str:
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    iri = expand_curie(text, _PARAM_PREFIXES)
    if iri is not None and resolver is not None and _external(text):
        # MESH:D064869 means the painkg node mapped to it (write <IRI> for the MeSH IRI itself)
        iri = None
    if iri is None and _ABSOLUTE.match(text):
        iri = text
    if iri is None and _CURIE.match(text) and " " not in text and resolver is None:
        prefix = text.split(":", 1)[0]
        raise UsageError(
            f"Parameter {param.name!r}: {value!r} has the unknown prefix {prefix!r}; give an "
            f"absolute IRI (https://...) or a CURIE such as pkr:kinesiophobia."
        )
    if iri is None:
        if resolver is None or not text:
            raise UsageError(
                f"Parameter {param.name!r} needs an IRI: give an absolute IRI (https://...) or "
                f"a CURIE such as pkr:kinesiophobia, not {value!r}."
            )
        iri = resolver(text)
    elif checker is not None and _IRI_CHARS.match(iri):
        checker(value, iri)  # a resolved name exists by construction; a typed IRI may not
    if not _IRI_CHARS.match(iri):
        raise UsageError(
            f"Parameter {param.name!r}: {value!r} is not a valid IRI (it contains a space or "
            f"one of <>\"{{}}|^`\\)."
        )
    return iri


def _term_parts(param: Parameter, value: str, resolver: Resolver | None,
                checker: IriCheck | None) -> tuple[str, str, str]:
    """The term a parameter value stands for, as ``("iri", iri, "")`` or ``("literal",
    lexical, datatype IRI or "")``; a usage error naming the parameter if bad."""
    if param.is_iri:
        return ("iri", _iri_value(param, value, resolver, checker), "")
    if param.kind == "literal":
        return ("literal", value, "")
    pattern = _LEXICAL[param.kind]
    if not pattern.match(value.strip()):
        raise UsageError(
            f"Parameter {param.name!r} needs an xsd:{param.kind} value, not {value!r}."
        )
    return ("literal", value.strip(), PREFIXES["xsd"] + param.kind)


def to_term(param: Parameter, value: str, resolver: Resolver | None = None,
            checker: IriCheck | None = None) -> Identifier:
    """The RDF term a parameter value stands for; a usage error naming the parameter if bad."""
    from rdflib import Literal, URIRef

    kind, text, datatype = _term_parts(param, value, resolver, checker)
    if kind == "iri":
        return URIRef(text)
    return Literal(text, datatype=URIRef(datatype) if datatype else None)


def _bind_term(param: Parameter, value: str, resolver: Resolver | None,
               checker: IriCheck | None) -> ox.NamedNode | ox.Literal:
    """:func:`to_term` as a pyoxigraph term, which binds as its N-Triples text: binding a
    query's parameters needs no rdflib."""
    import pyoxigraph as ox

    kind, text, datatype = _term_parts(param, value, resolver, checker)
    try:
        if kind == "iri":
            return ox.NamedNode(text)
        return ox.Literal(text, datatype=ox.NamedNode(datatype) if datatype else None)
    except ValueError as exc:  # pyoxigraph checks IRIs more strictly than the pattern above
        raise UsageError(f"Parameter {param.name!r}: {value!r} is not a valid IRI "
                         f"({exc}).") from exc


def _term_shape_ok(tokens: list[Token]) -> bool:
    kinds = [t.kind for t in tokens]
    return (kinds in (["iri"], ["string"], ["string", "langtag"])
            or (kinds == ["string", "punct", "iri"] and tokens[1].text == "^^"))


def _same(a: list[Token], b: list[Token]) -> bool:
    return [(t.kind, t.text) for t in a] == [(t.kind, t.text) for t in b]


def bind_values(text: str, bindings: Mapping[str, Identifier]) -> str:
    """``text`` with a one-row VALUES block for ``bindings`` (variable -> term) at the start
    of its outer WHERE group; a usage error if a value could alter the query's structure."""
    if not bindings:
        return text
    names = sorted(bindings)
    return bind_rows(text, names, [[bindings[name] for name in names]])


def bind_rows(text: str, variables: Sequence[str],
              rows: Iterable[Sequence[BindTerm]]) -> str:
    """``text`` with ``variables`` bound to ``rows`` (one term per variable) by a VALUES block at
    the start of its outer WHERE group; a usage error if a value could alter the query's
    structure. No rows means no solutions (an empty VALUES block), not an unbound query."""
    return _bind_rows(text, tokenize(text), variables, rows)[0]


def _n3(term: BindTerm) -> str:
    """The term in SPARQL syntax: rdflib's ``n3()``, else pyoxigraph's N-Triples text."""
    n3 = getattr(term, "n3", None)
    return str(n3()) if n3 is not None else str(term)


def _bind_rows(text: str, tokens: list[Token], variables: Sequence[str],
               rows: Iterable[Sequence[BindTerm]]) -> tuple[str, list[Token]]:
    """:func:`bind_rows` on text already tokenised; the bound text and its tokens (read once,
    to check that only the VALUES block was added)."""
    rendered: list[str] = []
    for row in rows:
        cells: list[str] = []
        for name, term in zip(variables, row, strict=True):
            n3 = _n3(term)
            if not _term_shape_ok(tokenize(n3)):
                raise UsageError(
                    f"The value for ?{name} cannot be written as one RDF term: {n3!r}.")
            cells.append(n3)
        rendered.append("(" + " ".join(cells) + ")")
    block = ("VALUES (" + " ".join("?" + n for n in variables) + ") { "
             + " ".join(rendered) + " }")
    index = outer_group_brace(tokens)
    brace = tokens[index]
    bound = text[: brace.end] + " " + block + " " + text[brace.end:]
    expected = tokens[: index + 1] + tokenize(block) + tokens[index + 1:]
    bound_tokens = tokenize(bound)
    if not _same(bound_tokens, expected):
        raise UsageError("A parameter value changed the structure of the query; refused.")
    return bound, bound_tokens


def _check_parses(text: str, name: str) -> None:
    from painkg.query.screen import oxigraph_syntax_error

    # Oxigraph has no parse-only call and evaluates eagerly (a SERVICE would be followed
    # here), so this is safe only because prepare_query screened the text first and the
    # bound values were checked to be single terms; an empty store has nothing to read.
    error = oxigraph_syntax_error(text)
    if error is not None:
        raise UsageError(f"Query {name!r} does not parse once its parameters are bound: "
                         f"{error}")


def prepare_query(query: QueryFile, values: Mapping[str, str],
                  resolver: Resolver | None = None, checker: IriCheck | None = None) -> str:
    """The query text ready for the engine: screened, parameters bound, parse checked.

    A required parameter with neither a value nor a default is a usage error naming it; an
    optional one (``?__name``) without a value stays unbound. ``checker`` is asked about the
    IRIs and CURIEs the user gave (not the query's own defaults).
    """
    return prepare_query_tokens(query, values, resolver, checker)[0]


def prepare_query_tokens(query: QueryFile, values: Mapping[str, str],
                         resolver: Resolver | None = None,
                         checker: IriCheck | None = None) -> tuple[str, list[Token]]:
    """:func:`prepare_query`, returning the bound text's tokens too, so that a caller that
    screens the bound text again (``painkg query run``) does not read it a second time. The
    query's own text is read once, when its file is (:attr:`QueryFile.tokens`)."""
    screen(query.text, tokens=query.tokens)
    for name in values:
        query.parameter(name)  # unknown names are usage errors
    bindings: dict[str, BindTerm] = {}
    for param in query.parameters:
        raw = values.get(param.name, param.default)
        if raw is None:
            if param.required:
                raise UsageError(
                    f"Query {query.name!r} needs parameter {param.name!r} "
                    f"({'an IRI or name' if param.is_iri else 'a ' + param.kind}): "
                    f"add -p {param.name}=VALUE."
                )
            continue
        given = param.name in values
        bindings[param.variable] = _bind_term(param, raw, resolver,
                                              checker if given else None)
    if bindings:
        names = sorted(bindings)
        text, tokens = _bind_rows(query.text, query.tokens, names,
                                  [[bindings[name] for name in names]])
    else:
        text, tokens = query.text, query.tokens
    _check_parses(text, query.name)
    return text, tokens
