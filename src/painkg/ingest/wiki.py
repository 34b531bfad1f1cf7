"""Ingesting a wiki: a folder of article exports, one TriG file per article.

Each article becomes ``<slug>.document.trig`` holding its own graph ``pkr:graph/<slug>`` and
the description of the works it cites in the shared graph ``pkr:graph/sources``; a work
cited by several articles is one node (:mod:`painkg.ingest.sourceids`). Every article is read
before anything is written, so one malformed article stops the run with its file and line
and leaves every earlier output as it was. Files whose bytes would not change are not
rewritten: re-ingesting the wiki after editing one article rewrites that article's file only
(unless the edit changes a work other articles share, whose description they all carry).

Per-article validation with a cache lives in :mod:`painkg.validation.wiki`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from painkg.errors import InputError
from painkg.ingest.idregister import REGISTER_NAME, IdRegister

if TYPE_CHECKING:
    from painkg.ingest.article import Article

__all__ = ["ARTICLE_SUFFIX", "DOCUMENT_SUFFIX", "RESERVED_SLUGS", "WikiArticle", "Wiki",
           "OutputPlan", "plan_output", "read_register",
           "WriteReport", "find_articles", "read_wiki", "write_wiki", "document_name"]

#: Article exports are plain-text files.
ARTICLE_SUFFIX = ".txt"
#: ``<slug>.document.trig``: the file name of an article's generated document layer.
DOCUMENT_SUFFIX = ".document.trig"
#: Graph names painkg uses for things that are not articles; no article may take them.
RESERVED_SLUGS = frozenset({"ontology", "sources", "shapes", "description", "concept-scheme",
                            "evidence-summaries"})

Progress = Callable[[int], None]


@dataclass(frozen=True)
class WikiArticle:
    """One article of the wiki: where it was read from and its document layer's text."""

    path: Path
    article: Article
    text: str

    @property
    def slug(self) -> str:
        return self.article.slug

    @property
    def filename(self) -> str:
        return document_name(self.article.slug)


@dataclass
class Wiki:
    """The articles read together (sorted by slug) and what ingest has to say about them."""

    articles: list[WikiArticle] = field(default_factory=list)
    #: Source disagreements across articles (tiers, shared author-year keys), for stderr.
    warnings: list[str] = field(default_factory=list)
    #: The IRIs on record and those this read minted (appended by :func:`write_wiki`).
    register: IdRegister = field(default_factory=IdRegister)


@dataclass(frozen=True)
class WriteReport:
    """Which document files :func:`write_wiki` replaced and which already held its bytes."""

    written: list[Path]
    unchanged: list[Path]


def document_name(slug: str) -> str:
    """``<slug>.document.trig``."""
    return slug + DOCUMENT_SUFFIX


