"""``painkg site``: a static linked-data site in which every minted IRI has a page.

The IRI ``https://w3id.org/painkg/id/<path>`` is served by ``id/<path>.html`` beside
``id/<path>.ttl`` and ``id/<path>.jsonld`` (the resource's own statements, written by the
dump's writers in :mod:`painkg.publish.serialize`); every ``https://w3id.org/painkg/vocab#Term``
by ``vocab.html#Term`` (with ``vocab.ttl`` / ``vocab.jsonld``). Entities get their card
(:mod:`painkg.reports.card`), articles their sections with each sentence coloured by its
marker, views the interactive graph export; every other IRI (claims, statements, sections,
sources ...) a page listing its statements and what points at it. ``.htaccess`` maps the IRI
paths to those files by content negotiation, so the site answers for w3id.org/painkg once
hosted. The IRIs come from the dump itself (:func:`painkg.publish.dump.dump`), so no IRI of the
dump is left without a page. Output is deterministic: sorted, no dates, no absolute paths.
"""

from __future__ import annotations

import functools
import html
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from painkg.namespaces import DATA_BASE, PK, PREFIXES, shorten_iri

if TYPE_CHECKING:
    import pyoxigraph as ox

    from painkg.store import GraphStore

__all__ = ["SiteReport", "write_site", "page_for", "htaccess_text", "site_iris", "VIEWS"]

VOCAB = str(PK)
#: The views that get a page (queries/views/*.rq, the graph export in HTML).
VIEWS = ("full", "interventions", "conditions", "lineage", "evidence")
_LABEL = PREFIXES["rdfs"] + "label"
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_ARTICLE = VOCAB + "Article"


@dataclass(frozen=True)
class SiteReport:
    """What ``painkg site`` wrote."""

    pages: int
    entities: int
    sources: int
    articles: int
    views: int
    iris: int


def page_for(iri: str) -> str | None:
    """The page (relative to the site's root) serving ``iri``, or None for outside IRIs.

    >>> page_for("https://w3id.org/painkg/id/graded-exposure")
    'id/graded-exposure.html'
    >>> page_for("https://w3id.org/painkg/vocab#targets")
    'vocab.html#targets'
    """
    if iri.startswith(DATA_BASE) and len(iri) > len(DATA_BASE):
        return f"id/{iri[len(DATA_BASE):]}.html"
    if iri.startswith(VOCAB):
        return "vocab.html" + (f"#{iri[len(VOCAB):]}" if len(iri) > len(VOCAB) else "")
    return None


def _link_from(from_page: str, iri: str) -> str | None:
    """The relative link from ``from_page`` to the page of ``iri``, or None."""
    target = page_for(iri)
    return None if target is None else _relative(from_page, target)


def _relative(from_page: str, to_page: str) -> str:
    """A link from one page of the site to another that works from file:// too."""
    depth = from_page.count("/")
    return "../" * depth + to_page


def site_iris(triples: Iterable[ox.Triple]) -> set[str]:
    """Every subject and object IRI of ``triples`` under the id/ or vocab namespace."""
    import pyoxigraph as ox

    found: set[str] = set()
    for t in triples:
        for term in (t.subject, t.object):
            if isinstance(term, ox.NamedNode) and page_for(term.value) is not None:
                found.add(term.value)
    return found


def htaccess_text() -> str:
    """Apache rules for the host w3id.org/painkg redirects to: content negotiation per IRI."""
    from painkg.resources import static_text

    return static_text("site.htaccess")


def _value(term: Any) -> str:
    """The IRI, blank node id or lexical form of a term (no RDF-star terms in the dump)."""
    return str(term.value)


def _dump_triples(store: GraphStore) -> list[ox.Triple]:
    import pyoxigraph as ox

    from painkg.publish.dump import dump

    data = dump(store, "ntriples")
    return sorted({q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)}, key=str)


