"""Programs some tests drive (Graphviz, Chromium, rapper, Virtuoso), found on PATH only.

On a fresh machine a test that needs a missing program is skipped with a reason naming the
Debian package; under ``PAINKG_REQUIRE_TOOLS=1`` (set by .ci/run, which installs them all) the
same absence is a failure, so CI always runs those tests.
"""

from __future__ import annotations

import os
import shutil

import pytest

__all__ = ["REQUIRE_TOOLS", "TOOL_PACKAGES", "require_tool", "tools_required"]

#: The environment variable under which a missing tool (or any skip) fails the run.
REQUIRE_TOOLS = "PAINKG_REQUIRE_TOOLS"

#: Each program the suite drives and the Debian package that ships it.
TOOL_PACKAGES = {
    "dot": "graphviz",
    "chromium": "chromium",
    "chromedriver": "chromium-driver",
    "rapper": "raptor2-utils",
    "virtuoso-t": "virtuoso-opensource",
    "isql-vt": "virtuoso-opensource",
}


def tools_required() -> bool:
    """Whether this run must have every tool (``PAINKG_REQUIRE_TOOLS`` set and not 0)."""
    return os.environ.get(REQUIRE_TOOLS, "") not in ("", "0")


def require_tool(name: str, package: str | None = None) -> str:
    """The path of program ``name`` on PATH; skip the test (or fail it under
    ``PAINKG_REQUIRE_TOOLS=1``) with a reason naming the package when it is absent."""
    found = shutil.which(name)
    if found is not None:
        return found
    reason = f"needs {name}: apt-get install {package or TOOL_PACKAGES[name]}"
    if tools_required():
        pytest.fail(f"{reason} ({REQUIRE_TOOLS} is set, so a missing tool is a failure)",
                    pytrace=False)
    pytest.skip(reason)
