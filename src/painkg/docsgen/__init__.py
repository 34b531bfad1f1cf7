"""Stage: generated documentation. Written by ``painkg docs``, checked by the tests.

- ``reference``: ``docs/cli.md``, ``docs/queries.md``, ``docs/model.md``
  (the CLI group is handed in);
- ``pictures``: the SVG and Mermaid pictures drawn from the packaged graph.
"""

__all__ = ["reference", "pictures"]
