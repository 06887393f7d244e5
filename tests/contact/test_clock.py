"""The clock asks the routing service for its due timers again and again, in the
background, and a failing round does not stop it."""

from __future__ import annotations

import threading

import pytest

from linja.contact import clock
from linja.contact.service import SERVICE


def test_the_clock_ticks_until_stopped_and_survives_a_failure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rounds: list[int] = []
    enough = threading.Event()

    def tick() -> list[object]:
        rounds.append(1)
        if len(rounds) == 1:
            raise RuntimeError("the database went away for a moment")
        if len(rounds) >= 3:
            enough.set()
        return []

    monkeypatch.setattr(SERVICE, "tick", tick)
    monkeypatch.setattr(clock, "EVERY_SECONDS", 0.01)
    monkeypatch.setattr(clock, "close_old_connections", lambda: None)
    stop = clock.start()
    try:
        assert enough.wait(5), "the clock stopped after the failing round"
    finally:
        stop.set()
    done = len(rounds)
    threading.Event().wait(0.05)
    assert len(rounds) <= done + 1  # stopped (at most the round under way)
