"""``linja staff``: agents needed for a service-level target (Erlang C, or Erlang A).

Either finds the smallest number of agents that meets ``--target`` (and ``--max-occupancy``
when given), or evaluates ``--agents K``. The formulas are in :mod:`linja.engine.erlang`
and docs/staffing.md.
"""

from __future__ import annotations

import json
import math
import sys
from dataclasses import dataclass
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from linja.cli import app, err
from linja.engine import erlang
from linja.errors import LinjaError

FIELDS = ("agents", "service_level", "asa_seconds", "occupancy", "wait_probability", "abandon_rate")


@dataclass(frozen=True)
class Question:
    """The checked options."""

    calls: float
    interval_minutes: float
    aht: float
    sl_seconds: float
    target: float | None
    agents: int | None
    patience: float | None
    max_occupancy: float | None
    shrinkage: float
    variant: erlang.SlVariant

    @property
    def rate(self) -> float:
        """Calls per second."""
        return self.calls / (self.interval_minutes * 60.0)

    @property
    def load(self) -> float:
        """Offered load in Erlang."""
        return self.rate * self.aht

    @property
    def model(self) -> str:
        return "erlang-c" if self.patience is None else "erlang-a"


def _number(text: str | None, flag: str, expected: str) -> float | None:
    if text is None:
        return None
    try:
        value = float(text.strip().replace("_", ""))
    except ValueError:
        raise LinjaError(f"{flag}: '{text}' is not a number; expected {expected}") from None
    if not math.isfinite(value):
        raise LinjaError(f"{flag}: '{text}' is not a finite number; expected {expected}")
    return value


def _required(text: str | None, flag: str, expected: str) -> float:
    value = _number(text, flag, expected)
    if value is None:
        raise LinjaError(f"{flag}: missing; expected {expected}")
    return value


def _show(value: float) -> str:
    return f"{value:g}"


def _check(
    calls: str | None,
    interval_minutes: str | None,
    aht: str | None,
    sl_seconds: str | None,
    target: str | None,
    agents: str | None,
    patience: str | None,
    max_occupancy: str | None,
    shrinkage: str | None,
    sl_variant: str,
) -> Question:
    n_calls = _required(calls, "--calls", "the calls offered in the interval, e.g. --calls 100")
    if n_calls <= 0:
        raise LinjaError(
            f"--calls: {_show(n_calls)} is not a number of calls; expected more than 0 "
            "(an interval without calls needs no agents)"
        )
    minutes = _required(
        interval_minutes, "--interval-minutes", "the interval length, e.g. --interval-minutes 30"
    )
    if minutes <= 0:
        raise LinjaError(
            f"--interval-minutes: {_show(minutes)} is not an interval; expected minutes above 0"
        )
    handle = _required(aht, "--aht", "the mean handle time in seconds, e.g. --aht 180")
    if handle <= 0:
        raise LinjaError(f"--aht: {_show(handle)} is not a handle time; expected seconds above 0")
    threshold = _required(
        sl_seconds, "--sl-seconds", "the service-level threshold T in seconds, e.g. --sl-seconds 20"
    )
    if threshold < 0:
        raise LinjaError(f"--sl-seconds: {_show(threshold)} is negative; expected 0 or more")
    goal = _number(target, "--target", "a fraction between 0 and 1, e.g. 0.8 for 80 %")
    count = _agent_count(agents)
    if (goal is None) == (count is None):
        given = "both" if goal is not None else "neither"
        raise LinjaError(
            f"--target and --agents: {given} given; expected one of them: --target P finds "
            "the agents needed, --agents K evaluates K agents"
        )
    if goal is not None and not 0 < goal < 1:
        raise LinjaError(
            f"--target: {_show(goal)} is outside (0, 1); expected a fraction such as 0.8 for 80 %"
        )
    wait = _number(patience, "--patience", "the callers' mean patience in seconds, e.g. 120")
    if wait is not None and wait <= 0:
        raise LinjaError(
            f"--patience: {_show(wait)} is not a patience; expected seconds above 0 "
            "(leave it out for callers who never hang up: Erlang C)"
        )
    busy = _number(max_occupancy, "--max-occupancy", "a fraction in (0, 1], e.g. 0.85")
    if busy is not None and not 0 < busy <= 1:
        raise LinjaError(
            f"--max-occupancy: {_show(busy)} is outside (0, 1]; expected a fraction such as 0.85"
        )
    if busy is not None and goal is None:
        raise LinjaError(
            "--max-occupancy: only used with --target (finding the agents); "
            "with --agents the occupancy is reported"
        )
    away = _number(shrinkage, "--shrinkage", "a fraction in [0, 1), e.g. 0.3") or 0.0
    if not 0 <= away < 1:
        raise LinjaError(
            f"--shrinkage: {_show(away)} is outside [0, 1); expected the share of paid time "
            "agents are not taking calls, e.g. 0.3"
        )
    try:
        variant = erlang.SlVariant(sl_variant.strip().lower())
    except ValueError:
        raise LinjaError(
            f"--sl-variant: '{sl_variant}' is not a variant; expected answered or virtual"
        ) from None
    question = Question(
        n_calls, minutes, handle, threshold, goal, count, wait, busy, away, variant
    )  # fmt: skip
    if question.rate * handle > 10 * erlang.MAX_AGENTS:
        raise LinjaError(
            f"--calls: {_show(n_calls)} calls in {_show(minutes)} min at {_show(handle)} s "
            f"are {question.load:,.0f} Erlang; expected a load of at most "
            f"{10 * erlang.MAX_AGENTS:,} Erlang"
        )
    return question


