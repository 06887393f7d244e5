"""`linja loadgen SCENARIO --url URL`: a running Linja under the load of a scenario."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from linja.cli import app
from linja.errors import LinjaError

Url = Annotated[
    list[str],
    typer.Option("--url", help="The server, e.g. http://127.0.0.1:8000; again for each "
                 "further process of the same installation (calls and bots take turns)."),
]  # fmt: skip
Minutes = Annotated[
    float | None,
    typer.Option("--minutes", help="Run the scenario's first M minutes (default: all of it)."),
]
Token = Annotated[
    str,
    typer.Option("--token", envvar="LINJA_TOKEN",
                 help="An API token of an administrator of the whole installation "
                      "(or set LINJA_TOKEN)."),
]  # fmt: skip
Seed = Annotated[int, typer.Option("--seed", help="Seed of the callers drawn.")]
AsJson = Annotated[bool, typer.Option("--json", help='Print {"rows": [...], "meta": {...}}.')]


@app.command()
def loadgen(
    scenario: Annotated[Path, typer.Argument(help="A scenario file of `linja simulate`.")],
    url: Url,
    token: Token = "",
    minutes: Minutes = None,
    seed: Seed = 1,
    as_json: AsJson = False,
) -> None:
    """Drive a running server with the scenario's callers (phone adapter API) and bot
    agents (agent API); print the indicators from the server's own records."""
    from linja import loadgen as driver
    from linja.scenario import load_scenario

    if not token:
        raise LinjaError("--token: an administrator's API token is needed (or LINJA_TOKEN)")
    if minutes is not None and minutes <= 0:
        raise LinjaError(f"--minutes: a number of minutes above 0, got {minutes}")
    for each in url:
        if not each.startswith(("http://", "https://")):
            raise LinjaError(f"--url: an address starting with http:// or https://, got {each!r}")
    loaded = load_scenario(scenario)
    result = driver.run(url, token, loaded, minutes if minutes is not None else loaded.hours * 60,
                        seed)  # fmt: skip
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2, allow_nan=False) + "\n")
        return
    _print(result)


def _print(result: dict[str, Any]) -> None:
    out = Console(highlight=False, width=max(120, int(os.environ.get("COLUMNS", "0") or 0)))
    table = Table(title=f"{result['meta']['scenario']}: load-generated run")
    columns = ("queue", "offered", "answered", "answer_rate", "service_level", "asa_seconds")
    for c in columns:
        table.add_column(c, justify="left" if c == "queue" else "right")
    for row in result["rows"]:
        table.add_row(*(_cell(row[c]) for c in columns))
    out.print(table)
    m = result["meta"]
    out.print(f"{m['contacts']} contacts sent, {m['lost']} lost, {m['errors']} errors; offer "
              f"latency p50 {_cell(m['offer_latency_ms_p50'])} ms, p99 "
              f"{_cell(m['offer_latency_ms_p99'])} ms; {m['wall_seconds']} s")  # fmt: skip


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}" if value < 10 else f"{value:.1f}"
    return str(value)
