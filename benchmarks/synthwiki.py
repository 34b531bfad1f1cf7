"""SYNTHETIC benchmark wiki: articles in the real export's text format, plus a curated layer.

Everything written here is benchmark data, never clinical content and never shipped: the site
line reads "SYNTHETIC BENCHMARK WIKI", the category is "SYNTHETIC BENCHMARK ARTICLE", titles
are "Synthetic Construct 0042", concepts "Synthetic Problem 007", sources "Synthauthor0123,
A.B. (1987). Synthetic benchmark source 0123. …". The text follows the template of
data/articles/central-sensitization.txt (header, lead, known headings, marked sentences, a
SMART table, key terms, reflective-question bullets, numbered Sources, Provenance line), so
``painkg ingest`` reads it like a real article.

The curated layer follows docs/architecture.md: concepts (construct, conditions, mechanisms,
problems, interventions), evidenced relations (``pk:targets``, ``pk:implicatedIn``,
``pk:hasPrinciple``, ``pk:builtOn``, ``pk:nestedIn``) each asserted and reified with the claims
that state them, a SMART objective, a misconception, a contribution. Concepts and sources come
from shared pools, so articles meet at the same nodes as a real wiki's do (sources shared
between articles, many interventions targeting one problem). About 500 triples an article
once shared sources and concepts merge.

Usage: ``python benchmarks/synthwiki.py N OUTDIR`` writes OUTDIR/articles/*.txt and
OUTDIR/curated/*.curated.ttl.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["SITE", "CATEGORY", "SyntheticArticle", "synthetic_article", "curated_turtle",
           "write_wiki", "title_of", "slug_of", "HUB_PROBLEM", "HUB_CONSTRUCT"]

SITE = "SYNTHETIC BENCHMARK WIKI (generated for painkg's benchmark; not clinical content)"
CATEGORY = "SYNTHETIC BENCHMARK ARTICLE"
DISCIPLINE = "Synthetic benchmark discipline"

N_SOURCES = 600          # pool of sources; the first POPULAR are cited by many articles
POPULAR = 30
N_PROBLEMS = 40
N_INTERVENTIONS = 150
N_CONDITIONS = 100
N_MECHANISMS = 30
N_PEOPLE = 80
N_SIGNS = 20
#: A problem one article in five targets (a popular one, as kinesiophobia would be): the
#: benchmark's ``ask interventions`` question on the synthetic wiki.
HUB_PROBLEM = "Synthetic Problem 001"
#: A construct that grows with the wiki: article 1's, which every fifth later article names
#: again (a principle, a condition it is implicated in and a hallmark sign), so the research
#: queries that take a construct have a hub to be bound to as well as the shipped Central
#: Sensitization.
HUB_CONSTRUCT = "Synthetic Construct 0001"


def title_of(k: int) -> str:
    """The title of synthetic article ``k``."""
    return f"Synthetic Construct {k:04d}"


def slug_of(k: int) -> str:
    """The slug painkg mints for synthetic article ``k``."""
    return f"synthetic-construct-{k:04d}"


def _source_line(number: int, i: int) -> str:
    tier = ("T1", "T2", "T3")[i % 3]
    year = 1970 + i % 50
    return (f"  {number}. Synthauthor{i:04d}, A.B. ({year}). Synthetic benchmark source {i:04d}. "
            f"Journal of Synthetic Benchmarks, {1 + i % 40}({1 + i % 12}), {i}–{i + 9}. "
            f"— link{tier}")


@dataclass
class SyntheticArticle:
    """One generated article: its text and the facts its curated layer asserts.

    ``relations`` are (subject label, property local name, object label, [(section, claim
    text)]); claim texts are as painkg records them (marker removed, period kept).
    """

    k: int
    text: str
    construct: str
    concepts: dict[str, str] = field(default_factory=dict)  # label -> class local name
    relations: list[tuple[str, str, str, list[tuple[str, str]]]] = field(default_factory=list)
    objective: tuple[str, str, str, str, str, str, str] | None = None
    misconception: tuple[str, str, str, list[tuple[str, str]]] | None = None
    contribution: tuple[str, str, str, tuple[str, str]] | None = None
    key_term: str = ""
    sources: list[int] = field(default_factory=list)


def synthetic_article(k: int) -> SyntheticArticle:
    """Synthetic article number ``k`` (deterministic: the same ``k`` gives the same text)."""
    rng = random.Random(k)
    title = title_of(k)
    popular = rng.sample(range(POPULAR), 3)
    tail = rng.sample(range(POPULAR, N_SOURCES), 3)
    src = popular + tail                       # printed as sources 1..6
    cite = [str(n) for n in range(1, 7)] + ["LLM"]
    problems = [f"Synthetic Problem {p:03d}" for p in rng.sample(range(2, N_PROBLEMS + 1), 3)]
    if k % 5 == 1:  # one article in five (article 1 included) targets the hub problem
        problems[0] = HUB_PROBLEM
    inter = [f"Synthetic Intervention {i:03d}"
             for i in rng.sample(range(1, N_INTERVENTIONS + 1), 4)]
    conds = [f"Synthetic Condition {c:03d}" for c in rng.sample(range(1, N_CONDITIONS + 1), 3)]
    mechs = [f"Synthetic Mechanism {m:02d}" for m in rng.sample(range(1, N_MECHANISMS + 1), 2)]
    person = f"Synthetic Person {rng.randrange(1, N_PEOPLE + 1):03d}"
    year = 1970 + src[0] % 50

    art = SyntheticArticle(k=k, text="", construct=title, sources=src, key_term=title)
    art.concepts[title] = "Construct"
    art.concepts.update({c: "Condition" for c in conds})
    art.concepts.update({m: "Mechanism" for m in mechs})
    art.concepts.update({p: "ProblemForWork" for p in problems})
    art.concepts.update({i: "Intervention" for i in inter})
    hub = k % 5 == 1 and k > 1  # article 1 is the hub construct itself
    sign = f"Synthetic Sign {rng.randrange(1, N_SIGNS + 1):02d}"
    if hub:
        art.concepts[HUB_CONSTRUCT] = "Construct"
        art.concepts[sign] = "ClinicalSign"

    sections: list[tuple[str, list[str]]] = []

    def mark(sentence: str, section: str, marker: str) -> tuple[str, tuple[str, str]]:
        """The printed sentence ("… 3.") and its (section, recorded text)."""
        body = sentence.rstrip(".")
        return f"{body} {marker}.", (section, body + ".")

    def para(section: str, items: list[tuple[str, str]]) -> list[tuple[str, str]]:
        printed, recorded = zip(*(mark(s, section, m) for s, m in items), strict=True)
        sections.append((section, [" ".join(printed)]))
        return list(recorded)

    def pick() -> str:
        return rng.choice(cite)

    para("Type & Discipline", [
        (f"{title} is a synthetic benchmark construct and carries no clinical content.", "LLM"),
        (f"It exists only so that painkg's benchmark has realistic work for article {k}.", "1"),
    ])
    sec = "Creators & Lineage"
    lineage = para(sec, [
        (f"{title} was originated by {person} in {year}.", "1"),
        (f"Later synthetic work elaborated {title} for benchmark number {k}.", pick()),
    ])
    art.contribution = (person, "Originated", str(year), lineage[0])
    sec = "Core Principles"
    claims = para(sec, [(f"A principle of {title} is {m.lower()}.", pick()) for m in mechs]
                  + ([(f"{HUB_CONSTRUCT} shares the principle of {mechs[0].lower()}.", pick()),
                      (f"{HUB_CONSTRUCT} shows the hallmark sign {sign.lower()}.", pick())]
                     if hub else []))
    for m, claim in zip(mechs, claims, strict=False):
        art.relations.append((title, "hasPrinciple", m, [claim]))
    if hub:
        art.relations.append((HUB_CONSTRUCT, "hasPrinciple", mechs[0], [claims[-2]]))
        art.relations.append((HUB_CONSTRUCT, "hasHallmark", sign, [claims[-1]]))
    sec = "Interventions & Techniques"
    claims = para(sec, [(f"{i} is built on {title}.", pick()) for i in inter[:2]]
                  + [(f"{inter[2]} is delivered within {inter[0]} in {title}.", "LLM")])
    art.relations.append((inter[0], "builtOn", title, [claims[0]]))
    art.relations.append((inter[1], "builtOn", title, [claims[1]]))
    art.relations.append((inter[2], "nestedIn", inter[0], [claims[2]]))
    sec = "Populations & Indications"
    claims = para(sec, [(f"{title} is implicated in {c.lower()}.", pick()) for c in conds]
                  + ([(f"{HUB_CONSTRUCT} is implicated in {conds[0].lower()} as well.", pick())]
                     if hub else []))
    for c, claim in zip(conds, claims, strict=False):
        art.relations.append((title, "implicatedIn", c, [claim]))
    if hub:
        art.relations.append((HUB_CONSTRUCT, "implicatedIn", conds[0], [claims[-1]]))
    sec = "Problems-for-Work"
    pairs = [(inter[0], problems[0]), (inter[1], problems[1]), (inter[2], problems[0]),
             (inter[3], problems[2])]
    claims = para(sec, [(f"{i} targets {p.lower()} in the setting of {title}.", pick())
                        for i, p in pairs])
    for (i, p), claim in zip(pairs, claims, strict=True):
        art.relations.append((i, "targets", p, [claim]))
    sec = "Treatment-Plan Suggestions & SMART Objectives"
    goal = f"Reduce {problems[0].lower()} for article {k}"
    objective = f"Over {2 + k % 8} weeks, client will complete synthetic benchmark task {k}"
    mechanism = f"{inter[0]} addresses {problems[0].lower()}"
    marker = pick()
    sections.append((sec, ["Goal SMART objective (example) Mechanism\n"
                           f"{goal} {objective} {mechanism} {marker}"]))
    art.objective = (goal, objective, f"Over {2 + k % 8} weeks", mechanism, marker,
                     f"{goal} {objective} {mechanism}", problems[0] + "|" + inter[0])
    sec = "Common Misconceptions"
    claims = para(sec, [
        (f"A first misconception is that {title} is clinical content.", "LLM"),
        (f"The construct asserts the opposite: {title} is synthetic benchmark data.", pick()),
    ])
    art.misconception = (f"{title} is clinical content", f"{title} is synthetic benchmark data",
                         "", claims)
    sec = "Key Terms"
    para(sec, [(f"{title} — a synthetic benchmark construct numbered {k}.", "2"),
               (f"{mechs[0]} — a synthetic benchmark mechanism named in {title}.", "LLM")])
    sec = "Reflective / Supervision Questions"
    sections.append((sec, [f"  • Does benchmark question {q} about {title} run fast? LLM"
                           for q in (1, 2)]))

    lines = [SITE,
             "⚠︎ LLM-generated — verify before clinical use. Sentences are marked with a source "
             "or an LLM tag.",
             f"construct · {DISCIPLINE} · {CATEGORY}", "", title, "",
             f"{title} is synthetic benchmark article {k}, generated to measure painkg and "
             "holding no clinical content.", "", "0 upvotes"]
    for heading, paragraphs in sections:
        lines += ["", heading, ""]
        for j, paragraph in enumerate(paragraphs):
            if j and not paragraph.startswith("  •"):
                lines.append("")
            lines.append(paragraph)
    lines += ["", "Sources", ""]
    lines += [_source_line(n, i) for n, i in enumerate(src, start=1)]
    lines += ["Provenance. This article is AI-generated (model: synthetic-benchmark-generator) "
              "· version 1.0 · last generated 2026-01-01 · 3 min read · 6 sources. "
              "SYNTHETIC BENCHMARK ARTICLE: generated for painkg's benchmark, not clinical "
              "content.",
              "", "Suggest a revision"]
    art.text = "\n".join(lines) + "\n"
    return art


def curated_turtle(art: SyntheticArticle) -> str:
    """The curated layer of a synthetic article as deterministic Turtle.

    Claim IRIs are the ones ``painkg ingest`` mints: the text is parsed with painkg's own reader
    so the curated layer cannot drift from the document layer.
    """
    from painkg.ingest.article import parse_article, slugify
    from painkg.ingest.document import Iri, Lit, Triple, claim_iris, to_turtle
    from painkg.ingest.sourceids import source_keys
    from painkg.namespaces import DATA_BASE, PREFIXES

    parsed = parse_article(art.text, path=f"<synthetic {art.k}>")
    iris = claim_iris(parsed)
    by_text = {(c.section, c.text): iris[c.position] for c in parsed.claims}
    keys = source_keys(parsed.sources)
    pk, rdf, rdfs, skos = (PREFIXES[p] for p in ("pk", "rdf", "rdfs", "skos"))
    dct, foaf, xsd = PREFIXES["dcterms"], PREFIXES["foaf"], PREFIXES["xsd"]
    base = f"{DATA_BASE}article/{parsed.slug}"

    def concept(label: str) -> str:
        return f"{DATA_BASE}{slugify(label)}"

    def claim(ref: tuple[str, str]) -> Iri:
        return Iri(by_text[ref])

    def rests_on(marker: str) -> Iri:
        return Iri(pk + "LLM") if marker == "LLM" else Iri(f"{DATA_BASE}source/{keys[int(marker)]}")

    out: list[Triple] = [(base, dct + "subject", Iri(concept(art.construct)))]
    for label, cls in art.concepts.items():
        iri = concept(label)
        out += [(iri, rdf + "type", Iri(pk + cls)), (iri, rdf + "type", Iri(skos + "Concept")),
                (iri, rdfs + "label", Lit(label))]
    out.append((concept(art.construct), skos + "definition",
                Lit(f"a synthetic benchmark construct numbered {art.k}")))
    out.append((f"{base}/term/{slugify(art.key_term)}", pk + "denotes",
                Iri(concept(art.construct))))
    mechanism_term = next(label for label, cls in art.concepts.items() if cls == "Mechanism")
    out.append((f"{base}/term/{slugify(mechanism_term)}", pk + "denotes",
                Iri(concept(mechanism_term))))
    for subj, prop, obj, supports in art.relations:
        s, o = concept(subj), concept(obj)
        stmt = f"{DATA_BASE}statement/{slugify(subj)}--{prop}--{slugify(obj)}"
        out += [(s, pk + prop, Iri(o)), (stmt, rdf + "type", Iri(rdf + "Statement")),
                (stmt, rdfs + "label", Lit(f"{subj} {prop} {obj.lower()}")),
                (stmt, rdf + "subject", Iri(s)), (stmt, rdf + "predicate", Iri(pk + prop)),
                (stmt, rdf + "object", Iri(o))]
        # Every synthetic support states its relation (pk:statedBy beside pk:supportedBy).
        out += [(stmt, pk + role, claim(ref)) for ref in supports
                for role in ("supportedBy", "statedBy")]
    if art.objective is not None:
        goal, text, timeframe, mechanism, marker, row, links = art.objective
        problem, intervention = links.split("|")
        obj = f"{base}/objective/{slugify(goal)}"
        row_claim = by_text[("Treatment-Plan Suggestions & SMART Objectives", row)]
        out += [(obj, rdf + "type", Iri(pk + "SmartObjective")), (obj, rdfs + "label", Lit(goal)),
                (obj, pk + "goal", Lit(goal)), (obj, pk + "objectiveText", Lit(text)),
                (obj, pk + "timeframe", Lit(timeframe)),
                (obj, pk + "mechanismText", Lit(mechanism)),
                (obj, pk + "restsOn", rests_on(marker)),
                (obj, pk + "supportedBy", Iri(row_claim)),
                (obj, pk + "addresses", Iri(concept(problem))),
                (obj, pk + "usesIntervention", Iri(concept(intervention)))]
    if art.misconception is not None:
        wrong, correction, _, refs = art.misconception
        mis = f"{base}/misconception/1"
        marker = next(c for c in parsed.claims if (c.section, c.text) == refs[1]).marker
        out += [(mis, rdf + "type", Iri(pk + "Misconception")), (mis, rdfs + "label", Lit(wrong)),
                (mis, pk + "misconceptionText", Lit(wrong)),
                (mis, pk + "correction", Lit(correction)),
                (mis, pk + "restsOn", rests_on(marker))]
        out += [(mis, pk + "supportedBy", claim(ref)) for ref in refs]
    if art.contribution is not None:
        person, role, year, ref = art.contribution
        who = f"{DATA_BASE}person/{slugify(person)}"
        con = f"{base}/contribution/{slugify(person)}-{role.lower()}"
        out += [(who, rdf + "type", Iri(pk + "Person")), (who, rdf + "type", Iri(foaf + "Person")),
                (who, rdfs + "label", Lit(person)), (who, foaf + "name", Lit(person)),
                (con, rdf + "type", Iri(pk + "Contribution")),
                (con, rdfs + "label", Lit(f"{person} {role.lower()} {art.construct} ({year})")),
                (con, pk + "contributor", Iri(who)), (con, pk + "contributionRole", Iri(pk + role)),
                (con, pk + "toConstruct", Iri(concept(art.construct))),
                (con, pk + "year", Lit(year, "gYear")),
                (con, pk + "work", Iri(f"{DATA_BASE}source/{keys[1]}")),
                (con, pk + "supportedBy", claim(ref))]
    del xsd
    header = (f"SYNTHETIC BENCHMARK DATA: curated layer of synthetic article {art.k} "
              f"({parsed.slug}).\nGenerated by benchmarks/synthwiki.py; not clinical content, "
              "never shipped.")
    return to_turtle(out, header)


def write_wiki(n: int, out: Path, start: int = 1) -> list[Path]:
    """Write articles ``start..start+n-1`` to OUT/articles and their curated layers to
    OUT/curated; returns the article paths."""
    (out / "articles").mkdir(parents=True, exist_ok=True)
    (out / "curated").mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(start, start + n):
        art = synthetic_article(k)
        path = out / "articles" / f"{slug_of(k)}.txt"
        path.write_text(art.text, encoding="utf-8")
        (out / "curated" / f"{slug_of(k)}.curated.ttl").write_text(curated_turtle(art),
                                                                     encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python benchmarks/synthwiki.py N OUTDIR")
    written = write_wiki(int(sys.argv[1]), Path(sys.argv[2]))
    print(f"wrote {len(written)} synthetic articles to {sys.argv[2]}", file=sys.stderr)
