"""bench/kpi: the indicator table by unit on 10 million records, Linja against pandas.

    .venv/bin/python bench/kpi/run.py [--rows 10000000] [--repeat 3] [--json]

Both start from the same Parquet file of synthetic Helse Vest records (made once by
linja.sampledata and kept under var/bench/). Each run is a fresh process, so peak memory
(ru_maxrss) is each implementation's own; the time is from reading the file to the finished
table, the median of --repeat runs. Linja reads *and validates* every record
(linja.engine.records) before computing (linja.engine.kpi); the pandas peer does not
validate. The two tables must agree, or the benchmark fails.

Goal (issue 2): Linja at least 5× pandas and under 15 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
GOAL_RATIO = 5.0
GOAL_SECONDS = 15.0


def data_file(rows: int) -> Path:
    path = ROOT / "var" / "bench" / f"kpi-{rows}.parquet"
    if not path.exists():
        from linja.engine.records import write_records
        from linja.sampledata import generate

        started = time.perf_counter()
        print(f"generating {rows:,} records -> {path} …", file=sys.stderr, flush=True)
        write_records(generate(records=rows, seed=1999), path)
        print(f"  done in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return path


def worker(kind: str, path: Path) -> None:
    """Runs in its own process: time one computation, print JSON."""
    started = time.perf_counter()
    if kind == "linja":
        from linja.engine.kpi import INDICATORS, Grouping, compute
        from linja.engine.records import read_records

        table = compute(read_records([path]).frame, Grouping(("unit",)))
        rows = table.select("unit", *INDICATORS).to_dicts()
    else:
        sys.path.insert(0, str(HERE))
        from pandas_peer import kpi_by_unit

        rows = kpi_by_unit(path).to_dict(orient="records")
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    clean = [
        {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()}
        for r in rows
    ]
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "table": clean}, default=float))


def run_once(kind: str, path: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--worker", kind, "--file", str(path)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    if done.returncode:
        sys.exit(f"bench/kpi: the {kind} run failed:\n{done.stderr}")
    result: dict[str, object] = json.loads(done.stdout)
    return result


def same_tables(a: list[dict[str, object]], b: list[dict[str, object]]) -> str | None:
    """None when equal (rates to 1e-9), else what differs."""
    if len(a) != len(b):
        return f"{len(a)} groups against {len(b)}"
    for left, right in zip(a, b, strict=True):
        for key, value in left.items():
            other = right.get(key)
            if isinstance(value, float) and isinstance(other, float | int):
                if abs(value - other) > 1e-9 * max(1.0, abs(value)):
                    return f"{left['unit']} {key}: {value} against {other}"
            elif value != other:
                return f"{left.get('unit')} {key}: {value!r} against {other!r}"
    return None


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--worker", choices=["linja", "pandas"], help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.file)
        return

    path = data_file(args.rows)
    runs: dict[str, list[dict[str, object]]] = {"linja": [], "pandas": []}
    for i in range(args.repeat):
        for kind, results in runs.items():
            results.append(run_once(kind, path))
            print(
                f"  run {i + 1}/{args.repeat} {kind}: {results[-1]['seconds']:.2f} s",
                file=sys.stderr,
            )
    difference = same_tables(runs["linja"][0]["table"], runs["pandas"][0]["table"])  # type: ignore[arg-type]
    if difference:
        sys.exit(f"bench/kpi: Linja and pandas disagree: {difference}")

    summary: dict[str, object] = {
        "rows": args.rows,
        "repeat": args.repeat,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "date": datetime.now(UTC).date().isoformat(),
    }
    for kind, results in runs.items():
        seconds = statistics.median(float(r["seconds"]) for r in results)  # type: ignore[arg-type]
        summary[kind] = {
            "median_seconds": round(seconds, 3),
            "rows_per_second": round(args.rows / seconds),
            "peak_mb": round(max(float(r["peak_mb"]) for r in results)),  # type: ignore[arg-type]
        }
    ratio = summary["pandas"]["median_seconds"] / summary["linja"]["median_seconds"]  # type: ignore[index]
    summary["ratio"] = round(ratio, 2)
    summary["goal_met"] = ratio >= GOAL_RATIO and summary["linja"]["median_seconds"] < GOAL_SECONDS  # type: ignore[index]
    if args.json:
        print(json.dumps(summary, indent=2))
        return
    print(
        f"bench/kpi: indicator table by unit, {args.rows:,} records, median of {args.repeat} runs"
    )
    print(f"{'':8} {'seconds':>9} {'rows/s':>14} {'peak MB':>9}")
    for kind in runs:
        s = summary[kind]
        print(f"{kind:8} {s['median_seconds']:9.2f} {s['rows_per_second']:14,} {s['peak_mb']:9,}")  # type: ignore[index]
    print(
        f"Linja is {ratio:.1f}× pandas (goal ≥ {GOAL_RATIO:.0f}×, under {GOAL_SECONDS:.0f} s): "
        f"{'met' if summary['goal_met'] else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
