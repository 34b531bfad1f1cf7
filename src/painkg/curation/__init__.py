"""Curation as templates: TSV files a curator edits, compiled into the curated Turtle.

``templates`` reads and checks the files (errors name file, line and column), ``build``
compiles an article's folder deterministically into ``data/graph/<slug>.curated.ttl``, and
``gaps`` lists what the article says that the templates have not yet curated or considered.
``reviews`` keeps reviewers' verdicts (``data/reviews/<slug>.tsv``) and compiles them into the
article's review graph; ``revisions`` compares two revisions of an article, ``consequences``
says what the changes break in the templates and reviews, and ``migrate`` carries them over.
"""

from painkg.curation.build import build, build_all, curation_slugs, stale_layers
from painkg.curation.consequences import diff_checkout
from painkg.curation.migrate import migrate
from painkg.curation.reviews import add_review, build_reviews, remove_review
from painkg.curation.templates import TemplateError

__all__ = ["build", "build_all", "curation_slugs", "stale_layers", "TemplateError",
           "add_review", "remove_review", "build_reviews", "diff_checkout", "migrate"]
