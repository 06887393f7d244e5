"""Wrong inputs to the router: a RoutingError saying what was wrong, and nothing changed,
the same whether the engine runs compiled or interpreted (make unit-pure)."""

from __future__ import annotations

from collections.abc import Callable
from types import MappingProxyType
from typing import Any

import pytest
from tests.engine.test_routing import snapshot

from linja.engine.routing import QueueRules, Router, RoutingConfig, RoutingError


def router() -> Router:
    r = Router(RoutingConfig((QueueRules("a", organisation="n", widen_after_seconds=10.0),
                              QueueRules("b"))))  # fmt: skip
    r.login(0.0, "x", {"a": 1}, "n")
    r.ready(0.0, "x")
    r.arrive(1.0, 0, "a")  # offered to x
    r.arrive(1.0, "s", "a")  # waiting
    return r


WRONG: list[tuple[str, Callable[[Router], Any], str]] = [
    ("a float contact id", lambda r: r.arrive(2, 1.5, "a"), "a whole number or a text"),
    ("None as contact id", lambda r: r.arrive(2, None, "a"), "a whole number or a text"),
    ("True as contact id", lambda r: r.arrive(2, True, "a"), "a whole number or a text"),
    ("a number as queue", lambda r: r.arrive(2, 9, 5), "no queue 5"),
    ("an unknown queue", lambda r: r.arrive(2, 9, "zz"), "no queue 'zz'"),
    ("a float priority", lambda r: r.arrive(2, 9, "a", 1.5), "a priority is a whole number"),
    ("a number as caller", lambda r: r.arrive(2, 9, "a", None, 47), "a caller key is a text"),
    ("a contact twice", lambda r: r.arrive(2, 0, "a"), "has already arrived"),
    ("ending an unknown contact", lambda r: r.end(2, 77), "no contact 77"),
    ("ending a float id", lambda r: r.end(2, 0.0), "no contact 0.0"),
    ("accepting for a number as agent", lambda r: r.accept(2, 0, 7), "not logged in"),
    ("accepting for another agent", lambda r: r.accept(2, 0, "y"), "not logged in"),
    ("declining a float id", lambda r: r.decline(2, 0.0, "x"), "no contact 0.0"),
    ("a number as agent", lambda r: r.login(2, 7, {"a": 1}), "an agent is named by a text"),
    ("skills as a list", lambda r: r.login(2, "z", ["a"]), "skills map queues to levels"),
    ("a number as skill queue", lambda r: r.login(2, "z", {5: 1}), "names a queue by its id"),
    ("a float skill level", lambda r: r.login(2, "z", {"a": 1.5}), "whole number from 1"),
    ("None as organisation", lambda r: r.login(2, "z", {"a": 1}, None), "organisation is a text"),
    ("1 as auto_answer", lambda r: r.login(2, "z", {"a": 1}, "", 1), "true or false"),
    ("None as pause reason", lambda r: r.pause(2, "x", None), "reason, a text"),
    ("a number as agent to ready", lambda r: r.ready(2, 7), "not logged in"),
    ("transfer to a number as queue", lambda r: r.transfer(2, 0, 5), "is offered"),
    ("a number as queue to open", lambda r: r.set_open(2, 5, True), "no queue 5"),
    ("1 as open", lambda r: r.set_open(2, "a", 1), "true, false or none"),
    ("a number as message", lambda r: r.set_message(2, "a", 5), "a message is a text"),
    ("not a timer", lambda r: r.timer_due(2, ("a", 1)), "expected a timer"),
    ("waiting of a number as queue", lambda r: r.waiting(5), "no queue 5"),
    ("position of a float id", lambda r: r.position(1.5), "no contact 1.5"),
]


@pytest.mark.parametrize(("what", "call", "message"), WRONG, ids=[w[0] for w in WRONG])
def test_a_wrong_input_is_a_routing_error_and_changes_nothing(
    what: str, call: Callable[[Router], Any], message: str
) -> None:
    r = router()
    before = snapshot(r)
    with pytest.raises(RoutingError, match=message.replace("(", r"\(")):
        call(r)
    assert snapshot(r) == before


def test_skills_may_be_any_mapping_and_reading_odd_ids_answers_plainly() -> None:
    r = router()
    assert r.login(2, "z", MappingProxyType({"a": 2})) == []
    assert r.contact_state(None) == "done"
    assert r.agent_state(7) == ("logged_out", None)


def test_rules_of_the_wrong_kind_are_refused_with_the_queue_named() -> None:
    with pytest.raises(ValueError, match="queue 'q': agent_choice 'random' is not one of"):
        QueueRules("q", agent_choice="random")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="queue 'q': priority is a whole number, got 1.5"):
        QueueRules("q", priority=1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="queue 'q': wrapup_seconds is a number of seconds"):
        QueueRules("q", wrapup_seconds=-5)
