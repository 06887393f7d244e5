"""Django's SQLite backend, with the writers of one process waiting in line.

SQLite has one write lock per database. A writing transaction that finds it taken waits
in SQLite's busy handler, which sleeps and tries again (1, 2, 5 … 100 ms): under load the
waiting threads poll, the lock is often free with nobody taking it, and a thread can miss
its turn again and again — offers of the live service took seconds, and some waited out
the timeout ("database is locked"). Here a writing transaction first takes a lock of this
process for the database file, so the threads of a server take the write lock one after
another, each as soon as the one before commits. Other processes (a `linja` command beside
the server) still meet at SQLite's own lock.

In-memory databases (the tests') are left alone: there every connection of a thread is
its own database, or the test runner holds one transaction for a whole test.
"""

from __future__ import annotations

import threading

from django.db import OperationalError
from django.db.backends.sqlite3 import base

_GATES: dict[str, threading.Lock] = {}
_GATES_LOCK = threading.Lock()


def gate_of(name: str) -> threading.Lock:
    """The lock of this process for the database file ``name``."""
    with _GATES_LOCK:
        return _GATES.setdefault(name, threading.Lock())


class DatabaseWrapper(base.DatabaseWrapper):
    # (the stubs leave out the private methods of Django's backends it extends: ignores)
    _gate_held: threading.Lock | None = None

    def _start_transaction_under_autocommit(self) -> None:
        if self.is_in_memory_db():
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
            return
        gate = gate_of(str(self.settings_dict["NAME"]))
        timeout = float(self.settings_dict.get("OPTIONS", {}).get("timeout", 5))
        if not gate.acquire(timeout=timeout):
            raise OperationalError(f"database is locked: no write turn within {timeout:g} s")
        self._gate_held = gate
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
        except BaseException:
            self._let_go()
            raise

    def _let_go(self) -> None:
        gate, self._gate_held = self._gate_held, None
        if gate is not None:
            gate.release()

    def _commit(self) -> None:
        try:
            super()._commit()  # type: ignore[misc]
        finally:
            self._let_go()

    def _rollback(self) -> None:
        try:
            super()._rollback()  # type: ignore[misc]
        finally:
            self._let_go()

    def _close(self) -> None:
        try:
            super()._close()  # type: ignore[misc]
        finally:
            self._let_go()
