"""The query screen: what painkg refuses before any engine sees a user's SPARQL.

Every engine painkg uses (rdflib, pyoxigraph, the Oxigraph server) follows ``SERVICE <url>``
by default, and pyoxigraph does so as soon as ``Store.query()`` is called, before a single
result is read (checked against a listener on 127.0.0.1). So a query is screened by parsing
alone, never by running it where it could reach out: only text that cannot name a SERVICE is
ever handed to an engine before it passes, an empty one (the lean path below). Refused:

* SPARQL Update (``INSERT``, ``DELETE``, ``DROP``, ``CLEAR``, ``LOAD``, ``CREATE``, ``ADD``,
  ``MOVE``, ``COPY``, ``WITH``): painkg is read-only;
* ``SERVICE`` unless its IRI is in ``allow_service`` (a variable IRI never is);
* ``FROM`` / ``FROM NAMED``: painkg's stores are local, remote datasets are never fetched;
* anything that does not parse as a SPARQL 1.1 query (the message gives line and column).

Two independent readings must agree: rdflib's parser gives the algebra, which is walked for
service patterns and dataset clauses; a lexical scan (:mod:`painkg.sparql_tokens`'s tokenizer,
which knows comments, strings, IRIs and prefixed names) counts the same keywords. If the
scan sees a SERVICE or FROM the algebra does not, or any update keyword at all, the query is
refused: a disagreement between parsers is exactly where a smuggled request would hide.
Oxigraph's own parser reads the query later, in the sandbox worker (:mod:`painkg.query.worker`).

A lean path skips rdflib's parser (about 0.2 s of imports on a cold command) only where it has
nothing to find: when the text, upper-cased character by character as rdflib's caseless
keywords compare it, holds neither ``SERVICE`` nor ``FROM`` anywhere (in comments, strings and
IRIs too) nor a ``\\u``/``\\U`` escape (which SPARQL expands before parsing), no reader can see a
service or a dataset clause in it. Then, if the lexical scan sees no update keyword, Oxigraph's
parser (on an empty in-memory store, which it cannot leave without a SERVICE) checks the syntax.
Everything else takes the full path, with the same answers and messages as before: text with
those words or an update keyword, brackets nested more than :data:`LEAN_MAX_DEPTH` deep
(rdflib's limit is refused there), and any text Oxigraph does not parse.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Collection, Iterator
from typing import TYPE_CHECKING, Any

from painkg.errors import RefusedQueryError

if TYPE_CHECKING:
    from painkg.sparql_tokens import Token

__all__ = ["screen_query", "MAX_QUERY_CHARS", "UPDATE_KEYWORDS"]

#: Longer query texts are refused unread (rdflib's parser is pure Python).
MAX_QUERY_CHARS = 1_000_000

#: Keywords that exist only in SPARQL Update; none may appear as a bare keyword in a query.
UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "DROP", "CLEAR", "LOAD", "CREATE", "ADD",
                             "MOVE", "COPY", "WITH"})

_UPDATE_NAMES = {  # rdflib's names for update operations -> what the user wrote
    "Load": "LOAD", "Clear": "CLEAR", "Drop": "DROP", "Create": "CREATE", "Add": "ADD",
    "Move": "MOVE", "Copy": "COPY", "InsertData": "INSERT DATA", "DeleteData": "DELETE DATA",
    "DeleteWhere": "DELETE WHERE", "Modify": "DELETE/INSERT … WHERE",
}

#: rdflib's SPARQL parser is not thread-safe (pyparsing parse actions share state: concurrent
#: parses in ``painkg serve``'s thread pool failed with TypeErrors), so one parse at a time.
_PARSER_LOCK = threading.Lock()

#: Deeper bracket nesting takes the full path (rdflib's parser refuses about 20 levels).
LEAN_MAX_DEPTH = 12
#: Upper-cased text holding one of these always takes the full path (see the module doc).
_FULL_PATH_MARKERS = ("SERVICE", "FROM", "\\U")

_READ_ONLY = ("painkg only reads its graph: SPARQL Update is refused by `painkg query run` "
              "and `painkg serve`")


def screen_query(text: str, *, allow_service: Collection[str] = (),
                 tokens: list[Token] | None = None) -> None:
    """Raise :class:`RefusedQueryError` (exit 2) unless ``text`` is a plain read-only query.

    ``allow_service`` lists endpoint IRIs a ``SERVICE`` clause may name (an explicit opt-in;
    empty by default); ``tokens`` are the text's, if the caller has read them already. Never
    runs the query on data: the lean path's syntax check uses an empty store, and only for text
    that cannot hold a SERVICE.
    """
    if not isinstance(text, str):
        raise RefusedQueryError("The query must be text.")
    if len(text) > MAX_QUERY_CHARS:
        raise RefusedQueryError(
            f"The query is {len(text):,} characters long; painkg screens queries up to "
            f"{MAX_QUERY_CHARS:,} characters.")
    if "\x00" in text:
        raise RefusedQueryError("The query contains a NUL character; SPARQL text never does.")
    lexical = _lexical_counts(text, tokens)
    if lexical["lean"] and _oxigraph_parses(text):
        return  # nothing a second reader could refuse (module doc)
    with _PARSER_LOCK:
        algebra = _parse(text, lexical)
    services = list(_services(algebra))
    allowed = {str(iri) for iri in allow_service}
    for term in services:
        _check_service(term, allowed)
    datasets = _dataset_iris(algebra)
    if datasets:
        listed = ", ".join(f"<{iri}>" for iri in datasets)
        raise RefusedQueryError(
            f"The query names a dataset with FROM / FROM NAMED ({listed}); painkg never fetches "
            f"remote datasets and queries only its own graph (the union of its named graphs is "
            f"the default graph). Remove the FROM clauses.")
    if lexical["update"]:
        raise RefusedQueryError(
            f"The query contains the update keyword {lexical['update'][0]}; {_READ_ONLY}.")
    if lexical["SERVICE"] > len(services) or lexical["FROM"] > 0:
        raise RefusedQueryError(
            "The query mentions SERVICE or FROM in a way painkg's two query readers do not "
            "agree on; it is refused rather than risk a request to another server.")


def _lexical_counts(text: str, tokens: list[Token] | None) -> dict[str, Any]:
    """Bare SERVICE / FROM keywords and update keywords, outside comments, strings and IRIs."""
    from painkg.errors import UsageError
    from painkg.sparql_tokens import tokenize

    if tokens is None:
        try:
            tokens = tokenize(text)
        except UsageError as exc:
            raise RefusedQueryError(
                f"The query does not parse as SPARQL 1.1: {exc.message}") from exc
    counts: dict[str, Any] = {"SERVICE": 0, "FROM": 0, "update": []}
    depth = deepest = 0
    for token in tokens:
        if token.kind == "punct" and token.text in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif token.kind == "punct" and token.text in ")]}":
            depth -= 1
        if token.kind != "word":
            continue
        word = token.upper
        if word in ("SERVICE", "FROM"):
            counts[word] += 1
        elif word in UPDATE_KEYWORDS:
            counts["update"].append(token.text)
    upper = text.upper()
    counts["lean"] = (not counts["update"] and deepest <= LEAN_MAX_DEPTH
                      and not any(m in upper for m in _FULL_PATH_MARKERS))
    return counts


def _oxigraph_parses(text: str) -> bool:
    """Whether Oxigraph parses ``text`` as a query. Only called on text that holds no SERVICE
    (module doc): Oxigraph has no parse-only call, and an empty store has nothing to read."""
    return oxigraph_syntax_error(text) is None


@functools.lru_cache(maxsize=32)
def oxigraph_syntax_error(text: str) -> str | None:
    """Oxigraph's syntax error for ``text`` as a query, None when it parses; run on an empty
    store (Oxigraph has no parse-only call), so only for text screened to hold no SERVICE.

    Cached by text: ``painkg query run`` checks the bound text twice (prepare_query's check,
    then screen_query's), and a check of a long query costs a few milliseconds (1,000 articles,
    evidence-for-entity: ~5 ms each); ``painkg serve`` sees the same questions again."""
    import pyoxigraph as ox

    try:
        ox.Store().query(text)
    except SyntaxError as exc:
        return str(exc)
    return None


def _parse(text: str, lexical: dict[str, Any]) -> Any:
    """rdflib's algebra for ``text``; a refusal naming the update or the syntax error."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        tree = parseQuery(text)
    except ParseBaseException as exc:
        _refuse_update(text)
        if lexical["update"]:
            raise RefusedQueryError(
                f"The query contains the update keyword {lexical['update'][0]}; "
                f"{_READ_ONLY}.") from None
        raise RefusedQueryError(
            f"The query does not parse as a SPARQL 1.1 query (line {exc.lineno}, column "
            f"{exc.col}): {_short(exc.msg)}.") from None
    except RecursionError:
        raise RefusedQueryError(
            "The query is nested too deeply for painkg's query screen (brackets or braces "
            "inside each other more than about 20 deep); flatten it.") from None
    try:
        return translateQuery(tree)
    except RecursionError:
        raise RefusedQueryError(
            "The query is nested too deeply for painkg's query screen; flatten it.") from None
    except Exception as exc:  # rdflib raises plain Exceptions for semantic errors
        raise RefusedQueryError(f"The query is not a valid SPARQL 1.1 query: {exc}.") from None


