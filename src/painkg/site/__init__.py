"""Stage: the static linked-data site (``painkg site``), above the reports, views and
publishing it is made of: entity cards from :mod:`painkg.reports.card`, graph views from
:mod:`painkg.views`, Turtle and JSON-LD from :mod:`painkg.publish.serialize`.

- ``build``: every page, its data files, the index with search and the ``.htaccess``.
"""

__all__ = ["build"]
