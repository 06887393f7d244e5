"""When a queue is open and when agents work: opening hours, holidays, closures, shifts."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from linja.engine.routing.calendar import norwegian_holidays
from linja.engine.routing.config import WEEKDAYS, Calendar, Closure, DailyClosure
from linja.engine.sim.model import Shift
from linja.scenario import times
from linja.scenario.schema import ClosureModel, QueueModel, ShiftModel
from linja.scenario.source import ScenarioFile
from linja.yamlfile import Key


def calendar(
    queue: QueueModel, key: Key, file: ScenarioFile, run: tuple[datetime, datetime], zone: str
) -> Calendar | None:
    """The queue's calendar; None (open around the clock) when it sets none of its keys."""
    holidays = queue.opening_hours is not None if queue.holidays is None else queue.holidays
    if not (queue.opening_hours is not None or holidays or queue.closed_days or queue.closures):
        return None
    weekly = None if queue.opening_hours is None else _weekly(queue, key, file)
    closed = set(queue.closed_days)
    if holidays:
        first, last = (instant.astimezone(ZoneInfo(zone)).year for instant in run)
        closed |= norwegian_holidays(first, last)
    daily: list[DailyClosure] = []
    planned: list[Closure] = []
    for index, model in enumerate(queue.closures):
        closure = _closure(model, (*key, "closures", index), file)
        if isinstance(closure, DailyClosure):
            daily.append(closure)
        else:
            planned.append(closure)
    return Calendar(
        weekly=weekly,
        holidays=frozenset(closed),
        daily_closures=tuple(daily),
        closures=tuple(planned),
        timezone=zone,
    )


def _weekly(
    queue: QueueModel, key: Key, file: ScenarioFile
) -> dict[int, tuple[tuple[time, time], ...]]:
    """``{mon-fri: 08:00-15:30, sat: [...]}`` by weekday; each day named once."""
    assert queue.opening_hours is not None
    weekly: dict[int, tuple[tuple[time, time], ...]] = {}
    named: dict[int, str] = {}
    for spec, spans in queue.opening_hours.items():
        where = (*key, "opening_hours", spec)
        try:
            days = times.days_of(spec)
        except ValueError as exc:
            raise file.error(where, str(exc)) from None
        for day in days:
            if day in named:
                raise file.error(
                    where,
                    f"{WEEKDAYS[day]} is also in {named[day]} (line "
                    f"{file.line((*key, 'opening_hours', named[day]))}); expected each day once",
                )
            named[day] = spec
            weekly[day] = spans
    return weekly


def _closure(model: ClosureModel, key: Key, file: ScenarioFile) -> DailyClosure | Closure:
    given = model.model_fields_set
    if model.daily is not None:
        for other in ("from_", "to"):
            if other in given:
                raise file.error(
                    (*key, other.rstrip("_")),
                    "does not go with daily; expected daily (and days), or from and to",
                )
        start, end = model.daily
        days = model.days if model.days is not None else frozenset(range(7))
        return DailyClosure(start, end, days, model.reason)
    if model.from_ is None or model.to is None:
        missing = "from" if model.from_ is None else "to"
        raise file.error(
            (*key, missing),
            "is required but missing; expected daily: HH:MM-HH:MM, or both from and to",
        )
    if "days" in given:
        raise file.error((*key, "days"), "goes only with daily; expected from and to alone")
    if model.to <= model.from_:
        raise file.error((*key, "to"), "is not after from; expected the end of the closure")
    return Closure(model.from_, model.to, model.reason)


def shift(model: ShiftModel, key: Key, file: ScenarioFile) -> Shift:
    """A shift; pauses inside it and in order. An end of 24:00 (00:00) is midnight."""
    to_midnight = model.end == times.MIDNIGHT
    if model.end <= model.start and not to_midnight:
        raise file.error(
            (*key, "end"),
            f"{model.end:%H:%M} is not after start {model.start:%H:%M}; expected a shift "
            "that ends later the same day (24:00 at the latest)",
        )
    pauses: list[tuple[time, time, str]] = []
    for index, pause in enumerate(model.pauses):
        where = (*key, "pauses", index)
        if pause.end <= pause.start:
            raise file.error(
                (*where, "end"),
                f"{pause.end:%H:%M} is not after start {pause.start:%H:%M}; expected a later end",
            )
        if pause.start < model.start or (pause.end > model.end and not to_midnight):
            raise file.error(
                where,
                f"{pause.start:%H:%M}-{pause.end:%H:%M} is outside the shift "
                f"{model.start:%H:%M}-{'24:00' if to_midnight else f'{model.end:%H:%M}'}; "
                "expected a pause inside it",
            )
        if pauses and pause.start < pauses[-1][1]:
            raise file.error(
                where,
                f"starts at {pause.start:%H:%M}, before the pause above ends; expected pauses "
                "in order that do not overlap",
            )
        pauses.append((pause.start, pause.end, pause.reason))
    return Shift(model.start, model.end, model.days, tuple(pauses))
