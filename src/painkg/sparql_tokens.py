"""A small SPARQL tokenizer: enough to find the outer WHERE group and screen a query.

It is not a parser. It only has to tell comments, strings and IRIs apart from the query's
structure, so that a ``{`` inside a string or a ``WHERE`` inside a comment is never mistaken
for the real thing. Parameter binding (:mod:`painkg.query.params`), query screening and the
endpoint store (the Accept header by query form) use it; the real parse is left to the engine.
A foundation module, below ``store``, because both ``store`` and ``query`` need it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from painkg.errors import RefusedQueryError, UsageError

__all__ = ["Token", "tokenize", "outer_group_brace", "query_form", "screen", "variables"]


@dataclass(frozen=True)
class Token:
    """One lexical token: its kind, its text and its offset in the query."""

    kind: str  # comment | string | iri | var | langtag | word | number | punct | ws
    text: str
    start: int

    @property
    def end(self) -> int:
        """Offset just past the token."""
        return self.start + len(self.text)

    @property
    def upper(self) -> str:
        """The text upper-cased (keywords are case-insensitive)."""
        return self.text.upper()


# Order matters: long strings before short ones, IRIREF before the '<' operator.
_TOKEN_PATTERN = (
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              | '''(?:[^'\\]|\\.|'(?!''))*'''
              | "(?:[^"\\\n\r]|\\.)*"
              | '(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<number>[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?))
  | (?P<word>(?:[A-Za-z_\u00C0-\uFFFF](?:[\w\-.\u00B7\u00C0-\uFFFF]*[\w\-\u00B7\u00C0-\uFFFF])?)?
            :(?:[\w\-.:%\u00B7\u00C0-\uFFFF]*[\w\-:%\u00B7\u00C0-\uFFFF])?
            |[A-Za-z_\u00C0-\uFFFF](?:[\w\-\u00B7\u00C0-\uFFFF]*))
  | (?P<punct>\^\^|&&|\|\||!=|<=|>=|[{}()\[\].,;*+/!=<>|^-])
    """
)

#: The end of the wide character range the name classes above take in.
_WIDE = "\\u00C0-\\uFFFF]"
#: The characters below that range.
_LATIN1 = "".join(map(chr, range(0xC0)))


def _narrow(pattern: str) -> str:
    """``pattern`` with each class ``[...\\u00C0-\\uFFFF]`` written as the negation of what it
    leaves out below U+00C0, which matches the same characters (and, as SPARQL's PN_CHARS_BASE
    allows, those above U+FFFF too).

    Why: ``re`` compiles a range that wide into a 64K-entry table, about 10 ms a class and
    45 ms for this tokenizer, paid by every cold command that reads a query; the negated
    class of a few ASCII and Latin-1 ranges compiles in well under a millisecond.
    """
    def negated(match: re.Match[str]) -> str:
        kept = set(re.findall(f"[{match[1]}]", _LATIN1))
        ranges: list[list[int]] = []  # the left-out code points as runs: short to parse
        for code in (ord(c) for c in _LATIN1 if c not in kept):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
        return "[^" + "".join(f"\\x{a:02X}" + (f"-\\x{b:02X}" if b > a else "")
                              for a, b in ranges) + "]"

    return re.sub(r"\[((?:[^\[\]\\]|\\.)*?)" + re.escape(_WIDE), negated, pattern)


_TOKEN_RE = re.compile(_narrow(_TOKEN_PATTERN), re.VERBOSE | re.DOTALL)


def tokenize(text: str, *, keep_trivia: bool = False) -> list[Token]:
    """Split SPARQL text into tokens; whitespace and comments only when ``keep_trivia``.

    An unterminated string or IRI, or a character no SPARQL token starts with, is a usage
    error naming its line.
    """
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN_RE.match(text, pos)
        if match is None or match.end() == pos:
            line = text.count("\n", 0, pos) + 1
            raise UsageError(
                f"The SPARQL query cannot be read at line {line}: unexpected "
                f"{text[pos:pos + 20]!r} (an unterminated string or IRI?)."
            )
        kind = match.lastgroup or "punct"
        if keep_trivia or kind not in ("ws", "comment"):
            tokens.append(Token(kind, match.group(), pos))
        pos = match.end()
    return tokens


def query_form(tokens: list[Token]) -> str:
    """The query form keyword: SELECT, CONSTRUCT, ASK or DESCRIBE (usage error otherwise)."""
    for token in tokens:
        if token.kind == "word" and token.upper in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE"):
            return token.upper
        if token.kind == "word" and token.upper in _UPDATE_WORDS:
            break
    raise RefusedQueryError(
        "The query is not a SELECT, CONSTRUCT, ASK or DESCRIBE query; painkg only reads the graph."
    )


def outer_group_brace(tokens: list[Token]) -> int:
    """Index (in ``tokens``) of the ``{`` that opens the query's outer WHERE group.

    That is the brace after the first top-level ``WHERE``; a SELECT, ASK or DESCRIBE may omit
    the keyword, and then it is the first top-level brace. (A CONSTRUCT's template brace comes
    before its WHERE, which is why the keyword is looked for first.)
    """
    depth = 0
    first_brace: int | None = None
    for i, token in enumerate(tokens):
        if token.kind == "punct" and token.text == "{":
            if depth == 0 and first_brace is None:
                first_brace = i
            depth += 1
        elif token.kind == "punct" and token.text == "}":
            depth -= 1
        elif depth == 0 and token.kind == "word" and token.upper == "WHERE":
            if i + 1 < len(tokens) and tokens[i + 1].text == "{":
                return i + 1
            break
    form = query_form(tokens)
    if first_brace is not None and form != "CONSTRUCT":
        return first_brace
    raise UsageError("The query has no WHERE group to bind parameters in.")


_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY",
                 "WITH"}


def screen(text: str, *, tokens: list[Token] | None = None) -> None:
    """Refuse what painkg never runs: updates, SERVICE (engines follow it), and FROM clauses.

    Engines follow ``SERVICE <url>`` with no switch to stop them (ENGINES.md), and a ``FROM``
    could make them fetch a remote document, so both are refused before any engine sees the text.
    ``tokens`` are the text's, if already read.
    """
    if tokens is None:
        tokens = tokenize(text)
    query_form(tokens)
    for token in tokens:
        if token.kind != "word":
            continue
        word = token.upper
        if word == "SERVICE":
            raise RefusedQueryError(
                "The query uses SERVICE, which would make the engine call another server; "
                "painkg refuses federated queries."
            )
        if word == "FROM":
            raise RefusedQueryError(
                "The query names a dataset with FROM / FROM NAMED; painkg queries its own graph "
                "only (the union of its named graphs is the default graph)."
            )
        if word in _UPDATE_WORDS:
            raise RefusedQueryError(
                f"The query contains the update keyword {token.text}; painkg only reads the graph."
            )


def variables(tokens: list[Token]) -> list[str]:
    """Distinct variable names (without ``?``/``$``) in order of first appearance."""
    seen: dict[str, None] = {}
    for token in tokens:
        if token.kind == "var":
            seen.setdefault(token.text[1:], None)
    return list(seen)
