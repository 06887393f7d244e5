"""The router's contacts by id: a mapping that is quick for the simulator's ids.

The live service names contacts by text (or any hashable id); the simulator numbers them
0, 1, 2, … A dict serves both, but a list indexed by the number is several times
quicker, and the simulator looks a contact up millions of times. So whole numbers that
continue the list go in the list, and every other id in a dict; to the router it is one
mapping either way.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from linja.engine.routing.decisions import ContactId

if TYPE_CHECKING:
    from linja.engine.routing.state import Contact


class ContactTable:
    """``id -> Contact`` for the contacts the router holds."""

    __slots__ = ("by_number", "by_other", "count")

    def __init__(self) -> None:
        self.by_number: list[Contact | None] = []  # ids 0, 1, 2, … up to its length
        self.by_other: dict[ContactId, Contact] = {}
        self.count = 0

    def __len__(self) -> int:
        return self.count

    def get(self, key: ContactId) -> Contact | None:
        if isinstance(key, int) and 0 <= key < len(self.by_number):
            c = self.by_number[key]
            if c is not None:
                return c
        return self.by_other.get(key) if self.by_other else None

    def __getitem__(self, key: ContactId) -> Contact:
        c = self.get(key)
        if c is None:
            raise KeyError(key)
        return c

    def __contains__(self, key: object) -> bool:
        if isinstance(key, int) or isinstance(key, str):  # noqa: SIM101 (compiled as two checks)
            return self.get(key) is not None
        return False

    def add(self, key: ContactId, c: Contact) -> bool:
        """Hold ``c`` under ``key``; False (and nothing changed) if the key is taken."""
        numbers = self.by_number
        if isinstance(key, int) and 0 <= key <= len(numbers):
            if self.by_other and key in self.by_other:
                return False
            if key == len(numbers):
                numbers.append(c)
            elif numbers[key] is None:
                numbers[key] = c
            else:
                return False
        elif key in self.by_other:
            return False
        else:
            self.by_other[key] = c
        self.count += 1
        return True

    def remove(self, key: ContactId) -> None:
        """Let go of ``key``'s contact (it must be held)."""
        numbers = self.by_number
        if isinstance(key, int) and 0 <= key < len(numbers) and numbers[key] is not None:
            numbers[key] = None
            self.count -= 1
            return
        del self.by_other[key]
        self.count -= 1

    def values(self) -> list[Contact]:
        return [c for c in self.by_number if c is not None] + list(self.by_other.values())

    def keys(self) -> list[ContactId]:
        return [c.id for c in self.values()]

    def items(self) -> list[tuple[ContactId, Contact]]:
        return [(c.id, c) for c in self.values()]

    def __iter__(self) -> Iterator[ContactId]:
        return iter(self.keys())
