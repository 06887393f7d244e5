"""`linja loadgen`: drive a running Linja through its public APIs with the callers of a
simulator scenario, and with bot agents, then measure it from the server's own records.

The load generator plays the telephony platform: it offers each call to the phone adapter
API (docs/telephony.md), asks where a waiting call is to go, rings the agent Linja names
and reports them answered at once (the bots answer their phones), ends the call after the
caller's handle time, and hangs up a caller whose patience runs out. The callers — when
they arrive, how long they talk, how long they wait — are drawn from the scenario as the
simulator draws them. The bots are agents made through /api/v1/loadtest/bots, logged in
and ready through the agent API; the queues' own rules (wrap-up, overflow) do the rest.

The indicators come from the records the server exports (/api/v1/records), by
:mod:`linja.engine.kpi` — so a load-generated run can be set beside `linja simulate` on the
same scenario.
"""

from __future__ import annotations

import functools
import heapq
import math
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import requests

from linja.engine.kpi import INDICATORS, compute
from linja.engine.records import read_records
from linja.engine.sim.distributions import arrival_times, sample
from linja.engine.sim.model import Scenario
from linja.engine.sim.output import GROUPING, targets_of
from linja.errors import LinjaError

POLL_SECONDS = 1.0  # how often the platform asks where a waiting call is to go (telephony.md)
WORKERS = 48  # requests in flight at once


@dataclass(frozen=True)
class Caller:
    at: float  # seconds after the start of the run
    queue: str
    handle: float
    patience: float  # inf: never hangs up


def plan(scenario: Scenario, minutes: float, seed: int) -> list[Caller]:
    """The callers of the scenario's first ``minutes``, drawn as the simulator draws them."""
    rng = np.random.default_rng([seed, 0])
    t0 = scenario.start.timestamp()
    end = t0 + min(minutes * 60.0, scenario.hours * 3600.0)
    callers = []
    for q in scenario.queues:
        times = arrival_times(q.arrivals, t0, end, rng, scenario.timezone)
        handle = sample(q.handle, rng, len(times))
        patience = (sample(q.patience, rng, len(times)) if q.patience is not None
                    else np.full(len(times), math.inf))  # fmt: skip
        callers += [Caller(float(t - t0), q.rules.id, float(h), float(p))
                    for t, h, p in zip(times, handle, patience, strict=True)]  # fmt: skip
    return sorted(callers, key=lambda c: c.at)


@dataclass
class Call:
    caller: Caller
    call_id: str
    server: int = 0
    state: str = "new"
    sent: float = 0.0
    latency_ms: float | None = None
    steps: int = 0


@dataclass
class Stats:
    calls: list[Call] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class Client:
    """HTTP to the servers (several processes of one installation), one session per
    thread (kept alive)."""

    def __init__(self, urls: list[str], token: str) -> None:
        self.urls = [u.rstrip("/") + "/api/v1" for u in urls]
        self.url = self.urls[0]
        self.token = token
        self._local = threading.local()

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session

    def send(self, method: str, path: str, body: Any = None, token: str | None = None,
             ok: tuple[int, ...] = (200, 201), server: int = 0) -> requests.Response:  # fmt: skip
        headers = {"Authorization": f"Bearer {token or self.token}"}
        url = self.urls[server % len(self.urls)]
        try:
            answer = self._session().request(method, url + path, json=body,
                                             headers=headers, timeout=30)  # fmt: skip
        except requests.RequestException as exc:
            raise LinjaError(f"{method} {url}{path}: {exc}") from None
        if answer.status_code not in ok:
            try:
                message = answer.json()["error"]["message"]
            except (ValueError, KeyError, TypeError):
                message = answer.text[:200]
            raise LinjaError(f"{method} {path}: {answer.status_code} {message}")
        return answer