class _Site:
    """The site being written: its folder, its triples indexed by subject and object."""

    def __init__(self, store: GraphStore, root: Path) -> None:
        import pyoxigraph as ox

        self.store = store
        self.root = root
        self.triples = _dump_triples(store)
        self.by_subject: dict[str, list[ox.Triple]] = defaultdict(list)
        self.by_object: dict[str, list[ox.Triple]] = defaultdict(list)
        self.labels: dict[str, str] = {}
        for t in self.triples:
            self.by_subject[_value(t.subject)].append(t)
            if _value(t.predicate) == _LABEL and _value(t.subject) not in self.labels:
                self.labels[_value(t.subject)] = _value(t.object)
            if isinstance(t.object, ox.NamedNode):
                self.by_object[_value(t.object)].append(t)
        self.pages = 0

    def label(self, iri: str) -> str:
        return self.labels.get(iri) or shorten_iri(iri)

    def write(self, relative: str, data: str | bytes) -> None:
        from painkg.atomic import write_output

        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        write_output(path, data.encode("utf-8") if isinstance(data, str) else data)

    def page(self, relative: str, title: str, body: str, alternates: bool = True) -> None:
        from painkg.reports.card import render_template

        stem = relative.rsplit("/", 1)[-1].removesuffix(".html")
        links = ({"text/turtle": f"{stem}.ttl", "application/ld+json": f"{stem}.jsonld"}
                 if alternates else {})
        root = "../" * relative.count("/")
        self.write(relative, render_template("page.html.j2", title=title, body=body,
                                             root=root, scripts=True, alternates=links))
        self.pages += 1

    def data_files(self, relative: str, triples: list[ox.Triple]) -> None:
        import pyoxigraph as ox

        from painkg.publish.serialize import serialize_sorted
        from painkg.rdfwrite import sort_triples

        stem = relative.removesuffix(".html")
        ordered = sort_triples(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
        self.write(stem + ".ttl", serialize_sorted(ordered, "turtle"))
        self.write(stem + ".jsonld", serialize_sorted(ordered, "jsonld"))

    def link(self, from_page: str, iri: str) -> str:
        target = page_for(iri)
        text = html.escape(self.label(iri))
        if target is None:
            return f'<a href="{html.escape(iri)}">{html.escape(shorten_iri(iri))}</a>'
        return f'<a href="{html.escape(_relative(from_page, target))}">{text}</a>'

    def value(self, from_page: str, term: Any) -> str:
        import pyoxigraph as ox

        if isinstance(term, ox.NamedNode):
            return self.link(from_page, term.value)
        return html.escape(term.value)


def _generic_body(site: _Site, iri: str, page: str) -> str:
    """A resource's statements and what points at it, with readable labels and links."""
    rows = "".join(
        f"<tr><th scope=\"row\">{html.escape(site.label(_value(t.predicate)))}</th>"
        f"<td>{site.value(page, t.object)}</td></tr>"
        for t in site.by_subject.get(iri, []))
    incoming = "".join(
        f"<li>{site.link(page, _value(t.subject))} "
        f"<em>{html.escape(site.label(_value(t.predicate)))}</em> this</li>"
        for t in site.by_object.get(iri, [])[:500])
    return (f"<h1>{html.escape(site.label(iri))}</h1><p><code>{html.escape(iri)}</code></p>"
            f"<table><caption>Statements about it</caption>{rows}</table>"
            + (f"<h2>Referred to by</h2><ul>{incoming}</ul>" if incoming else ""))


def _source_body(site: _Site, iri: str, page: str) -> str:
    """A cited work: its citation, tier, kind and links, then every sentence citing it."""
    about = {_value(t.predicate): t.object for t in site.by_subject.get(iri, [])}
    facts = "".join(
        f"<li>{html.escape(name)}: {site.value(page, about[VOCAB + key])}</li>"
        for key, name in (("tier", "Tier"), ("documentKind", "Kind of document"))
        if VOCAB + key in about)
    links = "".join(f"<li>{site.value(page, t.object)}</li>" for t in site.by_subject[iri]
                    if _value(t.predicate).endswith(("core#exactMatch", "schema.org/url")))
    sentences = []
    for t in site.by_object.get(iri, []):
        if _value(t.predicate) != VOCAB + "marker":
            continue
        claim = {_value(c.predicate): c.object for c in site.by_subject[_value(t.subject)]}
        section = claim.get(VOCAB + "inSection")
        line = claim.get(VOCAB + "lineNumber")
        where = (site.label(_value(section)) if section is not None else "") + (
            f", line {_value(line)}" if line is not None else "")
        href = _link_from(page, _value(t.subject)) or ""
        text = html.escape(_value(claim[VOCAB + "text"]))
        sentences.append((int(_value(line)) if line is not None else 0, _value(t.subject),
                          f'<li><a href="{html.escape(href)}">“{text}”</a> '
                          f"<small>{html.escape(where)}</small></li>"))
    citation = about.get(PREFIXES["dcterms"] + "bibliographicCitation")
    return (f"<h1>{html.escape(site.label(iri))}</h1>"
            + (f"<p>{html.escape(_value(citation))}</p>" if citation is not None else "")
            + f"<ul>{facts}</ul>" + (f"<h2>Read it</h2><ul>{links}</ul>" if links else "")
            + f"<h2>Sentences citing it ({len(sentences)})</h2><ul>"
            + "".join(text for _, _, text in sorted(sentences)) + "</ul>"
            + _generic_body(site, iri, page).replace("<h1>", "<h2>", 1).replace("</h1>", "</h2>",
                                                                                 1))


def _article_body(site: _Site, iri: str, page: str) -> str:
    """An article's sections in order, each sentence coloured by its marker."""
    from painkg.traversal.projection import internal_query, iri_terms

    rows = site.store.select(internal_query("site-article", ["article"], iri_terms([iri])))
    sections: dict[tuple[int, str], list[tuple[int, str, str]]] = defaultdict(list)
    for row in rows:
        key = (int(str(row.get("sectionPosition", 0))), str(row.get("sectionLabel", "")))
        marker = str(row.get("marker", ""))
        cls = "llm" if marker == VOCAB + "LLM" else "sourced" if marker else "unmarked"
        who = ("LLM" if cls == "llm" else str(row.get("markerLabel", "")) if marker
               else "no marker")
        href = _relative(page, page_for(str(row["sentence"])) or "index.html")
        text = (f'<mark class="{cls}"><a href="{html.escape(href)}">'
                f'{html.escape(str(row["text"]))}</a></mark> <small>[{html.escape(who)}]</small>')
        sections[key].append((int(str(row.get("line", 0))), str(row["sentence"]), text))
    parts = [f"<h1>{html.escape(site.label(iri))}</h1>",
             '<p>Each sentence is marked by what it rests on: <mark class="sourced">a cited '
             'source</mark> or <mark class="llm">the LLM tag (no cited source)</mark>.</p>']
    for (_, heading), sentences in sorted(sections.items()):
        parts.append(f"<section><h2>{html.escape(heading)}</h2><p>")
        parts.append(" ".join(text for _, _, text in sorted(sentences)))
        parts.append("</p></section>")
    return "".join(parts)


def _entity_pages(site: _Site) -> tuple[set[str], int]:
    """One card page per entity (concepts, people, organisations, cautions)."""
    from painkg.reports.card import card_from_evidence, format_entity_card
    from painkg.reports.cautions import list_cautions
    from painkg.reports.evidence_card import evidence_card
    from painkg.traversal.projection import load_entities

    cautions = list_cautions(site.store)
    done: set[str] = set()
    for iri in sorted(load_entities(site.store)):
        page = page_for(iri)
        if page is None:
            continue
        card = card_from_evidence(site.store, evidence_card(site.store, iri), cautions)
        card.linker = functools.partial(_link_from, page)
        site.page(page, card.label, format_entity_card(card, "html", standalone=False))
        site.data_files(page, site.by_subject.get(iri, []))
        done.add(iri)
    return done, len(done)


def _vocab_page(site: _Site, iris: set[str]) -> None:
    terms = sorted(i for i in iris if i.startswith(VOCAB) and len(i) > len(VOCAB))
    parts = ["<h1>The painkg vocabulary</h1><dl>"]
    triples = []
    for iri in terms:
        local = iri[len(VOCAB):]
        triples += site.by_subject.get(iri, [])
        comment = next((_value(t.object) for t in site.by_subject.get(iri, [])
                        if _value(t.predicate).endswith(("#comment", "#definition"))), "")
        parts.append(f'<dt id="{html.escape(local)}"><code>pk:{html.escape(local)}</code> '
                     f"{html.escape(site.label(iri))}</dt><dd>{html.escape(comment)}</dd>")
    parts.append("</dl>")
    site.page("vocab.html", "Vocabulary", "".join(parts))
    site.data_files("vocab.html", triples)


def _index_page(site: _Site, entities: set[str]) -> None:
    """The index by class, with a search box (search.js reads the embedded JSON list)."""
    from painkg.reports.card import class_words
    from painkg.traversal.projection import load_entities

    found = load_entities(site.store)
    by_class: dict[str, list[str]] = defaultdict(list)
    for iri in sorted(entities):
        by_class[class_words(found[iri].kind.rsplit(":", 1)[-1]) or "Other"].append(iri)
    items = [{"label": found[i].label, "synonyms": sorted(found[i].alt_labels),
              "class": c, "href": page_for(i)} for c in sorted(by_class) for i in by_class[c]]
    items.sort(key=lambda x: (str(x["label"]).casefold(), str(x["href"])))
    parts = ['<h1>painkg: pain-neuroscience concepts and their evidence</h1>',
             '<form role="search" onsubmit="return false"><label for="search">Search entities '
             '(Enter opens the first result)</label><br><input id="search" type="search" '
             'autocomplete="off" aria-controls="results"></form>',
             '<ul id="results" aria-live="polite"></ul>',
             '<p>Also: <a href="vocab.html">the vocabulary</a>; views: '
             + ", ".join(f'<a href="views/{v}.html">{v}</a>' for v in VIEWS) + "; articles: "
             + ", ".join(site.link("index.html", a) for a in _articles(site)) + ".</p>",
             '<div class="classes">']
    for cls in sorted(by_class):
        links = "".join(f"<li>{site.link('index.html', i)}</li>" for i in sorted(
            by_class[cls], key=lambda i: found[i].label.casefold()))
        parts.append(f"<h2>{html.escape(cls)}</h2><ul>{links}</ul>")
    parts.append("</div>")
    data = json.dumps(items, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    parts.append(f'<script type="application/json" id="entities">{data}</script>')
    site.page("index.html", "Index", "".join(parts), alternates=False)


def _articles(site: _Site) -> list[str]:
    return sorted(_value(t.subject) for t in site.triples
                  if _value(t.predicate) == _TYPE and _value(t.object) == _ARTICLE)


def write_site(store: GraphStore, root: Path) -> SiteReport:
    """Write the site of ``store`` into ``root`` (created if missing)."""
    from painkg.resources import static_text
    from painkg.views.build import build_view
    from painkg.views.formats import write_view

    root.mkdir(parents=True, exist_ok=True)
    site = _Site(store, root)
    iris = site_iris(site.triples)
    entities, n_entities = _entity_pages(site)
    articles = set(_articles(site))
    sources = {_value(t.subject) for t in site.triples
               if _value(t.predicate) == _TYPE and _value(t.object) == VOCAB + "Source"}
    for iri in sorted(i for i in iris if i.startswith(DATA_BASE) and i not in entities):
        page = page_for(iri)
        assert page is not None
        body = (_article_body(site, iri, page) if iri in articles
                else _source_body(site, iri, page) if iri in sources
                else _generic_body(site, iri, page))
        site.page(page, site.label(iri), body)
        site.data_files(page, site.by_subject.get(iri, []))
    _vocab_page(site, iris)
    _index_page(site, entities)
    for view in VIEWS:
        site.write(f"views/{view}.html", write_view(build_view(store, view), "html"))
        site.pages += 1
    site.write("search.js", static_text("site-search.js"))
    site.write(".htaccess", htaccess_text())
    return SiteReport(pages=site.pages, entities=n_entities, sources=len(sources),
                      articles=len(articles), views=len(VIEWS), iris=len(iris))
