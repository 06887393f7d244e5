from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def fresh_router() -> Iterator[None]:
    """Each test's router starts from its own (empty) log."""
    from linja.contact.service import SERVICE

    SERVICE.reset()
    yield
    SERVICE.reset()