class Schedule:
    """Things to do at instants (seconds of the run), done by a pool of threads."""

    def __init__(self, workers: int) -> None:
        self._heap: list[tuple[float, int, Callable[[], None]]] = []
        self._seq = 0
        self._cond = threading.Condition()
        self._pending = 0
        self.pool = ThreadPoolExecutor(workers)
        self.start = time.monotonic()

    def now(self) -> float:
        return time.monotonic() - self.start

    def at(self, when: float, run: Callable[[], None]) -> None:
        with self._cond:
            self._seq += 1
            self._pending += 1
            heapq.heappush(self._heap, (when, self._seq, run))
            self._cond.notify()

    def _done(self) -> None:
        with self._cond:
            self._pending -= 1
            self._cond.notify()

    def run_until_idle(self, deadline: float) -> bool:
        """Do everything scheduled until nothing is left (True) or ``deadline`` (False)."""
        while True:
            with self._cond:
                if self._pending == 0:
                    return True
                if self.now() > deadline:
                    return False
                if not self._heap or self._heap[0][0] > self.now():
                    wait = self._heap[0][0] - self.now() if self._heap else 0.05
                    self._cond.wait(timeout=max(0.0, min(wait, 0.05)))
                    continue
                _when, _seq, job = heapq.heappop(self._heap)

            def work(job: Callable[[], None] = job) -> None:
                try:
                    job()
                finally:
                    self._done()

            self.pool.submit(work)


