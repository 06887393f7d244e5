"""Two server processes on one PostgreSQL database (and Redis between them): an event the
platform sends to both at once is taken once; calls that arrive at both at the same
instant are never offered to one agent twice, nor one call to two agents; a server killed
mid-load (SIGKILL) and started again loses nothing — every call is still there with its
original arrival time (docs/architecture.md)."""

from __future__ import annotations

import csv
import io
import itertools
import json
import subprocess
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from tests.cli.test_web_commands import LINJA
from tests.e2e.support import Demo

PG = "postgres://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379/5"
ROUNDS = 6
AGENTS = ("brukarstotte", "brukarstotte2")


def send(
    server: Demo, token: str, method: str, path: str, body: dict[str, Any] | None = None
) -> Any:
    request = urllib.request.Request(
        server.base + "/api/v1" + path, method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=20) as answer:
        return json.loads(answer.read())


@pytest.fixture
def installation(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """A fresh PostgreSQL database with the demo, served by two processes."""
    name = f"linja_two_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    extra = {"DATABASE_URL": f"{PG}/{name}", "REDIS_URL": REDIS}
    first, second = Demo(tmp_path, "demo", extra), Demo(tmp_path, "serve", extra)
    env = first.env
    try:
        first.start()  # migrates and loads the demo
        second.start()
        tokens = {}
        for person in ("admin", *AGENTS):
            made = subprocess.run([*LINJA, "token", "create", "--person", person, "--name", "t"],
                                  env=env, capture_output=True, text=True, check=True)  # fmt: skip
            tokens[person] = made.stdout.strip().splitlines()[-1]
        yield {"servers": (first, second), "tokens": tokens, "env": env}
    finally:
        first.stop()
        second.stop()
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_two_servers_never_offer_twice_and_a_killed_one_loses_nothing(
    installation: dict[str, Any],
) -> None:
    a, b = installation["servers"]
    tokens = installation["tokens"]
    found = send(a, tokens["admin"], "GET", "/people/?limit=500")["items"]
    people = {p["username"]: p["id"] for p in found}
    send(a, tokens["admin"], "PUT", f"/queues/ikt-klinisk/members/{people['brukarstotte2']}",
           {"level": 1})  # fmt: skip

    def to_both(path: str, body: dict[str, Any]) -> list[Any]:
        with ThreadPoolExecutor(2) as pool:  # the platform sends one event to both at once
            return list(pool.map(lambda s: send(s, tokens["admin"], "POST", path, body), (a, b)))

    for n in range(ROUNDS):
        answers = to_both("/phone/calls", {"event_id": f"d{n}-offered", "call_id": f"d{n}",
                                           "service": "ikt-klinisk"})  # fmt: skip
        assert sorted(x["repeated"] for x in answers) == [False, True], answers
        assert {x["state"] for x in answers} == {"waiting"}  # nobody is ready yet
        answers = to_both(f"/phone/calls/d{n}/ended", {"event_id": f"d{n}-ended"})
        assert sorted(x["repeated"] for x in answers) == [False, True], answers
    for server, agent in zip((a, b), AGENTS, strict=True):
        send(server, tokens[agent], "POST", "/agent/login")
        assert send(server, tokens[agent], "POST", "/agent/ready")["state"] == "ready"
    arrivals: dict[str, datetime] = {}

    def call(server: Demo, name: str) -> Any:
        at = datetime.now(UTC).replace(microsecond=0)
        arrivals[f"phone-{name}"] = at
        return send(server, tokens["admin"], "POST", "/phone/calls", {
            "event_id": f"{name}-offered", "call_id": name, "service": "ikt-klinisk",
            "at": at.isoformat()})  # fmt: skip

    with ThreadPoolExecutor(2) as pool:
        for n in range(ROUNDS):
            if n == ROUNDS // 2:  # mid-load: kill one server, calls go on at the other
                b.kill()
                answer = call(a, f"r{n}-alone")
                assert answer["state"] == "offered"
                agent = answer["ring"]
                send(a, tokens[agent], "POST", f"/agent/contacts/phone-r{n}-alone/accept")
                send(a, tokens[agent], "POST", f"/agent/contacts/phone-r{n}-alone/end")
                b.start()
            names = (f"r{n}-a", f"r{n}-b")
            answers = list(pool.map(call, (a, b), names))  # at the same instant
            rung = [x["ring"] for x in answers]
            assert all(x["state"] == "offered" for x in answers), answers
            assert sorted(rung) == sorted(AGENTS), f"round {n}: {rung}"  # one call each
            for name, agent in zip(names, rung, strict=True):
                server = b if agent == AGENTS[0] else a  # answered through the other server
                send(server, tokens[agent], "POST", f"/agent/contacts/phone-{name}/accept")
            for name, agent in zip(names, rung, strict=True):
                done = send(a, tokens[agent], "POST", f"/agent/contacts/phone-{name}/end")
                assert done["state"] == "ready", done  # ikt-klinisk has no wrap-up time

    today = datetime.now().date()
    days = [(today - timedelta(days=1)).isoformat(), (today + timedelta(days=1)).isoformat()]
    exported = subprocess.run([*LINJA, "export", "records", "--from", days[0], "--to", days[1]],
                              env=installation["env"], capture_output=True, text=True,
                              check=False)  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    sent_twice = [r for r in rows if r["contact_id"].startswith("phone-d")]
    assert len(sent_twice) == ROUNDS  # each once, abandoned
    assert all(r["ended_at"] and not r["answered_at"] for r in sent_twice)
    rows = [r for r in rows if r not in sent_twice]
    assert {r["contact_id"] for r in rows} == set(arrivals)  # every call accounted for
    for r in rows:  # with its original arrival time
        assert datetime.fromisoformat(r["arrived_at"]) == arrivals[r["contact_id"]]
    assert all(r["answered_at"] and r["ended_at"] and r["agent"] in AGENTS for r in rows)
    for agent in AGENTS:  # never two contacts at once
        spans = sorted((r["answered_at"], r["ended_at"]) for r in rows if r["agent"] == agent)
        assert all(end <= nxt for (_s, end), (nxt, _e) in itertools.pairwise(spans))