def find_articles(paths: Iterable[str | Path]) -> list[Path]:
    """Article files named directly, and ``*.txt`` files in named folders (recursively)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*" + ARTICLE_SUFFIX) if p.is_file()))
        elif path.is_file():
            found.append(path)
        else:
            raise InputError("no such file or folder", path=str(path))
    unique = list(dict.fromkeys(found))
    if not unique:
        raise InputError(f"holds no article exports ({ARTICLE_SUFFIX})",
                         path=", ".join(str(p) for p in paths))
    return unique


def read_wiki(paths: Iterable[str | Path], fmt: str = "trig",
              progress: Progress | None = None, register: IdRegister | None = None) -> Wiki:
    """Read every article, mint the shared sources across them, render each document layer.

    IRIs on ``register`` are kept (:mod:`painkg.ingest.idregister`); those minted now are
    left in ``wiki.register.new`` for :func:`write_wiki` to append.

    Raises InputError naming the file and line of the first malformed article (in path
    order), or the two files of a slug clash, before anything is rendered.
    """
    from painkg.ingest.article import read_article
    from painkg.ingest.document import ingest_text
    from painkg.ingest.sourceids import mint_sources, source_warnings

    files = find_articles(paths)
    articles: dict[str, tuple[Path, Article]] = {}
    for path in files:
        article = read_article(path)
        if article.slug in RESERVED_SLUGS:
            raise InputError(f"the title {article.title!r} gives the slug {article.slug!r}, "
                             "which names one of painkg's own graphs; retitle the article.",
                             path=str(path))
        if article.slug in articles:
            raise InputError(
                f"has the same title as {articles[article.slug][0]} (slug {article.slug!r}); "
                "two articles of one wiki need different titles.", path=str(path))
        articles[article.slug] = (path, article)
        if progress is not None:
            progress(1)
    register = register if register is not None else IdRegister()
    shared = mint_sources(((a.slug, e) for _, a in articles.values() for e in a.sources),
                          register)
    wiki = Wiki(warnings=source_warnings(shared.values()), register=register)
    for slug in sorted(articles):
        path, article = articles[slug]
        mine = {e.number: shared[(slug, e.number)] for e in article.sources}
        wiki.articles.append(WikiArticle(path, article,
                                         ingest_text(article, fmt, mine, register)))
    return wiki


@dataclass(frozen=True)
class OutputPlan:
    """Where ``painkg ingest`` writes: one file (or stdout) in ``fmt``, or a folder of TriG."""

    folder: bool
    fmt: str


def plan_output(
    files: list[Path], named: Iterable[str | Path], output: str | Path | None, fmt: str | None,
) -> OutputPlan:
    """One article goes to stdout or a file (format from ``fmt``, else ``output``'s extension);
    several, or a folder of them, go to a folder ``output`` as TriG. A folder output that
    looks like a file name (``x.trig``), or is a file, is a UsageError (exit 2)."""
    from painkg.atomic import EXTENSION_FORMATS, format_for_output
    from painkg.errors import UsageError

    target = None if output is None else Path(output)
    folder = len(files) > 1 or any(Path(p).is_dir() for p in named) or (
        target is not None and (target.is_dir() or str(output).endswith("/")))
    if not folder:
        return OutputPlan(False, format_for_output(fmt, output, ("trig", "turtle"), "trig"))
    if target is None or str(output) == "-":
        raise UsageError("Several articles (or a folder) are written one file per article: "
                         "name the folder with -o DIR.")
    if target.exists() and not target.is_dir():
        raise UsageError(f"{output} is a file; several articles are written one file per "
                         f"article into a folder: name a folder with -o DIR.")
    if not target.exists() and target.suffix.lower() in EXTENSION_FORMATS:
        raise UsageError(f"{output} names a file ({target.suffix}), but several articles are "
                         f"written one file per article into a folder: name a folder with "
                         f"-o DIR (it is created).")
    if fmt is not None and fmt.lower() != "trig":
        raise UsageError("A wiki is written as TriG (-f trig): single-graph Turtle cannot keep "
                         "the works articles share in one graph.")
    return OutputPlan(True, "trig")


def read_register(out_dir: str | Path) -> IdRegister:
    """The ID register of the graph folder ``out_dir`` (``ids.tsv``; empty if none yet)."""
    return IdRegister.read(Path(out_dir) / REGISTER_NAME)


def write_wiki(wiki: Wiki, out_dir: str | Path) -> WriteReport:
    """Write each article's document layer into ``out_dir``, atomically, skipping files that
    already hold the same bytes; then append the IRIs minted by this read to the folder's
    ID register (``ids.tsv``, only ever appended to)."""
    from painkg.atomic import write_bytes_atomic
    from painkg.errors import OutputError, UsageError

    target = Path(out_dir)
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} is a file; -o for a folder of articles names a folder.")
    written: list[Path] = []
    unchanged: list[Path] = []
    for item in wiki.articles:
        path = target / item.filename
        data = item.text.encode("utf-8")
        if path.is_file() and path.read_bytes() == data:
            unchanged.append(path)
            continue
        try:
            write_bytes_atomic(path, data)
        except OSError as exc:
            raise OutputError(f"Cannot write {path}: {exc.strerror or exc}.") from exc
        written.append(path)
    try:
        wiki.register.append_to(target / REGISTER_NAME)
    except OSError as exc:
        raise OutputError(f"Cannot append to {target / REGISTER_NAME}: "
                          f"{exc.strerror or exc}.") from exc
    return WriteReport(written, unchanged)
