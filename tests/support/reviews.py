"""A throwaway copy of the real checkout (ontology, queries, the shipped article, its templates
and graphs) for review and revision tests, and revised copies of the shipped article."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

REPO = Path(__file__).resolve().parents[2]  # tests/support/reviews.py -> the checkout
SLUG = "central-sensitization"
ARTICLE = REPO / "data" / "articles" / f"{SLUG}.txt"
#: The T1 SMART-table row behind "graded exposure targets kinesiophobia" (source 3).
SMART_CLAIM = "pkc:treatment-plan-suggestions-smart-objectives-0e376ab7"
#: The other claim stating it (LLM): "… it is a primary target for graded exposure."
LLM_CLAIM = "pkc:problems-for-work-a85c7856"

#: The revision the acceptance asks for: one sentence reworded, one marker LLM -> [3], one
#: sentence removed, one source re-tiered (old text, new text).
REWORDED = ("The practical consequence is that the relationship between an incoming stimulus "
            "and the resulting pain becomes uncoupled, so pain is no longer a faithful readout "
            "of tissue damage 3.",
            "The practical consequence is that the link between an incoming stimulus and the "
            "resulting pain becomes uncoupled, so pain is no longer a reliable readout of tissue "
            "damage 3.")
RESOURCED = ("Central sensitization is a neurophysiological construct rather than a therapy, a "
             "diagnosis, or a discrete syndrome LLM.",
             "Central sensitization is a neurophysiological construct rather than a therapy, a "
             "diagnosis, or a discrete syndrome 3.")
REMOVED = ("The neurophysiological evidence base is mature and well-established LLM. ", "")
RETIERED = ("Physiopedia. Central Sensitisation. — linkT3",
            "Physiopedia. Central Sensitisation. — linkT2")
ACCEPTANCE_EDITS = (REWORDED, RESOURCED, REMOVED, RETIERED)


def make_checkout(root: Path) -> Path:
    """Copy what painkg reads into ``root`` laid out as a checkout (no tests, no docs)."""
    for name in ("ontology", "queries"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    (root / "data").mkdir()
    for name in ("articles", "curation", "graph"):
        shutil.copytree(REPO / "data" / name, root / "data" / name)
    if (REPO / "data" / "reviews").is_dir():
        shutil.copytree(REPO / "data" / "reviews", root / "data" / "reviews")
    for path in (REPO / "data").glob("*.*"):
        shutil.copy(path, root / "data" / path.name)
    return root


def revise(target: Path, *edits: tuple[str, str], source: Path = ARTICLE) -> Path:
    """A copy of the article with each (old, new) text replaced exactly once."""
    text = source.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, f"the edit's old text occurs {text.count(old)} times: {old}"
        text = text.replace(old, new)
    target.write_text(text, encoding="utf-8")
    return target


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under data/ by path, to show that nothing was written."""
    return {str(p.relative_to(root)): p.read_bytes()
            for p in sorted((root / "data").rglob("*")) if p.is_file()}


def graded_route(invoke: Callable[..., Result], *extra: str) -> dict[str, object] | None:
    """The direct graded-exposure route of ``ask interventions --problem kinesiophobia``."""
    result = invoke("ask", "interventions", "--problem", "kinesiophobia", "-f", "json", *extra)
    assert result.exit_code == 0, result.output
    graded = "https://w3id.org/painkg/id/graded-exposure"
    routes = [r for r in json.loads(result.stdout) if r["iri"] == graded and r["via"] == "direct"]
    return routes[0] if routes else None
