"""The embedded default's SQLite backend (linja.site.sqlite): the writing transactions of
one process take the database's write lock one after another, and a transaction that ends
in any way — committed, rolled back, failed to begin — hands the turn on."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError, connections, transaction

ALIAS = "writers"


@pytest.fixture
def database(tmp_path: Path, django_db_blocker: Any) -> Iterator[str]:
    """A file database of the embedded default's kind under its own alias, with a row to
    count on."""
    config = {
        "ENGINE": "linja.site.sqlite",
        "NAME": str(tmp_path / "writers.sqlite3"),
        "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL;",
                    "transaction_mode": "IMMEDIATE", "timeout": 1},
    }  # fmt: skip
    both = connections.configure_settings({"default": dict(connections.settings["default"]),
                                            ALIAS: config})  # fmt: skip
    connections.settings[ALIAS] = both[ALIAS]
    with django_db_blocker.unblock():
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("CREATE TABLE counter (n INTEGER)")
            cursor.execute("INSERT INTO counter VALUES (0)")
        yield ALIAS
        connections[ALIAS].close()
    del connections[ALIAS]  # this thread's connection to it, and its settings
    del connections.settings[ALIAS]


def count() -> int:
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT n FROM counter")
        return int(cursor.fetchone()[0])


def add_one() -> None:
    with transaction.atomic(using=ALIAS), connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT n FROM counter")
        n = cursor.fetchone()[0]
        cursor.execute("UPDATE counter SET n = %s", [n + 1])


def in_thread(run: Any) -> threading.Thread:
    def body() -> None:
        try:
            run()
        finally:
            connections[ALIAS].close()

    thread = threading.Thread(target=body)
    thread.start()
    return thread


def test_a_second_writer_begins_only_when_the_first_has_committed(database: str) -> None:
    order: list[str] = []
    first_in, let_go = threading.Event(), threading.Event()

    def first() -> None:
        with transaction.atomic(using=ALIAS), connections[ALIAS].cursor() as cursor:
            order.append("first begins")
            first_in.set()
            let_go.wait(5)
            cursor.execute("UPDATE counter SET n = n + 1")
            order.append("first commits")

    def second() -> None:
        with transaction.atomic(using=ALIAS), connections[ALIAS].cursor() as cursor:
            order.append("second begins")
            cursor.execute("UPDATE counter SET n = n + 10")

    a = in_thread(first)
    assert first_in.wait(5)
    b = in_thread(second)
    b.join(0.2)
    assert b.is_alive(), "the second writer began while the first was open"
    let_go.set()
    a.join(5)
    b.join(5)
    assert order == ["first begins", "first commits", "second begins"]
    assert count() == 11


def test_many_threads_writing_at_once_lose_no_write_and_meet_no_lock_error(
    database: str,
) -> None:
    errors: list[BaseException] = []

    def writer() -> None:
        for _ in range(25):
            try:
                add_one()
            except BaseException as exc:  # counted below
                errors.append(exc)

    threads = [in_thread(writer) for _ in range(8)]
    for t in threads:
        t.join(60)
    assert errors == []
    assert count() == 8 * 25  # a read-then-write per transaction: none overlapped


def test_a_rolled_back_transaction_hands_the_turn_on(database: str) -> None:
    with (pytest.raises(ZeroDivisionError), transaction.atomic(using=ALIAS),
          connections[ALIAS].cursor() as cursor):  # fmt: skip
        cursor.execute("UPDATE counter SET n = 5")
        1 / 0  # noqa: B018
    done = in_thread(add_one)  # would wait out the timeout and fail if the turn were kept
    done.join(5)
    assert count() == 1  # the rolled-back 5 is gone, the other thread's write is there


def test_nested_transactions_take_the_turn_once(database: str) -> None:
    with transaction.atomic(using=ALIAS):
        with transaction.atomic(using=ALIAS):  # a savepoint: no second turn to wait for
            add_one()
        add_one()
    assert count() == 2


def test_a_writer_that_gets_no_turn_in_time_is_told_so(database: str) -> None:
    holding, let_go = threading.Event(), threading.Event()

    def holder() -> None:
        with transaction.atomic(using=ALIAS):
            holding.set()
            let_go.wait(5)

    a = in_thread(holder)
    assert holding.wait(5)
    try:
        with pytest.raises(OperationalError, match="no write turn within 1 s"):
            add_one()
    finally:
        let_go.set()
        a.join(5)
    add_one()  # and once the holder is done, the turn is there again
    assert count() == 1
