"""The cold baseline of ``painkg query run`` and ``painkg ask``: a plain pyoxigraph script.

    python benchmarks/plain_pyoxigraph.py STORE QUERIES.json

Opens the on-disk store STORE read-only and runs each SPARQL text of QUERIES.json (a JSON
list: the texts painkg sends for the same command, captured by benchmarks/tasks.py), writing
the answers to stdout (TSV for SELECT/ASK, N-Triples for CONSTRUCT). Nothing else is imported,
so the time of a fresh process running it is what a user's own script would pay.
"""

import json
import sys

import pyoxigraph as ox

store = ox.Store.read_only(sys.argv[1])
with open(sys.argv[2], encoding="utf-8") as texts:
    for text in json.load(texts):
        answer = store.query(text)
        if isinstance(answer, ox.QueryTriples):
            sys.stdout.buffer.write(answer.serialize(format=ox.RdfFormat.N_TRIPLES) or b"")
        else:
            sys.stdout.buffer.write(answer.serialize(format=ox.QueryResultsFormat.TSV) or b"")
