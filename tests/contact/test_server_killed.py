"""Fault test (reduced size), on the demo's clinical IT support (open around the clock):
the server is killed (SIGKILL, no clean shutdown) while calls wait, and started again.
Every call is still there, in the same order, with its original arrival time, and the
phone platform goes on with it as if nothing happened."""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from tests.cli.test_web_commands import run
from tests.e2e.support import Demo

CALLS = 6


class Server(Demo):
    """`linja demo` on SQLite, and the phone platform's token for it."""

    def __init__(self, data: Path) -> None:
        super().__init__(data)
        self.data = data
        self.token = ""

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        request = urllib.request.Request(
            self.base + "/api/v1/phone" + path, method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )  # fmt: skip
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.loads(answer.read())


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = Server(tmp_path)
    running.start()
    made = run(["token", "create", "--person", "admin", "--name", "telefoni"], tmp_path)
    assert made.returncode == 0, made.stderr
    running.token = made.stdout.strip().splitlines()[-1]
    yield running
    running.stop()


def test_a_killed_server_loses_no_call_and_keeps_their_order(server: Server) -> None:
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(seconds=30)
    arrivals = {}
    for n in range(CALLS):
        at = start + timedelta(seconds=n)
        arrivals[f"phone-k{n}"] = at
        answer = server.call("POST", "/calls", {
            "event_id": f"k{n}-offered", "call_id": f"k{n}", "number": f"+47 9000 000{n}",
            "service": "ikt-klinisk", "at": at.isoformat(),
        })  # fmt: skip
        assert answer["state"] == "waiting", answer
    before = {f"k{n}": server.call("GET", f"/calls/k{n}")["position"] for n in range(CALLS)}
    assert sorted(before.values()) == list(range(1, CALLS + 1))

    server.kill()
    server.start()

    after = {f"k{n}": server.call("GET", f"/calls/k{n}")["position"] for n in range(CALLS)}
    assert after == before  # the same queue, in the same order
    again = server.call("POST", "/calls", {"event_id": "k0-offered", "call_id": "k0",
                                           "service": "ikt-klinisk"})  # fmt: skip
    assert again["repeated"] is True  # the platform's retry after the crash is a no-op
    gone = server.call("POST", "/calls/k1/ended", {"event_id": "k1-ended"})
    assert gone["state"] == "ended"  # and the calls go on
    day = start.astimezone(ZoneInfo("Europe/Oslo")).date()
    days = [(day - timedelta(days=1)).isoformat(), (day + timedelta(days=1)).isoformat()]
    exported = run(["export", "records", "--from", days[0], "--to", days[1]], server.data)
    assert exported.returncode == 0, exported.stderr
    rows = {r["contact_id"]: r for r in csv.DictReader(io.StringIO(exported.stdout))}
    assert set(rows) == set(arrivals)
    for contact, at in arrivals.items():
        assert datetime.fromisoformat(rows[contact]["arrived_at"]) == at
    assert rows["phone-k1"]["ended_at"] and not rows["phone-k1"]["answered_at"]


def test_an_unknown_call_after_the_restart_is_a_clear_404(server: Server) -> None:
    server.kill()
    server.start()
    with pytest.raises(urllib.error.HTTPError) as refused:
        server.call("GET", "/calls/never")
    assert refused.value.code == 404
    assert json.loads(refused.value.read())["error"]["message"].startswith("no call 'never'")