def _refuse_update(text: str) -> None:
    """If ``text`` parses as SPARQL Update, refuse it naming its operations."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        update = parseUpdate(text)
    except (ParseBaseException, RecursionError):
        return
    ops = [_UPDATE_NAMES.get(getattr(op, "name", ""), str(getattr(op, "name", "update")))
           for op in dict.get(update, "request") or []]
    if not ops:  # empty text or a prologue alone parses as an empty update
        return
    named = ", ".join(dict.fromkeys(ops))
    raise RefusedQueryError(f"The query is a SPARQL Update ({named}); {_READ_ONLY}.")


def _short(message: str) -> str:
    return message if len(message) <= 200 else message[:200] + "…"


def _walk(node: Any) -> Iterator[Any]:
    """Every CompValue in an rdflib parse tree or algebra, depth first (no recursion limit)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, CompValue):
            yield item
            stack.extend(v for k, v in item.items() if k != "_vars")
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, ParseResults)):
            stack.extend(item)


def _services(query: Any) -> Iterator[Any]:
    """The endpoint term of every SERVICE pattern, in filters and subqueries too."""
    for node in _walk(query.algebra):
        if node.name == "ServiceGraphPattern":
            yield dict.get(node, "term")


def _check_service(term: Any, allowed: set[str]) -> None:
    from rdflib import URIRef, Variable

    if isinstance(term, Variable):
        raise RefusedQueryError(
            f"The query uses SERVICE ?{term}, whose endpoint is chosen at run time; painkg "
            f"never sends requests to other servers, and a variable endpoint cannot be allowed.")
    if isinstance(term, URIRef) and str(term) in allowed:
        return
    hint = (" Only these endpoints are allowed: " + ", ".join(f"<{a}>" for a in sorted(allowed))
            + ".") if allowed else ""
    raise RefusedQueryError(
        f"The query uses SERVICE <{term}>, which would make the engine send a request to that "
        f"server; painkg refuses federated queries unless the endpoint is explicitly "
        f"allowed.{hint}")


def _dataset_iris(query: Any) -> list[str]:
    iris: list[str] = []
    for node in _walk(query.algebra):
        # CompValue.get answers a missing key with the key itself, hence dict.get
        for clause in dict.get(node, "datasetClause") or []:
            iri = dict.get(clause, "default") or dict.get(clause, "named")
            iris.append(str(iri))
    return sorted(set(iris))
