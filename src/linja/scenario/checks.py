"""What refers to what: unique names, skills and targets that name queues, no loops,
and someone to answer every queue."""

from __future__ import annotations

from collections.abc import Iterable

from linja.scenario.schema import QueueModel, ScenarioModel
from linja.scenario.source import ScenarioFile, dotted, suggest
from linja.yamlfile import Key


def check_references(model: ScenarioModel, file: ScenarioFile) -> None:
    """Raise a located LinjaError for the first name that is twice or names nothing."""
    ids = [q.id for q in model.queues]
    _unique(((q.id, ("queues", i, "id")) for i, q in enumerate(model.queues)), "queue id", file)
    _unique(
        ((g.group, ("agents", i, "group")) for i, g in enumerate(model.agents)), "group name", file
    )
    for index, queue in enumerate(model.queues):
        for where, target in _targets(queue, ("queues", index)):
            _names_queue(target, where, ids, file)
            if target == queue.id:
                raise file.error(where, f"{target!r} is the queue itself; expected another queue")
    for index, group in enumerate(model.agents):
        skills = group.skills
        keyed = enumerate(skills) if isinstance(skills, list) else ((q, q) for q in skills)
        seen: dict[str, Key] = {}
        for part, queue_id in keyed:
            key: Key = ("agents", index, "skills", part)
            _names_queue(queue_id, key, ids, file)
            if queue_id in seen:
                raise file.error(key, f"{queue_id!r} is listed twice; expected each queue once")
            seen[queue_id] = key
    _no_overflow_loop(model, file)
    _someone_answers(model, file)


def _unique(names: Iterable[tuple[str, Key]], what: str, file: ScenarioFile) -> None:
    first: dict[str, Key] = {}
    for name, key in names:
        if name in first:
            raise file.error(
                key,
                f"{name!r} is already the {what} of {dotted(first[name][:2])} (line "
                f"{file.line(first[name])}); expected each {what} once",
            )
        first[name] = key


def _names_queue(name: str, key: Key, ids: list[str], file: ScenarioFile) -> None:
    if name not in ids:
        raise file.error(
            key, f"{name!r} names no queue{suggest(name, ids)}; expected one of {', '.join(ids)}"
        )


def _targets(queue: QueueModel, key: Key) -> list[tuple[Key, str]]:
    """The queues this one passes contacts on to, with the key that names each."""
    found: list[tuple[Key, str]] = []
    if queue.overflow is not None:
        found.append(((*key, "overflow", "to"), queue.overflow.to))
    for name in ("when_closed", "when_full"):
        redirect = getattr(queue, name)
        if redirect is not None and redirect.queue is not None:
            found.append(((*key, name, "queue"), redirect.queue))
    return found


def _no_overflow_loop(model: ScenarioModel, file: ScenarioFile) -> None:
    overflow = {q.id: q.overflow.to for q in model.queues if q.overflow is not None}
    for index, queue in enumerate(model.queues):
        chain = [queue.id]
        while chain[-1] in overflow:
            chain.append(overflow[chain[-1]])
            if chain[-1] == queue.id:
                raise file.error(
                    ("queues", index, "overflow", "to"),
                    f"overflow goes round in a loop: {' → '.join(chain)}; expected a chain "
                    "that ends at a queue without overflow",
                )
            if chain[-1] in chain[:-1]:
                break  # a loop further on: reported at a queue of that loop


def _someone_answers(model: ScenarioModel, file: ScenarioFile) -> None:
    """Every queue has a group with a skill for it, or passes contacts on to one that has."""
    answered = {queue_id for group in model.agents for queue_id in group.skills}
    passes = {q.id: [target for _, target in _targets(q, ())] for q in model.queues}
    changed = True
    while changed:
        changed = False
        for queue_id, targets in passes.items():
            if queue_id not in answered and any(t in answered for t in targets):
                answered.add(queue_id)
                changed = True
    for index, queue in enumerate(model.queues):
        if queue.id not in answered:
            onward = passes[queue.id]
            also = (
                f", and the queues it passes contacts on to ({', '.join(onward)}) are not "
                "answered either"
                if onward
                else ""
            )
            raise file.error(
                ("queues", index, "id"),
                f"no one can answer queue {queue.id!r}: no agent group has a skill for it"
                f"{also}; expected it in the skills of a group under agents, or overflow, "
                "when_closed or when_full to a queue that is answered",
            )
