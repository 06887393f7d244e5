"""The contact records of live contacts (DESIGN.md §4) and the indicators linja.engine.kpi
computes from them: the same definition as every other report."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest
from tests.orgs.world import World
from typer.testing import CliRunner

from linja.cli import _register, app
from linja.contact import actions
from linja.contact.records import contacts_between, frame
from linja.engine import kpi
from linja.engine.records import read_records
from linja.queues import actions as queues

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)  # 09:00 in Oslo


def s(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


@pytest.fixture
def day(world: World) -> World:
    """Four calls to the eye clinic (SL threshold 60 s, wrap-up up to 30 s): one answered
    after 20 s, one after 90 s, one abandoned after 30 s, and one turned away while the
    queue was closed."""
    sec, auge = world.people["sec"], world.objects["auge"]
    queues.change_queue(auge, wrapup_seconds=30)
    actions.log_in(sec, at=s(0))
    actions.arrive(auge, contact="a", caller="k1", at=s(0))
    actions.arrive(auge, contact="b", caller="k2", at=s(10))
    actions.arrive(auge, contact="c", caller="k1", at=s(20))
    actions.ready(sec, at=s(20))  # offered a
    actions.contact_event("accepted", "a", agent=sec, at=s(20))
    actions.contact_event("abandoned", "c", at=s(50))
    actions.contact_event("ended", "a", at=s(80))
    actions.wrapup_done(sec, at=s(90))  # offered b
    actions.contact_event("accepted", "b", agent=sec, at=s(100))
    actions.contact_event("ended", "b", at=s(200))
    queues.change_queue(auge, when_closed_number="+4757000000")
    from linja.contact.service import SERVICE

    SERVICE.submit("queue_open", {"queue": "auge", "open": False}, at=s(300))
    actions.arrive(auge, contact="d", at=s(310))
    return world


def test_the_records_are_the_contacts_that_entered_a_queue(day: World) -> None:
    records = frame(contacts_between(date(2026, 12, 2), date(2026, 12, 2)))
    assert records["contact_id"].to_list() == ["a", "b", "c"]  # d never entered the queue
    a = records.row(0, named=True)
    assert (a["unit"], a["queue"], a["channel"], a["agent"], a["answered_queue"]) == (
        "Augepoliklinikken", "auge", "phone", "sec", "auge",
    )  # fmt: skip
    assert (a["arrived_at"], a["answered_at"], a["ended_at"]) == (s(0), s(20), s(80))
    assert a["wrapup_seconds"] == 10.0  # ended at 80, ready at 90


def test_the_indicators_come_from_the_one_definition(day: World) -> None:
    records = frame(contacts_between(date(2026, 12, 2), date(2026, 12, 2)))
    [row] = kpi.compute(records).to_dicts()
    # worked out by hand: 3 offered, 2 answered (waits 20 s and 90 s), 1 abandoned
    assert (row["offered"], row["answered"], row["abandoned"]) == (3, 2, 1)
    assert row["answer_rate"] == pytest.approx(2 / 3)
    assert row["service_level"] == pytest.approx(1 / 3)  # only a within 60 s
    assert row["asa_seconds"] == pytest.approx(55.0)
    assert row["aht_seconds"] == pytest.approx(((60 + 10) + (100 + 0)) / 2)


def test_another_day_has_none_of_them(day: World) -> None:
    assert frame(contacts_between(date(2026, 12, 3), date(2026, 12, 3))).height == 0


def test_linja_export_records_writes_canonical_records(day: World, tmp_path: Path) -> None:
    _register()
    out = tmp_path / "records.csv"
    done = CliRunner().invoke(app, ["export", "records", "--from", "2026-12-02", "--to",
                                    "2026-12-02", "--out", str(out)])  # fmt: skip
    assert done.exit_code == 0, done.output
    loaded = read_records([out]).frame
    assert loaded["contact_id"].to_list() == ["a", "b", "c"]
    assert loaded.filter(pl.col("contact_id") == "c")["answered_at"].to_list() == [None]
    printed = CliRunner().invoke(app, ["export", "records", "--from", "2026-12-02", "--to",
                                       "2026-12-02"])  # fmt: skip
    assert printed.stdout.splitlines()[0].startswith("contact_id,unit,queue,channel,caller")
    assert len(printed.stdout.splitlines()) == 4


def test_export_records_says_what_is_wrong_with_its_days(day: World) -> None:
    _register()
    backwards = CliRunner().invoke(app, ["export", "records", "--from", "2026-12-03", "--to",
                                         "2026-12-02"])  # fmt: skip
    assert backwards.exit_code != 0
    assert "--to: 2026-12-02 is before --from 2026-12-03" in str(backwards.exception)
