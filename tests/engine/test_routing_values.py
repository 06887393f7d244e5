"""The router's building blocks on their own: decisions as values, the contact table and
the waiting heap, each checked against the plain structure it stands in for."""

from __future__ import annotations

import pickle
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from linja.engine.routing import (
    AgentChanged,
    Announce,
    Moved,
    Offer,
    OfferCallback,
    OfferWithdrawn,
    QueueRules,
    Rejected,
    Timer,
    Widened,
)
from linja.engine.routing.lines import ContactHeap, ahead
from linja.engine.routing.state import Contact, QueueState
from linja.engine.routing.table import ContactTable

EXAMPLES: list[Any] = [
    Timer(130.0, 1, 7, 2),
    Offer(7, "x", "q", None),
    Offer("c-9", "x", "q", 45.5),
    OfferWithdrawn(7, "x", "abandoned"),
    Moved(7, "a", "b", "overflow"),
    Widened(7, "q"),
    Announce(7, "q", "position", 3, 240.0, "Straumbrot i Alver"),
    OfferCallback(7, "q", 400.0),
    Rejected(7, "q", "closed", "closed", "+47 55 97 50 00"),
    AgentChanged("x", "paused", "no_answer"),
]


# ---------------------------------------------------------------------------- decisions


def test_decisions_with_the_same_kind_and_fields_are_equal_and_hash_alike() -> None:
    for d in EXAMPLES:
        again = type(d)(*d.values())
        assert again == d
        assert hash(again) == hash(d)
    assert len(set(EXAMPLES + [type(d)(*d.values()) for d in EXAMPLES])) == len(EXAMPLES)


def test_decisions_differ_by_any_field_and_by_kind() -> None:
    assert Offer(7, "x", "q", None) != Offer(7, "y", "q", None)
    assert Offer(7, "x", "q", None) != Offer(7, "x", "q", 10.0)
    # same field values, different decisions
    assert OfferCallback(7, "q", 400.0) != Widened(7, "q")
    assert Widened(7, "q") != (7, "q")


def test_decisions_read_their_fields_by_name() -> None:
    offer = Offer("c-9", "x", "q", 45.5)
    assert (offer.contact, offer.agent, offer.queue, offer.timeout_at) == ("c-9", "x", "q", 45.5)
    timer = Timer(130, 1, 7, 2)  # an instant given as a whole number is a float
    assert (timer.at, timer.kind, timer.subject, timer.ticket) == (130.0, 1, 7, 2)


def test_decisions_survive_pickling() -> None:
    assert pickle.loads(pickle.dumps(EXAMPLES)) == EXAMPLES


def test_decisions_print_their_kind_and_fields() -> None:
    assert repr(Moved(7, "a", "b", "overflow")) == (
        "Moved(contact=7, source='a', target='b', reason='overflow')"
    )


# ---------------------------------------------------------------------------- the contact table

QUEUE = QueueState(QueueRules("q"))
KEYS = st.one_of(
    st.integers(-3, 40),  # the simulator's numbers, and some just outside them
    st.integers(10**12, 10**12 + 3),  # a database's large ids
    st.sampled_from(["c-1", "c-2", "", "12"]),  # the live service's text ids
)


def contact(key: Any) -> Contact:
    return Contact(key, QUEUE, 0, None, 0.0, 0)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["add", "remove", "get"]), KEYS), max_size=80))
def test_contact_table_behaves_like_a_dict(ops: list[tuple[str, Any]]) -> None:
    table = ContactTable()
    model: dict[Any, Contact] = {}
    for op, key in ops:
        if op == "add":
            c = contact(key)
            assert table.add(key, c) == (key not in model)
            model.setdefault(key, c)
        elif op == "remove" and key in model:
            table.remove(key)
            del model[key]
        assert table.get(key) is model.get(key)
        assert (key in table) == (key in model)
        assert len(table) == len(model)
    assert sorted(map(repr, table)) == sorted(map(repr, model))
    assert {k: v for k, v in table.items()} == model


def test_contact_table_takes_numbers_out_of_order_and_texts_alike() -> None:
    table = ContactTable()
    for key in (0, 5, 1, "5", 2):
        assert table.add(key, contact(key))
    assert not table.add(5, contact(5))
    assert not table.add("5", contact("5"))
    assert [table[k].id for k in (0, 1, 2, 5, "5")] == [0, 1, 2, 5, "5"]
    table.remove(5)
    assert 5 not in table and "5" in table and len(table) == 4


# ---------------------------------------------------------------------------- the waiting heap


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["push", "push", "pop", "remove"]), st.integers(0, 2),
                  st.integers(0, 50)),
        max_size=120,
    )
)  # fmt: skip
def test_contact_heap_gives_the_highest_priority_then_the_oldest(
    ops: list[tuple[str, int, int]],
) -> None:
    heap = ContactHeap()
    model: list[Contact] = []
    seq = 0
    for op, priority, pick in ops:
        if op == "push":
            seq += 1
            c = Contact(seq, QUEUE, priority, None, 0.0, seq)
            heap.push(c)
            model.append(c)
        elif op == "pop" and model:
            first = min(model, key=lambda c: (-c.priority, c.seq))
            assert heap.pop() is first
            model.remove(first)
        elif op == "remove" and model:
            gone = model.pop(pick % len(model))
            heap.remove(gone)
            assert gone.place == -1 and gone not in heap
        assert len(heap) == len(model)
        assert heap.in_order() == sorted(model, key=lambda c: (-c.priority, c.seq))
        assert all(heap.items[c.place] is c for c in model)
        assert all(
            i == 0 or not ahead(c, heap.items[(i - 1) // 2]) for i, c in enumerate(heap.items)
        )
