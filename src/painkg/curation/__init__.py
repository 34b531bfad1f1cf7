"""Curation as templates: TSV files a curator edits, compiled into the curated Turtle.

``templates`` reads and checks the files (errors name file, line and column), ``build``
compiles an article's folder deterministically into ``data/graph/<slug>.curated.ttl``, and
``gaps`` lists what the article says that the templates have not yet curated or considered.
"""

from painkg.curation.build import build, build_all, curation_slugs, stale_layers
from painkg.curation.templates import TemplateError

__all__ = ["build", "build_all", "curation_slugs", "stale_layers", "TemplateError"]
