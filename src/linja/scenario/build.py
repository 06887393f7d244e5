"""From a checked scenario file to the simulator's values, one function per value."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from statistics import fmean
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from linja.engine.routing.config import Overflow, QueueRules, Redirect, RoutingConfig
from linja.engine.sim.model import AgentGroup, Distribution, QueueSpec, Redial, Scenario
from linja.errors import LinjaError
from linja.scenario.arrivals import Window, arrivals
from linja.scenario.calendars import calendar, shift
from linja.scenario.checks import check_references
from linja.scenario.schema import (
    AgentGroupModel,
    DistributionModel,
    QueueModel,
    RedialModel,
    RedirectModel,
    ScenarioModel,
)
from linja.scenario.source import ScenarioFile, read, validation_error
from linja.yamlfile import Key

# the keys each kind of distribution takes
DISTRIBUTION_KEYS: dict[str, tuple[str, ...]] = {
    "exponential": ("mean",),
    "lognormal": ("mean", "sd"),
    "gamma": ("mean", "sd"),
    "empirical": ("values",),
    "fixed": ("value",),
}


def load_scenario(path: Path) -> Scenario:
    """Read a scenario file (docs/scenarios.md); LinjaError naming file, line and key."""
    data, file = read(path)
    try:
        model = ScenarioModel.model_validate(data)
    except ValidationError as exc:
        raise LinjaError(validation_error(exc, file, ScenarioModel)) from exc
    return scenario(model, file)


def scenario(model: ScenarioModel, file: ScenarioFile) -> Scenario:
    if model.warmup_minutes >= model.hours * 60:
        raise file.error(
            ("warmup_minutes",),
            f"{model.warmup_minutes:g} minutes is not shorter than the run ({model.hours:g} "
            "hours); expected a warm-up shorter than hours",
        )
    start = model.start.astimezone(ZoneInfo(model.timezone))
    window = Window(start, start + timedelta(hours=model.hours))
    queues = tuple(
        queue(q, ("queues", i), file, window, model.timezone) for i, q in enumerate(model.queues)
    )
    agents = tuple(agent_group(g, ("agents", i), file) for i, g in enumerate(model.agents))
    check_references(model, file)
    try:
        RoutingConfig(tuple(q.rules for q in queues))
    except ValueError as exc:  # pragma: no cover - check_references finds these first
        raise file.error(("queues",), f"{exc}; expected queues that name each other") from exc
    return Scenario(
        name=model.name,
        start=start,
        hours=model.hours,
        queues=queues,
        agents=agents,
        warmup_minutes=model.warmup_minutes,
        timezone=model.timezone,
        description=model.description,
    )


def queue(model: QueueModel, key: Key, file: ScenarioFile, window: Window, zone: str) -> QueueSpec:
    handle = distribution(model.handle_seconds, (*key, "handle_seconds"), file)
    patience = model.patience_seconds
    if model.widen_after_seconds is not None and not model.organisation:
        raise file.error(
            (*key, "widen_after_seconds"),
            "has no effect on a queue without an organisation (every skilled agent takes "
            "its contacts at once); expected organisation: too",
        )
    rules = QueueRules(
        id=model.id,
        unit=model.unit or model.id,
        organisation=model.organisation,
        priority=model.priority,
        sl_seconds=model.sl_seconds,
        agent_choice=model.agent_choice,
        overflow=Overflow(model.overflow.after_seconds, model.overflow.to)
        if model.overflow
        else None,
        widen_after_seconds=model.widen_after_seconds,
        calendar=calendar(model, key, file, (window.start, window.end), zone),
        when_closed=redirect(model.when_closed, (*key, "when_closed"), file),
        max_waiting=model.max_waiting,
        when_full=redirect(model.when_full, (*key, "when_full"), file),
        callback_after_seconds=model.callback.after_seconds if model.callback else None,
        wrapup_seconds=model.wrapup_seconds,
        offer_timeout_seconds=model.offer_timeout_seconds,
        announce_every_seconds=model.announce_every_seconds,
        expected_handle_seconds=handle.mean if handle.mean > 0 else 180.0,
    )
    return QueueSpec(
        rules=rules,
        arrivals=arrivals(model, key, file, window),
        handle=handle,
        patience=None
        if patience is None
        else distribution(patience, (*key, "patience_seconds"), file),
        channel=model.channel,
        callback_accept=model.callback.accept if model.callback else 0.0,
        redial=redial(model.redial, (*key, "redial"), file),
        callers=model.callers,
    )


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def distribution(model: DistributionModel, key: Key, file: ScenarioFile) -> Distribution:
    """A duration in seconds; each kind takes its own keys and no others."""
    kind = model.distribution
    allowed = DISTRIBUTION_KEYS[kind]
    described = f"{_article(kind)} {kind} distribution"
    for name in type(model).model_fields:
        if name in model.model_fields_set and name != "distribution" and name not in allowed:
            raise file.error(
                (*key, name),
                f"does not belong to {described}; expected {' and '.join(allowed)}",
            )
    for name in allowed:
        if getattr(model, name) is None:
            raise file.error((*key, name), f"is required for {described} but missing")
    if model.value is not None:
        return Distribution("fixed", mean=model.value)
    if model.values is not None:
        return Distribution("empirical", mean=fmean(model.values), values=tuple(model.values))
    assert model.mean is not None
    return Distribution(kind, mean=model.mean, sd=model.sd)


def redirect(model: RedirectModel | None, key: Key, file: ScenarioFile) -> Redirect:
    """Another queue, or a message (and a number to send a call to)."""
    if model is None:
        return Redirect()
    if model.queue is not None:
        for other in ("message", "number"):
            if other in model.model_fields_set:
                raise file.error(
                    (*key, other),
                    "does not go with queue; expected queue: ID alone, or message (and number)",
                )
    elif model.message is None and model.number is None:
        raise file.error(key, "is empty; expected queue: ID, or message: KEY (and number)")
    return Redirect(model.queue, model.message, model.number)


def redial(model: RedialModel | None, key: Key, file: ScenarioFile) -> Redial | None:
    if model is None:
        return None
    if model.delay_seconds is None:
        return Redial(model.after_abandon, model.after_answer)
    delay = distribution(model.delay_seconds, (*key, "delay_seconds"), file)
    return Redial(model.after_abandon, model.after_answer, delay)


def agent_group(model: AgentGroupModel, key: Key, file: ScenarioFile) -> AgentGroup:
    skills = model.skills
    levels = dict.fromkeys(skills, 1) if isinstance(skills, list) else dict(skills)
    return AgentGroup(
        group=model.group,
        count=model.count,
        skills=levels,
        organisation=model.organisation,
        shifts=tuple(shift(s, (*key, "shifts", i), file) for i, s in enumerate(model.shifts)),
    )
