"""One headless Chromium for the tests that open pages (the HTML view, the query page, the
site): a fresh profile, no network of its own, driven by chromedriver through Selenium.
Missing Chromium or chromedriver skips with the Debian package to install (and fails under
PAINKG_REQUIRE_TOOLS=1, see support.tools)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from support.tools import require_tool

__all__ = ["FLAGS", "chromium"]

#: Headless, sandbox off (CI runs as root), and every background request Chromium makes on
#: its own switched off, so that "no network request" checks see only the page's.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage"]


@contextmanager
def chromium(width: int, height: int, *, performance_log: bool = False) -> Iterator[object]:
    """A real headless Chromium at ``width`` x ``height``; with ``performance_log`` its
    network log can be read (``driver.get_log("performance")``)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    binary, driver_path = require_tool("chromium"), require_tool("chromedriver")
    profile = tempfile.mkdtemp(prefix="painkg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in [*FLAGS, f"--window-size={width},{height}", f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    if performance_log:
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
