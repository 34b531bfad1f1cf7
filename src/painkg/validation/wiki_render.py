"""Rendering per-article validation reports (:mod:`painkg.validation.wiki`) as text or JSON.

Text gives one summary line per article (verdict, counts, whether the cache answered), then
the full results of each article that does not conform, in ``painkg validate``'s layout.
JSON gives every article with its files, cache key, cache flag and ``painkg validate -f
json``'s payload. Both are deterministic: articles sorted by name, results sorted.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from painkg.plural import counted

if TYPE_CHECKING:
    from painkg.validation.wiki import ArticleReport

__all__ = ["WIKI_FORMATS", "render_articles", "summary_line"]

WIKI_FORMATS = ("text", "json")


def summary_line(item: ArticleReport, fail_on: str = "violation", width: int = 0) -> str:
    """``<name>  conforms|does not conform  (counts; cached|validated)``."""
    counts = item.report.counts()
    verdict = "conforms" if item.conforms(fail_on) else "does not conform"
    origin = "cached" if item.cached else "validated"
    return (f"{item.name:<{width}}  {verdict:<16}  {counted(counts['violation'], 'violation')}, "
            f"{counted(counts['warning'], 'warning')}, {counts['info']} info; {origin}")


def _text(reports: Sequence[ArticleReport], fail_on: str) -> str:
    from painkg.validation.render import render_text

    width = max((len(r.name) for r in reports), default=0)
    lines = [summary_line(r, fail_on, width) for r in reports]
    for item in reports:
        if not item.conforms(fail_on):
            lines += ["", f"== {item.name} ({', '.join(p.name for p in item.files)}) ==",
                      render_text(item.report, fail_on).rstrip("\n")]
    failing = sum(1 for r in reports if not r.conforms(fail_on))
    cached = sum(1 for r in reports if r.cached)
    lines += ["", f"{counted(len(reports), 'article')}: {len(reports) - failing} conform, "
              f"{failing} do "
              f"not (failing on {fail_on}); {cached} from the cache, "
              f"{len(reports) - cached} validated."]
    return "\n".join(lines) + "\n"


def _json(reports: Sequence[ArticleReport], fail_on: str) -> str:
    from painkg.validation.render import render_json

    payload = {
        "fail_on": fail_on,
        "conforms": all(r.conforms(fail_on) for r in reports),
        "articles": [
            {"name": r.name, "files": [str(p) for p in r.files], "key": r.key,
             "cached": r.cached, **json.loads(render_json(r.report, fail_on))}
            for r in reports
        ],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def render_articles(reports: Sequence[ArticleReport], fmt: str = "text",
                    fail_on: str = "violation") -> str:
    """Per-article reports as ``text`` or ``json``."""
    if fmt == "json":
        return _json(reports, fail_on)
    return _text(reports, fail_on)
