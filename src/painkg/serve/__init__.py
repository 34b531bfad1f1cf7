"""Stage: serving. A read-only, screened SPARQL endpoint.

- ``server``: ``painkg serve``: start the engine and the screening app, stop both cleanly;
- ``screening_app``: the Starlette app in front that screens every query, then forwards it;
- ``engine``: the ``oxigraph serve-read-only`` child process and its replacement after a runaway.
"""

__all__ = ["server", "screening_app", "engine"]
