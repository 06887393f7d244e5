"""The simulator's agenda: events come out earliest first, those due together in the order
they were put in (or moved), whatever mix of adds, pops and moves led there."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from linja.engine.sim.agenda import Agenda, Event

DUES = st.sampled_from([0.0, 1.0, 1.0, 2.5, 7.0, 7.0, 30.0])  # few values: many ties


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["add", "add", "pop", "move", "recycle"]), DUES,
                  st.integers(0, 99)),
        max_size=150,
    )
)  # fmt: skip
def test_agenda_pops_by_due_then_by_when_it_was_scheduled(
    ops: list[tuple[str, float, int]],
) -> None:
    agenda = Agenda()
    order = 0  # when each event was last (re)scheduled, as the model sees it
    model: dict[int, tuple[float, int]] = {}  # id(event) -> (due, order)
    held: dict[int, Event] = {}
    outside: list[Event] = []  # popped events, to be put back by a move
    for op, due, pick in ops:
        if op == "add":
            e = agenda.add(due, 1, contact=pick)
            model[id(e)] = (due, order)
            held[id(e)] = e
            order += 1
        elif op == "pop" and model:
            first = min(model, key=lambda k: model[k])
            e = agenda.pop()
            assert id(e) == first and e.due == model[first][0]
            del model[first]
            outside.append(held.pop(first))
        elif op == "move" and (model or outside):
            if outside and (pick % 2 or not model):
                e = outside.pop()  # back into the agenda
                held[id(e)] = e
            else:
                e = held[sorted(model)[pick % len(model)]]
            agenda.schedule(e, due, 2)
            assert e.kind == 2
            model[id(e)] = (due, order)
            order += 1
        elif op == "recycle" and outside:
            agenda.recycle(outside.pop())
        assert len(agenda) == len(model)
        assert agenda.items[0].due == min(model.values())[0] if model else not agenda.items
        assert all(agenda.items[e.place] is e for e in held.values())
    drained = [agenda.pop() for _ in range(len(agenda))]
    assert [(e.due, e.seq) for e in drained] == sorted((e.due, e.seq) for e in drained)


def test_a_recycled_event_carries_the_next_one() -> None:
    agenda = Agenda()
    first = agenda.add(5.0, 1, contact=3)
    assert agenda.pop() is first
    agenda.recycle(first)
    second = agenda.add(9.0, 4, contact=8)
    assert second is first
    assert (second.due, second.kind, second.contact, second.timer) == (9.0, 4, 8, None)