class LoadRun:
    def __init__(self, client: Client, scenario: Scenario, minutes: float, seed: int) -> None:
        self.client, self.scenario, self.minutes, self.seed = client, scenario, minutes, seed
        self.tag = f"lg{uuid.uuid4().hex[:6]}"
        self.stats = Stats()
        self.bots: list[tuple[str, str]] = []
        self.lock = threading.Lock()

    # -- bots
    def bring_bots(self) -> None:
        for group in self.scenario.agents:
            made = self.client.send("POST", "/loadtest/bots", {
                "group": group.group.lower().replace("_", "-")[:30], "count": group.count,
                "skills": dict(group.skills)}).json()  # fmt: skip
            self.bots += [(b["username"], b["token"]) for b in made]
        with ThreadPoolExecutor(WORKERS) as pool:
            list(pool.map(self._ready, range(len(self.bots)), self.bots))

    def _ready(self, n: int, bot: tuple[str, str]) -> None:
        _name, token = bot
        state = self.client.send("GET", "/agent/", token=token, server=n).json()["state"]
        if state == "logged_out":
            self.client.send("POST", "/agent/login", token=token, server=n)
        if state != "ready":
            self.client.send("POST", "/agent/ready", token=token, ok=(200, 409), server=n)

    def send_bots_home(self) -> None:
        with ThreadPoolExecutor(WORKERS) as pool:
            list(pool.map(lambda b: self.client.send("POST", "/agent/logout", token=b[1],
                                                     ok=(200, 409)), self.bots))  # fmt: skip

    # -- callers
    def drive(self, callers: list[Caller], grace: float) -> None:
        schedule = Schedule(WORKERS)
        for n, caller in enumerate(callers):
            call = Call(caller, f"{self.tag}-{n}", n)
            self.stats.calls.append(call)
            schedule.at(caller.at, functools.partial(self._arrive, call, schedule))
        last = callers[-1].at if callers else 0.0
        finished = schedule.run_until_idle(last + grace)
        schedule.pool.shutdown(wait=True, cancel_futures=not finished)

    def _step(self, call: Call, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        call.steps += 1
        method = "GET" if body is None else "POST"
        if body is not None:
            body = {"event_id": f"{call.call_id}-{call.steps}", **body}
        answer: dict[str, Any] = self.client.send(method, path, body, ok=(200, 201, 409),
                                                  server=call.server).json()  # fmt: skip
        return answer

    def _arrive(self, call: Call, schedule: Schedule) -> None:
        call.sent = time.monotonic()
        try:
            answer = self._step(call, "/phone/calls", {"call_id": call.call_id,
                                                      "service": call.caller.queue})  # fmt: skip
        except LinjaError as exc:
            self._error(call, exc)
            return
        if answer.get("state") == "offered":
            call.latency_ms = (time.monotonic() - call.sent) * 1000.0
        self._then(call, answer, schedule, arrived=schedule.now())

    def _then(self, call: Call, answer: dict[str, Any], schedule: Schedule,
              arrived: float) -> None:  # fmt: skip
        state = answer.get("state")
        call.state = str(state)
        if state == "offered" and answer.get("ring"):
            agent = answer["ring"]
            schedule.at(schedule.now(), lambda: self._answer(call, agent, schedule, arrived))
        elif state in ("waiting", "menu"):
            give_up = arrived + call.caller.patience
            if schedule.now() >= give_up:
                schedule.at(schedule.now(), lambda: self._hang_up(call))
            else:
                nxt = min(schedule.now() + POLL_SECONDS, give_up)
                schedule.at(nxt, lambda: self._poll(call, schedule, arrived))

    def _poll(self, call: Call, schedule: Schedule, arrived: float) -> None:
        try:
            answer = self._step(call, f"/phone/calls/{call.call_id}")
        except LinjaError as exc:
            self._error(call, exc)
            return
        if answer.get("state") in ("waiting", "menu") and schedule.now() >= (
            arrived + call.caller.patience
        ):
            self._hang_up(call)
            return
        self._then(call, answer, schedule, arrived)

    def _answer(self, call: Call, agent: str, schedule: Schedule, arrived: float) -> None:
        try:
            answer = self._step(call, f"/phone/calls/{call.call_id}/answered", {"agent": agent})
        except LinjaError as exc:
            self._error(call, exc)
            return
        if answer.get("state") == "answered":
            call.state = "answered"
            schedule.at(schedule.now() + call.caller.handle, lambda: self._hang_up(call))
        else:  # refused (409): the offer timed out meanwhile; ask where the call is now
            schedule.at(schedule.now(), lambda: self._poll(call, schedule, arrived))

    def _hang_up(self, call: Call) -> None:
        try:
            answer = self._step(call, f"/phone/calls/{call.call_id}/ended", {})
            call.state = str(answer.get("state"))
        except LinjaError as exc:
            self._error(call, exc)

    def _error(self, call: Call, exc: LinjaError) -> None:
        with self.lock:
            self.stats.errors.append(f"{call.call_id}: {exc}")
        call.state = "error"

    # -- the server's own records
    def records(self, since: datetime) -> pl.DataFrame:
        first = (since - timedelta(days=1)).date().isoformat()
        last = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
        text = self.client.send("GET", f"/records?from={first}&to={last}").content.decode()
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "records.csv"
            path.write_text(text, encoding="utf-8")
            frame = read_records([path]).frame
        return frame.filter(pl.col("contact_id").str.starts_with(f"phone-{self.tag}-"))


def percentile(values: list[float], q: float) -> float | None:
    return float(np.percentile(values, q)) if values else None


def run(urls: list[str], token: str, scenario: Scenario, minutes: float, seed: int = 1,
        grace_seconds: float | None = None) -> dict[str, Any]:  # fmt: skip
    """One load-generated run: ``{"rows": [...], "meta": {...}}`` as `linja simulate`.
    With several ``urls`` (processes of one installation) the calls and the bots take
    turns among them."""
    client = Client(urls, token)
    load = LoadRun(client, scenario, minutes, seed)
    callers = plan(scenario, minutes, seed)
    began = datetime.now(UTC)
    wall = time.monotonic()
    load.bring_bots()
    longest = max((c.handle + min(c.patience, 3600.0) for c in callers), default=0.0)
    load.drive(callers, grace_seconds if grace_seconds is not None else longest + 120.0)
    load.send_bots_home()
    frame = load.records(began)
    sent = {f"phone-{c.call_id}" for c in load.stats.calls}
    missing = sorted(sent - set(frame["contact_id"].to_list()))
    lost = len(missing)
    states = {f"phone-{c.call_id}": c.state for c in load.stats.calls}
    table = compute(frame, GROUPING, targets_of(scenario)) if len(frame) else None
    rows = [] if table is None else [
        {k: row[k] for k in ("queue", "unit", *INDICATORS)} for row in table.iter_rows(named=True)
    ]  # fmt: skip
    latencies = [c.latency_ms for c in load.stats.calls if c.latency_ms is not None]
    meta = {
        "scenario": scenario.name, "minutes": minutes, "seed": seed, "bots": len(load.bots),
        "servers": len(urls),
        "contacts": len(sent), "lost": lost, "errors": len(load.stats.errors),
        "offered_on_arrival": len(latencies),
        "offer_latency_ms_p50": percentile(latencies, 50),
        "offer_latency_ms_p99": percentile(latencies, 99),
        "wall_seconds": round(time.monotonic() - wall, 1),
        "first_errors": load.stats.errors[:5],
        "first_lost": [f"{m} ({states[m]})" for m in missing[:5]],
    }  # fmt: skip
    return {"rows": rows, "meta": meta}
