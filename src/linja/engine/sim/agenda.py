"""The simulator's agenda: what is due when, the earliest first.

Events due at the same instant come out in the order they were put in, so a run is the
same every time. A plain 4-ary heap of small objects, written for the compiled engine:
no tuples to build and compare, and event objects used again once dealt with.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from linja.engine.routing.decisions import ContactId, Timer

if TYPE_CHECKING:  # mypyc's native 64-bit integer; a plain int when not compiled
    from mypy_extensions import i64


class Event:
    """Something due at ``due``: ``kind`` says what, ``contact`` or ``timer`` or
    ``roster`` (agent id, group index, pause reason) says to whom. A waiting caller's
    event also carries the ``handle`` time the contact will take once answered."""

    __slots__ = ("contact", "due", "handle", "kind", "place", "roster", "seq", "spare", "timer")

    def __init__(
        self, due: float, seq: i64, kind: int, contact: ContactId = -1, timer: Timer | None = None,
        roster: tuple[str, int, str | None] | None = None,
    ) -> None:  # fmt: skip
        self.due = due
        self.seq = seq
        self.kind = kind
        self.contact = contact
        self.timer = timer
        self.roster = roster
        self.spare: Event | None = None  # the next spare event, while this one is spare
        self.place: i64 = -1  # index in the agenda's heap; -1 when not in it
        self.handle = 0.0


class Agenda:
    def __init__(self) -> None:
        self.items: list[Event] = []
        self.added: i64 = 0
        self.spare: Event | None = None  # events dealt with, to carry later ones

    def __len__(self) -> int:
        return len(self.items)

    def recycle(self, e: Event) -> None:
        """``e`` has been dealt with: its object may carry a later event."""
        e.timer = None
        e.roster = None
        e.spare = self.spare
        self.spare = e

    def add(
        self, due: float, kind: int, contact: ContactId = -1, timer: Timer | None = None,
        roster: tuple[str, int, str | None] | None = None,
    ) -> Event:  # fmt: skip
        seq = self.added
        self.added = seq + 1
        e = self.spare
        if e is not None:
            self.spare = e.spare
            e.spare = None
            e.due = due
            e.seq = seq
            e.kind = kind
            e.contact = contact
            e.timer = timer
            e.roster = roster
        else:
            e = Event(due, seq, kind, contact, timer, roster)
        self.items.append(e)
        self._up(e, len(self.items) - 1)
        return e

    def schedule(self, e: Event, due: float, kind: int) -> None:
        """``e`` (in the agenda or not) now stands for ``kind`` at ``due``, as if just added."""
        if e.place < 0:
            e.due = due
            e.kind = kind
            e.seq = self.added
            self.added += 1
            self.items.append(e)
            self._up(e, len(self.items) - 1)
            return
        e.due = due
        e.kind = kind
        e.seq = self.added
        self.added += 1
        i = e.place
        if i > 0:
            p = self.items[(i - 1) >> 2]
            if due < p.due or (due == p.due and e.seq < p.seq):
                self._up(e, i)
                return
        self._down(e, i)

    def _up(self, e: Event, i: i64) -> None:
        items = self.items
        due = e.due
        seq = e.seq
        while i > 0:
            parent = (i - 1) >> 2
            p = items[parent]
            if p.due < due or (p.due == due and p.seq < seq):
                break
            items[i] = p
            p.place = i
            i = parent
        items[i] = e
        e.place = i

    def pop(self) -> Event:
        """The event due first (the agenda must not be empty)."""
        items = self.items
        top = items[0]
        top.place = -1
        last = items.pop()
        if items:
            self._down(last, 0)
        return top

    def _down(self, e: Event, i: i64) -> None:
        items = self.items
        n: i64 = len(items)
        due = e.due
        seq = e.seq
        child: i64 = 4 * i + 1
        while child < n:
            x = items[child]
            last = child + 4 if child + 4 < n else n
            k = child + 1
            while k < last:
                y = items[k]
                if y.due < x.due or (y.due == x.due and y.seq < x.seq):
                    child = k
                    x = y
                k += 1
            if due < x.due or (due == x.due and seq < x.seq):
                break
            items[i] = x
            x.place = i
            i = child
            child = 4 * i + 1
        items[i] = e
        e.place = i
