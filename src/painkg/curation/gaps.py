"""A curator's work list: what the article says that the templates have not yet curated.

``painkg curate gaps [SLUG]`` lists four kinds of gap, each against the article read through
:mod:`painkg.ingest` and the templates of ``data/curation/<slug>/``:

``co-mention``
    a sentence (claim) that names two or more curated entities, by label or synonym, but
    supports no relation between them (nor an objective or record linking them);
``undeclared-name``
    a name the article defines or lists - a key term, a row of the SMART-objectives table, an
    item a section introduces as "Name, the …," - that is no entity (or objective) of the
    templates;
``no-stating-claim``
    a relation whose supports only imply it;
``missing-definition``
    an entity without a definition where the article gives one (its key term, or a
    "Name, the …," sentence).

A gap the curator judged is recorded in ``considered.tsv`` (its claim, the names involved,
the predicate weighed, a decision and the reason) and is not listed again: a row covers the
gaps of its claim, or - for a relation or name gap - the gap whose names (and predicate) it
lists.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from painkg.curation.build import read_templates
from painkg.curation.templates import (
    STATES,
    ArticleText,
    Cell,
    Template,
    article_prefixes,
    expand_name,
    fold,
    parse_reference,
    split_values,
)

__all__ = ["Gap", "GAP_KINDS", "find_gaps", "format_gaps"]

GAP_KINDS = ("co-mention", "undeclared-name", "no-stating-claim", "missing-definition")
# "Kinesiophobia, the fear of movement, is …": a name of at most four words (no verb or
# pronoun in it) introduced with its gloss.
_APPOSITIVE = re.compile(r"^(?P<name>[A-Z][\w’'-]*(?: [a-z][\w’'-]*){0,3}), the (?P<gloss>[^,]+),")
_NOT_A_NAME = re.compile(r"\b(?:it|is|are|was|this|that|these|because|when|if|as)\b", re.I)


@dataclass(frozen=True, order=True)
class Gap:
    """One item of the work list; ``where`` is a claim id or a template line."""

    kind: str
    where: str
    names: tuple[str, ...]
    detail: str


@dataclass
class _Curation:
    """What the templates curate, in the terms the gap checks need."""

    labels: dict[str, list[str]]  # entity IRI -> label and synonyms
    defined: set[str]
    pairs_by_claim: dict[str, set[frozenset[str]]]
    considered_claims: set[str]
    considered_names: list[tuple[frozenset[str], str]]


def _claim_of(article: ArticleText, cell: Cell, prefixes: dict[str, str]) -> str:
    """The claim IRI a considered row names, or ``line:N`` for a line that is no claim."""
    ref = parse_reference(cell)
    if ref.ident and ref.ident.startswith(("line:", "ref:")):
        return ref.ident
    return article.claim(ref, prefixes)


def _read(root: Path, slug: str) -> tuple[ArticleText, _Curation, dict[str, Template]]:
    folder = root / "data" / "curation" / slug
    article = ArticleText.read(root / "data" / "articles" / f"{slug}.txt")
    templates = read_templates(folder, root)
    prefixes = article_prefixes(slug)

    def iri(cell_text: str) -> str:
        prefix, _, local = cell_text.strip().partition(":")
        return prefixes.get(prefix, "") + local

    labels: dict[str, list[str]] = {}
    defined: set[str] = set()
    for name in ("entities.tsv", "cautions.tsv", "objectives.tsv"):
        for row in templates.get(name, ()):
            names = [row.get("label").text.strip() or _quoted(row.get("goal").text)]
            names += [c.text for c in split_values(row.get("synonyms"))]
            labels[iri(row["id"].text)] = [n for n in names if n]
            if row.get("definition"):
                defined.add(iri(row["id"].text))
    pairs: dict[str, set[frozenset[str]]] = {}
    for row in templates.get("relations.tsv", ()):
        claim = article.claim(parse_reference(row["claim"]), prefixes)
        pairs.setdefault(claim, set()).add(
            frozenset({iri(row["subject"].text), iri(row["object"].text)}))
    for row in templates.get("objectives.tsv", ()):
        claim = article.claim(parse_reference(row["claim"]), prefixes)
        linked = {iri(row["id"].text)} | {iri(c.text) for col in ("addresses",
                  "uses_intervention") for c in split_values(row[col])}
        pairs.setdefault(claim, set()).update(
            frozenset({a, b}) for a in linked for b in linked if a != b)
    considered = templates.get("considered.tsv")
    claims: set[str] = set()
    by_names: list[tuple[frozenset[str], str]] = []
    for row in considered or ():
        claims.add(_claim_of(article, row["claim"], prefixes))
        mentioned = frozenset(iri(c.text) for c in split_values(row["names"]))
        by_names.append((mentioned, row.get("predicate").text.strip()))
    return article, _Curation(labels, defined, pairs, claims, by_names), templates


def _quoted(text: str) -> str:
    text = text.strip()
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] == '"' else text


def _mentions(text: str, labels: dict[str, list[str]]) -> set[str]:
    """The entities a text names by label or synonym; a name inside a longer one that is
    also matched ("widespread pain" in "chronic widespread pain") does not count."""
    folded = fold(text).casefold()
    spans: list[tuple[int, int, str]] = []
    for iri, names in labels.items():
        for name in names:
            if len(name) <= 2:
                continue
            pattern = r"(?<![\w-])" + re.escape(fold(name).casefold()) + r"(?![\w-])"
            spans += [(m.start(), m.end(), iri) for m in re.finditer(pattern, folded)]
    return {iri for start, end, iri in spans
            if not any(s <= start and end <= e and (e - s) > (end - start)
                       for s, e, _ in spans)}


def _short(iri: str, prefixes: dict[str, str]) -> str:
    best = max((p for p, ns in prefixes.items() if iri.startswith(ns)),
               key=lambda p: len(prefixes[p]), default=None)
    return f"{best}:{iri[len(prefixes[best]):]}" if best else iri


def _co_mentions(article: ArticleText, cur: _Curation, prefixes: dict[str, str]) -> list[Gap]:
    gaps = []
    entities = {k: v for k, v in cur.labels.items() if "/objective/" not in k}
    for claim, text in article.claims.items():
        named = _mentions(text, entities)
        if len(named) < 2 or claim in cur.considered_claims:
            continue
        # A sentence that supports a relation of any entity it names has been read by the
        # curator; the work list is for sentences no relation or record uses.
        supported = cur.pairs_by_claim.get(claim, set())
        if any(pair & named for pair in supported):
            continue
        gaps.append(Gap("co-mention", _short(claim, prefixes),
                        tuple(sorted(_short(n, prefixes) for n in named)), text))
    return gaps


def _definition_candidates(article: ArticleText) -> list[tuple[str, str, str]]:
    """(name, gloss, claim id) of each key term and each "Name, the …," sentence."""
    found = []
    for claim, text in article.claims.items():
        if " — " in text and "/claim/key-terms-" in claim:
            name, _, gloss = text.partition(" — ")
            found.append((name.strip(), gloss.strip().rstrip("."), claim))
        match = _APPOSITIVE.match(text)
        if match and not _NOT_A_NAME.search(match.group("name")):
            found.append((match.group("name"), match.group("gloss"), claim))
    return found


def _names_and_definitions(article: ArticleText, cur: _Curation,
                           templates: dict[str, Template], prefixes: dict[str, str]
                           ) -> list[Gap]:
    by_name = {fold(n).casefold(): iri for iri, names in cur.labels.items() for n in names}
    gaps = []
    for name, gloss, claim in _definition_candidates(article):
        iri = by_name.get(fold(name).casefold())
        if claim in cur.considered_claims:
            continue
        if iri is None:
            gaps.append(Gap("undeclared-name", _short(claim, prefixes), (name,),
                            f"the article defines {name!r}: {gloss}"))
        elif iri not in cur.defined and "/caution/" not in iri:
            gaps.append(Gap("missing-definition", _short(claim, prefixes),
                            (_short(iri, prefixes),), f"the article defines it: {gloss}"))
    goals = {fold(_quoted(r["goal"].text)).casefold() for r in templates.get("objectives.tsv", ())}
    for claim, text in article.claims.items():
        if "/claim/treatment-plan-suggestions-smart-objectives-" not in claim:
            continue
        if not any(fold(text).casefold().startswith(g) for g in goals if g) and \
                claim not in cur.considered_claims and not text.startswith("Therapeutic"):
            gaps.append(Gap("undeclared-name", _short(claim, prefixes), (text[:40],),
                            "a row of the SMART-objectives table that is no objective"))
    return gaps


def _unstated(templates: dict[str, Template], cur: _Curation, prefixes: dict[str, str]
              ) -> list[Gap]:
    roles: dict[tuple[str, str, str], set[str]] = {}
    first: dict[tuple[str, str, str], str] = {}
    template = templates.get("relations.tsv")
    for row in template or ():
        key = (row["subject"].text.strip(), row["predicate"].text.strip(),
               row["object"].text.strip())
        roles.setdefault(key, set()).add(row["role"].text.strip())
        first.setdefault(key, f"{row.path}:{row.line}")
    gaps = []
    for key, found in sorted(roles.items()):
        if STATES in found:
            continue
        names = frozenset(expand_name(Cell(k, "", 0, 0), prefixes) for k in (key[0], key[2]))
        if any(names <= n and p == key[1] for n, p in cur.considered_names):
            continue
        gaps.append(Gap("no-stating-claim", first[key], (key[0], key[2]),
                        f"{key[0]} {key[1]} {key[2]}: no sentence states it, only implies it"))
    return gaps


def find_gaps(root: Path, slug: str) -> list[Gap]:
    """The work list of one article of the project at ``root``, sorted."""
    article, cur, templates = _read(root, slug)
    prefixes = article_prefixes(slug)
    gaps = (_co_mentions(article, cur, prefixes)
            + _names_and_definitions(article, cur, templates, prefixes)
            + _unstated(templates, cur, prefixes))
    return sorted(set(gaps), key=lambda g: (GAP_KINDS.index(g.kind), g.where, g.names))


def format_gaps(gaps: list[Gap], fmt: str = "text") -> str:
    """``text`` (for people), ``json`` or ``tsv`` (kind, where, names, detail)."""
    if fmt == "json":
        return json.dumps([asdict(g) for g in gaps], ensure_ascii=False, indent=2,
                          sort_keys=True) + "\n"
    if fmt == "tsv":
        rows = ["kind\twhere\tnames\tdetail"] + [
            "\t".join([g.kind, g.where, " | ".join(g.names), " ".join(g.detail.split())])
            for g in gaps]
        return "\n".join(rows) + "\n"
    if not gaps:
        return "No gaps: everything the article states is curated or recorded as considered.\n"
    lines = []
    for kind in GAP_KINDS:
        of_kind = [g for g in gaps if g.kind == kind]
        if of_kind:
            lines.append(f"{kind} ({len(of_kind)}):")
            lines += [f"  {g.where}  [{', '.join(g.names)}]  {g.detail}" for g in of_kind]
    return "\n".join(lines) + "\n"