def _agent_count(agents: str | None) -> int | None:
    if agents is None:
        return None
    expected = f"a whole number of agents from 1 to {erlang.MAX_AGENTS:,}"
    try:
        count = int(agents.strip().replace("_", ""))
    except ValueError:
        raise LinjaError(
            f"--agents: '{agents}' is not a whole number; expected {expected}"
        ) from None
    if not 1 <= count <= erlang.MAX_AGENTS:
        raise LinjaError(f"--agents: {count} is not a number of agents; expected {expected}")
    return count


def _solve(question: Question) -> int:
    assert question.target is not None
    try:
        found = int(
            erlang.required_agents(
                question.rate,
                question.aht,
                question.sl_seconds,
                question.target,
                patience_seconds=question.patience,
                max_occupancy=question.max_occupancy,
                variant=question.variant,
            )
        )
    except ValueError as exc:
        raise LinjaError(f"--patience: {exc}") from None
    if found < 0:
        raise LinjaError(
            f"--target: {_show(question.target)} is not reached with {erlang.MAX_AGENTS:,} "
            f"agents or fewer (offered load {question.load:,.1f} Erlang); expected a target "
            "and load that at most that many agents can meet"
        )
    return found


def compute(question: Question) -> dict[str, Any]:
    """The answer as the JSON object (``asa_seconds`` None when the queue never empties)."""
    agents = question.agents if question.agents is not None else _solve(question)
    try:
        got = erlang.performance(
            question.rate,
            question.aht,
            agents,
            question.sl_seconds,
            patience_seconds=question.patience,
            variant=question.variant,
        )
    except ValueError as exc:
        raise LinjaError(f"--patience: {exc}") from None
    asa = float(got.asa_seconds)
    return {
        "agents": agents,
        "service_level": float(got.service_level),
        "asa_seconds": asa if math.isfinite(asa) else None,
        "occupancy": float(got.occupancy),
        "wait_probability": float(got.wait_probability),
        "abandon_rate": float(got.abandon_rate),
        "agents_with_shrinkage": math.ceil(agents / (1.0 - question.shrinkage) - 1e-9),
        "model": question.model,
        "variant": question.variant.value,
        "offered_load": question.load,
        "calls": question.calls,
        "interval_minutes": question.interval_minutes,
        "aht_seconds": question.aht,
        "sl_seconds": question.sl_seconds,
        "target": question.target,
        "patience_seconds": question.patience,
        "max_occupancy": question.max_occupancy,
        "shrinkage": question.shrinkage,
    }


def _percent(value: float) -> str:
    return f"{100 * value:.1f} %"


def _goal(value: float) -> str:
    """A target as given: 0.8 -> '80 %', 0.875 -> '87.5 %'."""
    return f"{100 * value:.4g} %"


def _seconds(value: float | None) -> str:
    if value is None:
        return "∞ (the queue grows without limit)"
    return f"{value:.1f} s" if value < 100 else f"{value:,.0f} s"


def _title(question: Question) -> str:
    model = "Erlang C" if question.patience is None else "Erlang A"
    parts = [
        f"{_show(question.calls)} calls in {_show(question.interval_minutes)} min",
        f"AHT {_show(question.aht)} s",
        f"offered load {question.load:,.2f} Erlang",
    ]
    if question.patience is not None:
        parts.append(f"mean patience {_show(question.patience)} s")
    return f"Staffing · {model} · " + " · ".join(parts)


