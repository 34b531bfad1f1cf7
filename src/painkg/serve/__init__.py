"""Stage: serving. A read-only, screened SPARQL endpoint.

- ``server``: ``painkg serve``: start the engine and the screening app, stop both cleanly;
- ``screening_app``: the Starlette app in front that screens every query, then forwards it;
- ``engine``: the ``oxigraph serve-read-only`` child process and its replacement after a runaway;
- ``query_page``: the query page (example gallery, editor, results table, shareable links),
  its static files and CORS, in front of the screening app;
- ``service_description``: the SPARQL 1.1 Service Description returned at the endpoint URL.
"""

__all__ = ["server", "screening_app", "engine", "query_page", "service_description"]
