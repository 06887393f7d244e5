"""bench/live: the live contact centre under load — `linja loadgen` with 300 bot agents
and 20 contacts a second for 10 minutes, against one server on SQLite (`linja demo`) and
against two server processes on PostgreSQL with Redis between them.

    .venv/bin/python bench/live/run.py [--minutes 10] [--rate 20] [--bots 300]
                                       [--setups sqlite,postgresql] [--json]

For each setup it prints the contacts sent, those lost (sent but missing from the
server's records), the errors, the offer latency p50/p99 (a call offered to a bot on
arrival: from sending it to the answer naming the agent to ring; goal p99 < 100 ms), and
the servers' CPU (share of one core, over the whole run: the load and the calls'
tail) and peak memory, and the CPU the load generator itself took on the same machine.
The callers follow a scenario of one queue (the demo's ikt-klinisk) written for the
rate: exponential handle times that keep the bots 80 % busy, exponential patience of 60 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
LINJA = [sys.executable, "-m", "linja"]
PG = "postgres://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379/6"
GOAL_P99_MS = 100.0
TICK = os.sysconf("SC_CLK_TCK")

from linja import loadgen  # noqa: E402
from linja.scenario import load_scenario  # noqa: E402


def scenario_file(folder: Path, rate: float, bots: int) -> Path:
    handle = 0.8 * bots / rate  # the bots 80 % busy
    path = folder / "bench-live.yaml"
    path.write_text(f"""name: bench-live
start: 2026-03-02T08:00:00+01:00
hours: 24
queues:
  - id: ikt-klinisk
    unit: Brukarstøtte
    sl_seconds: 30
    priority: 1
    arrivals_per_hour: {rate * 3600:.0f}
    handle_seconds: {{distribution: exponential, mean: {handle:.1f}}}
    patience_seconds: {{distribution: exponential, mean: 60}}
agents:
  - group: bench
    count: {bots}
    skills: [ikt-klinisk]
""", encoding="utf-8")  # fmt: skip
    return path


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, env: dict[str, str], command: str, log: Path) -> None:
        self.env, self.command, self.log = env, command, log
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        with log.open("ab") as out:
            self.process = subprocess.Popen([*LINJA, command, "--port", str(self.port)],
                                            env=env, stdout=out, stderr=out)  # fmt: skip
        for _ in range(1200):
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1):
                    return
            except OSError:
                if self.process.poll() is not None:
                    raise SystemExit(f"{command} stopped: {log.read_text()[-2000:]}") from None
                time.sleep(0.1)
        raise SystemExit(f"{command} did not answer")

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime

    def peak_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def token(env: dict[str, str]) -> str:
    made = subprocess.run([*LINJA, "token", "create", "--person", "admin", "--name", "bench"],
                          env=env, capture_output=True, text=True, check=True)  # fmt: skip
    return made.stdout.strip().splitlines()[-1]


def measure(servers: list[Server], env: dict[str, str], scenario: Path,
            minutes: float) -> dict[str, Any]:  # fmt: skip
    before = [s.cpu_seconds() for s in servers]
    began = time.monotonic()
    own = time.process_time()
    result = loadgen.run([s.url for s in servers], token(env), load_scenario(scenario), minutes)
    wall = time.monotonic() - began
    own = time.process_time() - own
    meta = result["meta"]
    return {
        "servers": len(servers), "contacts": meta["contacts"], "lost": meta["lost"],
        "errors": meta["errors"], "first_errors": meta["first_errors"],
        "offer_latency_ms_p50": meta["offer_latency_ms_p50"],
        "offer_latency_ms_p99": meta["offer_latency_ms_p99"],
        "offered_on_arrival": meta["offered_on_arrival"],
        "cpu_cores": [round((s.cpu_seconds() - b) / wall, 2) for s, b in zip(servers, before,
                                                                               strict=True)],
        "peak_mb": [round(s.peak_mb()) for s in servers], "wall_seconds": round(wall, 1),
        "loadgen_cpu_cores": round(own / wall, 2), "load_seconds": minutes * 60,
        "rows": result["rows"],
    }  # fmt: skip


def sqlite(folder: Path, scenario: Path, minutes: float) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["LINJA_DATA_DIR"] = str(folder / "sqlite")
    server = Server(env, "demo", folder / "sqlite.log")
    try:
        return {"setup": "sqlite, 1 server"} | measure([server], env, scenario, minutes)
    finally:
        server.stop()


def postgresql(folder: Path, scenario: Path, minutes: float) -> dict[str, Any]:
    import psycopg

    name = f"linja_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env |= {"DATABASE_URL": f"{PG}/{name}", "REDIS_URL": REDIS,
            "LINJA_DATA_DIR": str(folder / "pg"), "LINJA_LOADTEST": "1"}  # fmt: skip
    servers: list[Server] = []
    try:
        servers.append(Server(env, "demo", folder / "pg-1.log"))
        servers.append(Server(env, "serve", folder / "pg-2.log"))
        return {"setup": "postgresql + redis, 2 servers"} | measure(servers, env, scenario,
                                                                    minutes)  # fmt: skip
    finally:
        for s in servers:
            s.stop()
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


SETUPS = {"sqlite": sqlite, "postgresql": postgresql}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=20.0, help="contacts a second")
    parser.add_argument("--bots", type=int, default=300)
    parser.add_argument("--setups", default="sqlite,postgresql")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--logs", type=Path, help="keep the servers' logs in this folder")
    args = parser.parse_args()
    chosen = [s.strip() for s in args.setups.split(",") if s.strip()]
    unknown = [s for s in chosen if s not in SETUPS]
    if unknown:
        raise SystemExit(f"--setups: unknown {unknown[0]!r}; expected {', '.join(SETUPS)}")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.logs:
            folder = args.logs
            folder.mkdir(parents=True, exist_ok=True)
        scenario = scenario_file(folder, args.rate, args.bots)
        for name in chosen:
            results.append(SETUPS[name](folder, scenario, args.minutes))
    report = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
                   f"{platform.python_version()}",
        "date": datetime.now(UTC).date().isoformat(),
        "minutes": args.minutes, "rate_per_second": args.rate, "bots": args.bots,
        "results": results,
    }  # fmt: skip
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"bench/live: {args.bots} bots, {args.rate:g} contacts/s, {args.minutes:g} min "
          f"({report['machine']}, {report['date']})")  # fmt: skip
    for r in results:
        p99 = r["offer_latency_ms_p99"]
        print(f"  {r['setup']}: {r['contacts']} contacts, {r['lost']} lost, {r['errors']} errors; "
              f"offer latency p50 {r['offer_latency_ms_p50']:.1f} ms, p99 {p99:.1f} ms "
              f"(goal < {GOAL_P99_MS:g} ms: {p99 / GOAL_P99_MS:.2f}x the goal); "
              f"CPU {' + '.join(map(str, r['cpu_cores']))} cores, peak "
              f"{' + '.join(map(str, r['peak_mb']))} MB; the load generator beside them "
              f"{r['loadgen_cpu_cores']} cores")  # fmt: skip


if __name__ == "__main__":
    main()
