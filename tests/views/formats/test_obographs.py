"""painkg.views.formats.obographs through `painkg export VIEW -f obographs`: OBO Graphs JSON
for OAK and ROBOT (issue 18). OAK itself is not installed offline; the checks below are the
OBO Graphs JSON model's own rules."""

from __future__ import annotations

import json
from collections.abc import Callable

from click.testing import Result

PK = "https://w3id.org/painkg/vocab#"
PKR = "https://w3id.org/painkg/id/"


def test_obographs_full_view(invoke: Callable[..., Result]) -> None:
    result = invoke("export", "full", "-f", "obographs")
    assert result.exit_code == 0, result.output
    (graph,) = json.loads(result.stdout)["graphs"]
    nodes = {n["id"]: n for n in graph["nodes"]}
    assert all(n["type"] in ("CLASS", "INDIVIDUAL") and n["lbl"] for n in nodes.values())
    assert all(set(e) == {"sub", "pred", "obj"} for e in graph["edges"])
    assert all(e["sub"] in nodes and e["obj"] in nodes for e in graph["edges"])
    kinesiophobia = nodes[PKR + "kinesiophobia"]
    assert kinesiophobia["type"] == "CLASS"
    assert {"pred": "hasExactSynonym", "val": "fear of movement"} in \
        kinesiophobia["meta"]["synonyms"]
    assert {"sub": PKR + "graded-exposure", "pred": PK + "targets",
            "obj": PKR + "kinesiophobia"} in graph["edges"]
    again = invoke("export", "full", "-f", "obographs")
    assert again.stdout_bytes == result.stdout_bytes
