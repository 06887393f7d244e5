"""``linja simulate``: run scenario files on the routing engine and print the indicators."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from linja import simulation
from linja.cli import app, err
from linja.engine.records import write_records
from linja.engine.sim.model import Scenario
from linja.errors import LinjaError
from linja.scenario import load_scenario

MAX_REPLICATIONS = 1000


def _check(replications: int, workers: int, seed: int, records: Path | None) -> None:
    if replications < 1 or replications > MAX_REPLICATIONS:
        raise LinjaError(
            f"--replications: {replications} is out of range; expected 1 to {MAX_REPLICATIONS}"
        )
    if workers < 1:
        raise LinjaError(f"--workers: {workers} is out of range; expected 1 or more")
    if seed < 0:
        raise LinjaError(f"--seed: {seed} is negative; expected a whole number from 0")
    if records is not None and records.is_dir():
        raise LinjaError(
            f"--records: {records} is a directory; expected a file name (.parquet or .csv)"
        )


def _run(scenario: Scenario, replications: int, seed: int, workers: int) -> simulation.Result:
    total = simulation.expected_contacts(scenario) * replications
    if not err.is_terminal:  # no progress bar in a pipe or a file
        return simulation.run(scenario, replications=replications, seed=seed, workers=workers)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("contacts"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task(f"simulating {scenario.name}", total=max(total, 1))
        return simulation.run(
            scenario, replications=replications, seed=seed, workers=workers,
            progress=lambda n: bar.advance(task, n),
        )  # fmt: skip


def _fmt(value: Any, ci: Any = None, percent: bool = True) -> str:
    if value is None:
        return "–"
    text = f"{value * 100:.1f} %" if percent else f"{value:.1f}"
    if ci is not None:
        text += f" ± {ci * 100:.1f}" if percent else f" ± {ci:.1f}"
    return text


def _table(result: simulation.Result) -> Table:
    table = Table(title=f"{result.scenario.name}: {result.meta['replications']} replication(s)")
    for name in ("unit", "queue", "offered", "answered", "answer rate", "service level",
                 "mean wait s", "abandoned", "handle s"):  # fmt: skip
        table.add_column(
            name, justify="left" if name in ("unit", "queue") else "right", no_wrap=True
        )
    for row in result.rows:
        table.add_row(
            str(row["unit"]), str(row["queue"]), f"{row['offered']:,}", f"{row['answered']:,}",
            _fmt(row["answer_rate"], row["answer_rate_ci"]),
            _fmt(row["service_level"], row["service_level_ci"]),
            _fmt(row["asa_seconds"], row["asa_seconds_ci"], percent=False),
            _fmt(row["abandon_rate"], row["abandon_rate_ci"]),
            _fmt(row["aht_seconds"], percent=False),
        )  # fmt: skip
    return table


def _comparison(results: list[simulation.Result]) -> Table:
    table = Table(title="Alternatives side by side (all queues; ± is the 95 % interval)")
    table.add_column("indicator")
    for r in results:
        table.add_column(r.scenario.name, justify="right", no_wrap=True)
    lines = [
        ("answer rate", "answer_rate", True),
        ("service level", "service_level", True),
        ("mean wait (s)", "asa_seconds", False),
        ("abandoned", "abandon_rate", True),
    ]
    for label, key, percent in lines:
        table.add_row(
            label, *[_fmt(r.overall.get(key), r.overall.get(f"{key}_ci"), percent) for r in results]
        )
    units = sorted({str(row["unit"]) for r in results for row in r.rows})
    for unit in units:
        cells = []
        for r in results:
            rows = [row for row in r.rows if row["unit"] == unit]
            offered = sum(int(row["offered"]) for row in rows)
            within = sum(float(row["service_level"] or 0) * int(row["offered"]) for row in rows)
            cells.append(_fmt(within / offered) if offered else "–")
        table.add_row(f"service level {unit}", *cells)
    agents = [str(sum(g.count for g in r.scenario.agents)) for r in results]
    table.add_row("agents", *agents)
    return table


def _write(result_records: Any, path: Path) -> None:
    try:
        write_records(result_records, path)
    except OSError as exc:
        raise LinjaError(f"--records: cannot write {path}: {exc.strerror or exc}") from exc


ScenarioFiles = Annotated[
    list[Path], typer.Argument(help="Scenario file(s) (YAML).", show_default=False)
]
Replications = Annotated[int, typer.Option("--replications", "-r", help="Independent runs.")]
Seed = Annotated[
    int, typer.Option(help="Seed of the first run; the same seed gives the same result.")
]
Workers = Annotated[
    int, typer.Option("--workers", "-w", help="Processes running replications in parallel.")
]
Records = Annotated[
    Path | None,
    typer.Option(help="Write the simulated contact records (.parquet or .csv)."),
]
AsJson = Annotated[bool, typer.Option("--json", help='Print {"rows": [...], "meta": {...}}.')]
Compare = Annotated[
    bool, typer.Option("--compare", help="Run several scenarios and print them side by side.")
]


@app.command()
def simulate(
    scenarios: ScenarioFiles,
    replications: Replications = 1,
    seed: Seed = 1,
    workers: Workers = 1,
    records: Records = None,
    as_json: AsJson = False,
    compare: Compare = False,
) -> None:
    """Simulate a scenario on the routing engine; print indicators with 95 % intervals."""
    _check(replications, workers, seed, records)
    if len(scenarios) > 1 and not compare:
        raise LinjaError(
            f"got {len(scenarios)} scenario files; expected one, "
            "or --compare to run several side by side"
        )
    if compare and records is not None:
        raise LinjaError("--records: write records of one scenario at a time, not with --compare")
    loaded = [load_scenario(path) for path in scenarios]  # all checked before any runs
    results = [_run(s, replications, seed, workers) for s in loaded]
    if records is not None:
        _write(results[0].records(), records)
    if as_json:
        payloads = [{"rows": r.rows, "meta": r.meta} for r in results]
        body: Any = {"scenarios": payloads} if compare else payloads[0]
        sys.stdout.write(json.dumps(body, ensure_ascii=False, indent=2, allow_nan=False) + "\n")
        return
    out = Console(highlight=False)
    if not out.is_terminal:  # a file or a pipe: wide enough for the whole table
        out = Console(highlight=False, width=max(140, int(os.environ.get("COLUMNS", "0") or 0)))
    if compare:
        out.print(_comparison(results))
    for r in results:
        if not compare:
            out.print(_table(r))
        m = r.meta
        out.print(
            f"{r.scenario.name}: {m['contacts']:,} contacts in {m['wall_seconds']} s "
            f"({m['contacts_per_second']:,} contacts/s), seed {m['seed']}"
        )
    if records is not None:
        out.print(f"records written to {records}")
