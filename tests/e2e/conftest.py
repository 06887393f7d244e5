"""The browser every browser test drives: Debian's Chromium through Playwright."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from tests.e2e.support import ARGS, CHROMIUM, Demo, Visit


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright import sync_api

    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: run `make test`, or apt-get install chromium"
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo, served as a newcomer starts it."""
    demo = Demo(tmp_path_factory.mktemp("demo"))
    demo.start()
    try:
        yield demo.base
    finally:
        demo.stop()


@pytest.fixture
def visit(browser: Any, site: str) -> Iterator[Visit]:
    opened = Visit(browser, site)
    yield opened
    opened.close()
    assert opened.outside == [], "nothing may be fetched from outside the site"
    assert opened.errors == []