def render(question: Question, answer: dict[str, Any]) -> Table:
    t = _show(question.sl_seconds)
    table = Table(show_header=False)
    table.add_column("", style="bold")
    table.add_column("", justify="right")
    if question.target is not None:
        wanted = f"{_goal(question.target)} within {t} s"
        if question.max_occupancy is not None:
            wanted += f", occupancy ≤ {_goal(question.max_occupancy)}"
        table.add_row(f"Agents needed ({wanted})", str(answer["agents"]))
    else:
        table.add_row("Agents", str(answer["agents"]))
    if question.shrinkage > 0:
        table.add_row(
            f"Agents to roster ({_goal(question.shrinkage)} shrinkage)",
            str(answer["agents_with_shrinkage"]),
        )
    what = "answered" if question.variant is erlang.SlVariant.ANSWERED else "virtual wait"
    table.add_row(f"Service level ({what} within {t} s)", _percent(answer["service_level"]))
    table.add_row("Mean wait of answered calls (ASA)", _seconds(answer["asa_seconds"]))
    table.add_row("Occupancy", _percent(answer["occupancy"]))
    table.add_row("Calls that wait", _percent(answer["wait_probability"]))
    table.add_row("Calls abandoned", _percent(answer["abandon_rate"]))
    return table


@app.command()
def staff(
    calls: Annotated[
        str | None,
        typer.Option(
            metavar="N", help="Calls offered in the interval (forecast).", show_default=False
        ),
    ] = None,
    interval_minutes: Annotated[
        str | None,
        typer.Option("--interval-minutes", metavar="M", help="Interval length in minutes."),
    ] = None,
    aht: Annotated[
        str | None,
        typer.Option(metavar="SECONDS", help="Mean handle time: talk + after-call work."),
    ] = None,
    sl_seconds: Annotated[
        str | None,
        typer.Option("--sl-seconds", metavar="T", help="Service-level threshold T in seconds."),
    ] = None,
    target: Annotated[
        str | None,
        typer.Option(
            metavar="P", help="Service-level target as a fraction (0.8 = 80 %): find the agents."
        ),
    ] = None,
    agents: Annotated[
        str | None, typer.Option(metavar="K", help="Evaluate this many agents instead.")
    ] = None,
    patience: Annotated[
        str | None,
        typer.Option(
            metavar="SECONDS",
            help="Callers' mean patience: gives Erlang A (callers hang up). "
            "Without it, Erlang C (nobody hangs up).",
        ),
    ] = None,
    max_occupancy: Annotated[
        str | None,
        typer.Option(
            "--max-occupancy",
            metavar="X",
            help="Also keep occupancy at or below X (with --target).",
        ),
    ] = None,
    shrinkage: Annotated[
        str | None,
        typer.Option(
            metavar="S",
            help="Share of paid time not on calls (breaks, training): agents to roster = "
            "ceil(agents / (1 - S)).",
        ),
    ] = None,
    sl_variant: Annotated[
        str,
        typer.Option(
            "--sl-variant",
            metavar="answered|virtual",
            help="answered: answered within T / offered (the KPI definition); virtual: the "
            "chance a caller who never hangs up would be answered within T.",
        ),
    ] = "answered",
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Agents needed to meet a service-level target, or what K agents give.

    Erlang C without --patience, Erlang A (callers hang up) with it: Poisson arrivals,
    exponential handle times and patience, steady state within the interval. Service
    level = answered within T / offered. See docs/staffing.md.
    """
    question = _check(
        calls, interval_minutes, aht, sl_seconds, target, agents, patience, max_occupancy,
        shrinkage, sl_variant,
    )  # fmt: skip
    answer = compute(question)
    if as_json:
        sys.stdout.write(json.dumps(answer, indent=2, allow_nan=False) + "\n")
    else:
        out = Console(highlight=False, width=None if sys.stdout.isatty() else 120)
        out.print(_title(question))
        out.print(render(question, answer))
    if question.patience is not None and answer["agents"] < question.load:
        err.print(
            f"note: {answer['agents']} agents for {question.load:,.2f} Erlang: "
            f"{_percent(answer['abandon_rate'])} of callers hang up, which is how fewer agents "
            "than the load can meet the target; look at the abandon rate too",
            markup=False,
        )
    if answer["asa_seconds"] is None:
        err.print(
            f"note: {question.load:,.2f} Erlang offered to {answer['agents']} agents: without "
            "abandonment the queue grows without limit; --patience SECONDS models callers "
            "who hang up (Erlang A)",
            markup=False,
        )
