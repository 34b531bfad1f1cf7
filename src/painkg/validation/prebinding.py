"""Can a pre-bound variable of a SPARQL query be bound by a join instead? A conservative test.

SHACL-SPARQL pre-binds ``$this`` (and ``$currentShape``): the query is run once per focus
node with the variable replaced everywhere, subqueries included. painkg runs each constraint
once for all focus nodes instead, joining the query with the set of focus nodes at the start
of its outer WHERE group (:mod:`painkg.validation.shacl_sparql`). The two agree for the queries this
module accepts; anything else is left to pyshacl's per-node evaluation, which is always right.

Accepted (``None`` returned), for each pre-bound variable ``v``:

* ``v`` anywhere at the top level of the outer WHERE group (triples, FILTER, BIND: the join
  comes first, so ``v`` is bound before any of them);
* ``v`` at the top level of an OPTIONAL group directly inside it, outside BIND (the left side
  of the left join carries ``v``; a FILTER there sees both sides);
* ``v`` in a subquery directly inside the outer group that projects ``v`` as a plain variable,
  groups by it when it groups at all, has no LIMIT/OFFSET and binds ``v`` in a triple pattern
  at the top level of its own WHERE group (elsewhere there only inside FILTER): then the
  subquery's rows for one focus node are exactly what the pre-bound subquery returns;
* the outer SELECT projects ``$this`` (or ``*``), groups by it when it groups, and has no
  LIMIT/OFFSET (those would count across focus nodes, not per node).

Anything else (``v`` in a nested plain group, a UNION branch, a deeper OPTIONAL, EXISTS, a
subquery that does not project it...) returns a reason in words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from painkg.sparql_tokens import Token, outer_group_brace

__all__ = ["join_unsafe_reason", "matching_brace"]


@dataclass
class _Frame:
    """One ``{ … }`` group: its kind and what was seen in it so far."""

    kind: str  # optional | exists | subselect | subwhere | group
    parens: list[str] = field(default_factory=list)  # keyword before each open '('
    clause: str = "select"  # subselect only: select | where | after
    projects: set[str] = field(default_factory=set)
    grouped: set[str] = field(default_factory=set)
    groups: bool = False
    limits: bool = False
    mentions: set[str] = field(default_factory=set)
    bound: set[str] = field(default_factory=set)


def matching_brace(tokens: list[Token], index: int) -> int:
    """Index of the ``}`` closing the ``{`` at ``index`` (the last token if unbalanced)."""
    depth = 0
    for i in range(index, len(tokens)):
        if tokens[i].kind == "punct" and tokens[i].text == "{":
            depth += 1
        elif tokens[i].kind == "punct" and tokens[i].text == "}":
            depth -= 1
            if depth == 0:
                return i
    return len(tokens) - 1


def _solution_modifiers(tokens: list[Token], names: set[str], where: str) -> str | None:
    """Check a SELECT's projection and modifiers (tokens outside its WHERE group)."""
    projects: set[str] = set()
    grouped: set[str] = set()
    star = groups = False
    depth = 0
    clause = "select"
    for token in tokens:
        if token.kind == "punct" and token.text in "()":
            depth += 1 if token.text == "(" else -1
        elif token.kind == "word" and token.upper in ("GROUP", "HAVING", "ORDER"):
            clause = token.upper.lower()
            groups = groups or clause == "group"
        elif token.kind == "word" and token.upper in ("LIMIT", "OFFSET"):
            return f"{where} has {token.upper}, which would count across focus nodes"
        elif token.kind == "var" and depth == 0 and clause == "select":
            projects.add(token.text[1:])
        elif token.kind == "var" and clause == "group":
            grouped.add(token.text[1:])
        elif token.kind == "punct" and token.text == "*" and depth == 0 and clause == "select":
            star = True
    for name in sorted(names):
        if not star and name not in projects:
            return f"{where} does not project ${name}"
        if groups and name not in grouped:
            return f"{where} groups without ${name}"
    return None


def join_unsafe_reason(tokens: list[Token], names: Iterable[str] = ("this",)) -> str | None:
    """``None`` if binding ``names`` by a join at the start of the outer WHERE group gives the
    same rows as pre-binding them; otherwise why not (see the module docstring)."""
    wanted = set(names)
    start = outer_group_brace(tokens)
    end = matching_brace(tokens, start)
    outer = [t for i, t in enumerate(tokens) if i < start or i > end]
    # Rows are attributed to focus nodes by ?this, so the outer query must always return it;
    # another pre-bound variable has one value only, so its projection does not matter.
    reason = _solution_modifiers(outer, {"this"}, "the query")
    if reason is not None:
        return reason
    frames: list[_Frame] = []
    for i in range(start + 1, end):
        token = tokens[i]
        before = tokens[i - 1]
        frame = frames[-1] if frames else None
        if token.kind == "punct" and token.text == "{":
            frames.append(_Frame(_group_kind(before, tokens[i + 1], frame)))
        elif token.kind == "punct" and token.text == "}":
            reason = _close_group(frames, tokens, i, wanted)
            if reason is not None:
                return reason
        elif frame is not None and token.kind == "punct" and token.text == "(":
            frame.parens.append(before.upper if before.kind == "word" else "")
        elif frame is not None and token.kind == "punct" and token.text == ")" and frame.parens:
            frame.parens.pop()
        elif token.kind == "var" and token.text[1:] in wanted:
            reason = _check_use(token.text[1:], frames)
            if reason is not None:
                return reason
    return None


def _group_kind(before: Token, after: Token, frame: _Frame | None) -> str:
    """What the group a ``{`` opens is, from its neighbours and the enclosing frame."""
    if before.kind == "word" and before.upper == "OPTIONAL":
        return "optional"
    if before.kind == "word" and before.upper == "EXISTS":
        return "exists"
    if after.kind == "word" and after.upper == "SELECT":
        return "subselect"
    if frame is not None and frame.kind == "subselect" and frame.clause != "after":
        frame.clause = "where"
        return "subwhere"
    return "group"


def _close_group(frames: list[_Frame], tokens: list[Token], close: int,
                 wanted: set[str]) -> str | None:
    """Pop the frame a ``}`` closes: a subquery's WHERE hands what it saw to its subquery,
    a closed subquery is checked."""
    closed = frames.pop()
    if closed.kind == "subwhere" and frames:
        frames[-1].clause = "after"
        frames[-1].mentions |= closed.mentions
        frames[-1].bound |= closed.bound
    elif closed.kind == "subselect":
        return _check_subselect(closed, tokens, close, wanted)
    return None


def _check_use(name: str, frames: list[_Frame]) -> str | None:
    """Is this occurrence of ``$name`` in a place where a join binds it like pre-binding?"""
    kinds = [f.kind for f in frames]
    frame = frames[-1] if frames else None
    top = frame.parens[0] if frame is not None and frame.parens else None
    if not kinds:
        return None
    if kinds == ["optional"]:
        return f"${name} is used in BIND inside OPTIONAL" if top == "BIND" else None
    if kinds == ["subselect"]:
        assert frame is not None
        frame.mentions.add(name)
        return None
    if kinds == ["subselect", "subwhere"]:
        assert frame is not None
        frame.mentions.add(name)
        if top is None:
            frame.bound.add(name)
            return None
        return None if top == "FILTER" else f"${name} is used in {top or 'an expression'} " \
            "inside a subquery"
    return f"${name} is used inside {' > '.join(k for k in kinds)}, where a join does not " \
        "bind it as pre-binding would"


def _check_subselect(frame: _Frame, tokens: list[Token], close: int,
                     wanted: set[str]) -> str | None:
    """A closed subquery that mentions a pre-bound variable must project and bind it."""
    used = frame.mentions & wanted
    if not used:
        return None
    open_index = _opening_brace(tokens, close)
    inner = tokens[open_index + 1:close]
    where = next((j for j, t in enumerate(inner) if t.kind == "punct" and t.text == "{"), None)
    if where is None:
        return "a subquery has no WHERE group"
    where_end = matching_brace(inner, where)
    modifiers = [t for j, t in enumerate(inner) if j < where or j > where_end]
    reason = _solution_modifiers(modifiers, used, "a subquery")
    if reason is not None:
        return reason
    unbound = sorted(used - frame.bound)
    if unbound:
        return f"a subquery uses ${unbound[0]} without binding it in a triple pattern"
    return None


def _opening_brace(tokens: list[Token], close: int) -> int:
    depth = 0
    for i in range(close, -1, -1):
        if tokens[i].kind == "punct" and tokens[i].text == "}":
            depth += 1
        elif tokens[i].kind == "punct" and tokens[i].text == "{":
            depth -= 1
            if depth == 0:
                return i
    return 0
