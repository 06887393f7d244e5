"""The two lines of a queue: waiting contacts (a heap) and ready agents (a linked list).

Both are written for the compiled engine: plain loops over typed fields, no tuples to
build and compare. A contact knows its place in the heap (``place``, or ``wplace`` in
the heap of widened contacts), so leaving a queue early costs a few steps, not a search.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from linja.engine.routing.state import Agent, Contact, QueueState


def ahead(a: Contact, b: Contact) -> bool:
    """Is ``a`` answered before ``b``: higher priority, then earlier in Linja."""
    if a.priority != b.priority:
        return a.priority > b.priority
    return a.seq < b.seq


class ContactHeap:
    """Waiting contacts, the next to be answered on top.

    ``widened`` says which place of a contact this heap keeps up to date: ``place`` for
    a queue's waiting line, ``wplace`` for its line of widened contacts.
    """

    def __init__(self, widened: bool = False) -> None:
        self.items: list[Contact] = []
        self.widened = widened

    def __len__(self) -> int:
        return len(self.items)

    def top(self) -> Contact | None:
        return self.items[0] if self.items else None

    def __contains__(self, c: Contact) -> bool:
        i = c.wplace if self.widened else c.place
        return 0 <= i < len(self.items) and self.items[i] is c

    def in_order(self) -> list[Contact]:
        """All waiting contacts, the next to be answered first."""
        return sorted(self.items, key=lambda c: (-c.priority, c.seq))

    def push(self, c: Contact) -> None:
        self.items.append(c)
        self._up(c, len(self.items) - 1)

    def pop(self) -> Contact:
        return self.remove(self.items[0])

    def remove(self, c: Contact) -> Contact:
        """Take ``c`` out (it must be in the heap)."""
        items = self.items
        i = c.wplace if self.widened else c.place
        last = items.pop()
        self._set(c, -1)
        if last is not c:
            if i > 0 and ahead(last, items[(i - 1) >> 1]):
                self._up(last, i)
            else:
                self._down(last, i)
        return c

    def _set(self, c: Contact, i: int) -> None:
        if self.widened:
            c.wplace = i
        else:
            c.place = i

    def _up(self, c: Contact, i: int) -> None:
        items = self.items
        while i > 0:
            parent = (i - 1) >> 1
            p = items[parent]
            if not ahead(c, p):
                break
            items[i] = p
            self._set(p, i)
            i = parent
        items[i] = c
        self._set(c, i)

    def _down(self, c: Contact, i: int) -> None:
        items = self.items
        n = len(items)
        while True:
            child = 2 * i + 1
            if child >= n:
                break
            right = child + 1
            if right < n and ahead(items[right], items[child]):
                child = right
            x = items[child]
            if not ahead(x, c):
                break
            items[i] = x
            self._set(x, i)
            i = child
        items[i] = c
        self._set(c, i)


class Member:
    """One skill of one agent: the agent's place in the ready line of one queue and level.

    ``own`` is False when the queue widens to other organisations and the agent is of
    another one: the agent then takes only the queue's widened contacts.
    """

    def __init__(
        self, agent: Agent, queue: QueueState, level: int, own: bool, line: ReadyLine
    ) -> None:
        self.agent = agent
        self.queue = queue
        self.level = level
        self.own = own
        self.line = line
        self.prev: Member | None = None
        self.next: Member | None = None
        self.listed = False


class ReadyLine:
    """Ready agents of one queue and skill level, in the order they became ready (the
    longest idle first)."""

    def __init__(self) -> None:
        self.first: Member | None = None
        self.last: Member | None = None
        self.size = 0

    def __len__(self) -> int:
        return self.size

    def agents(self) -> list[Agent]:
        out: list[Agent] = []
        m = self.first
        while m is not None:
            out.append(m.agent)
            m = m.next
        return out

    def append(self, m: Member) -> None:
        m.prev = self.last
        m.next = None
        if self.last is None:
            self.first = m
        else:
            self.last.next = m
        self.last = m
        m.listed = True
        self.size += 1

    def remove(self, m: Member) -> None:
        if m.prev is None:
            self.first = m.next
        else:
            m.prev.next = m.next
        if m.next is None:
            self.last = m.prev
        else:
            m.next.prev = m.prev
        m.prev = m.next = None
        m.listed = False
        self.size -= 1
