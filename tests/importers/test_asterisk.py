"""The Asterisk queue_log importer (docs/importer-asterisk.md).

Times in the logs are B + n seconds, B = 1772434800 = 2026-03-02T07:00:00Z (08:00 in Oslo).
The expected records are worked out by hand from the log lines; the comments show how.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from linja.callerkey import caller_key
from linja.engine.records import COLUMNS, LINE, load, write_records
from linja.errors import LinjaError
from linja.importers import ImportSettings, load_records, reader_for
from linja.importers.asterisk import (
    EXAMPLE_LINE,
    QueueLogError,
    QueueLogSource,
    QueueLogSummary,
    read_queue_log,
    read_queue_logs,
)

DATA = Path(__file__).parent / "data" / "asterisk"
EVERY_EVENT = DATA / "every_event.log"
KEY = b"test-caller-key-0123456789"
B = 1772434800  # 2026-03-02T07:00:00Z
UNITS = {"orto": "Førde", "kir": "Førde"}  # sentralbord is not mapped: its own unit
SETTINGS = ImportSettings(caller_key=KEY, queue_units=UNITS)


def at(seconds: int) -> datetime:
    """B + seconds as an aware UTC datetime."""
    return datetime.fromtimestamp(B + seconds, UTC)


def key(number: str) -> str:
    value = caller_key(number, KEY)
    assert value is not None
    return value


def write(tmp_path: Path, *lines: str, name: str = "queue_log") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def rows(source: QueueLogSource) -> list[dict[str, Any]]:
    return source.frame.to_dicts()


def record(
    contact_id: str,
    line: int,
    queue: str,
    caller: str | None,
    arrived: int,
    answered: int | None,
    ended: int | None,
    agent: str | None = None,
    answered_queue: str | None = None,
    unit: str | None = None,
) -> dict[str, Any]:
    """An expected record; times in seconds after B."""
    return {
        "contact_id": contact_id,
        "unit": unit or UNITS.get(queue, queue),
        "queue": queue,
        "channel": "phone",
        "caller": caller,
        "arrived_at": at(arrived),
        "answered_at": None if answered is None else at(answered),
        "ended_at": None if ended is None else at(ended),
        "agent": agent,
        "answered_queue": answered_queue,
        LINE: line,
    }


def enter(t: int, callid: str, queue: str, number: str = "") -> str:
    return f"{B + t}|{callid}|{queue}|NONE|ENTERQUEUE||{number}|1"


def line(t: int, callid: str, queue: str, agent: str, event: str, *data: str) -> str:
    return "|".join([str(B + t), callid, queue, agent, event, *data])


# --------------------------------------------------------------------------- every event


EVENTS_OF_THE_ISSUE = {
    # read for records
    "ENTERQUEUE", "CONNECT", "COMPLETEAGENT", "COMPLETECALLER", "ABANDON", "EXITWITHTIMEOUT",
    "EXITEMPTY", "EXITWITHKEY", "TRANSFER", "BLINDTRANSFER", "ATTENDEDTRANSFER", "RINGNOANSWER",
    # ignored
    "ADDMEMBER", "REMOVEMEMBER", "PAUSE", "UNPAUSE", "PAUSEALL", "UNPAUSEALL", "AGENTLOGIN",
    "AGENTLOGOFF", "AGENTCALLBACKLOGIN", "AGENTCALLBACKLOGOFF", "QUEUESTART", "CONFIGRELOAD",
    "DID", "INFO", "SYSCOMPAT", "AGENTDUMP",
}  # fmt: skip


def test_the_every_event_fixture_has_every_event_type_and_an_unknown_one() -> None:
    events = {row.split("|")[4] for row in EVERY_EVENT.read_text("utf-8").splitlines()}
    assert events - EVENTS_OF_THE_ISSUE == {"MYCUSTOMEVENT"}
    assert events >= EVENTS_OF_THE_ISSUE


def test_every_event_type_gives_the_records_worked_out_by_hand() -> None:
    source = read_queue_log(EVERY_EVENT, SETTINGS)
    assert source.position == "line"
    assert source.name == str(EVERY_EVENT)
    assert rows(source) == [
        # line 12 ENTERQUEUE orto at B+0 from +4722222222; line 13 RINGNOANSWER (no effect);
        # line 15 CONNECT Agent/201 at B+20 (wait 20 - 0 = 20 s);
        # line 23 COMPLETECALLER at B+200 (talk 200 - 20 = 180 s)
        record("1772434800.3", 12, "orto", key("+4722222222"), 0, 20, 200, "Agent/201"),
        # line 17 ENTERQUEUE orto at B+60 from 004791234567; line 18 SYSCOMPAT is ignored;
        # line 21 CONNECT Agent/202 at B+150 (wait 150 - 60 = 90 s);
        # line 30 COMPLETEAGENT at B+300 (talk 300 - 150 = 150 s)
        record("1772434860.5", 17, "orto", key("004791234567"), 60, 150, 300, "Agent/202"),
        # line 19 ENTERQUEUE orto at B+100, caller 'anonymous' -> no key;
        # line 20 ABANDON at B+100: abandoned after 100 - 100 = 0 s
        record("1772434900.6", 19, "orto", None, 100, None, 100),
        # overflow: line 22 ENTERQUEUE orto (A) at B+200; line 24 EXITWITHTIMEOUT at B+245;
        # line 25 ENTERQUEUE kir (B) at B+246; line 26 EXITWITHTIMEOUT at B+276;
        # line 27 ENTERQUEUE sentralbord (C) at B+277; line 28 CONNECT Agent/301 at B+290:
        # one record at orto, answered in sentralbord, wait 290 - 200 = 90 s from the FIRST
        # entry (not the 13 s of CONNECT's holdtime field); line 36 TRANSFER at B+410 ends
        # the first leg. The transferred call (same callid) enters kir at B+420 (line 37), is
        # connected to Agent/202 at B+430 (line 39) and BLINDTRANSFERred at B+500 (line 40):
        # later legs of the SAME contact, no new record. They only move ended_at to the end
        # of the last leg, B+500; answered_at (B+290), agent (Agent/301) and answered_queue
        # (sentralbord) stay those of the first answer. Handling 500 - 290 = 210 s.
        record(
            "1772435000.8",
            22,
            "orto",
            key("91234567"),
            200,
            290,
            500,
            "Agent/301",
            answered_queue="sentralbord",
        ),
        # line 29 ENTERQUEUE kir at B+300; line 31 EXITEMPTY at B+310 (waited 10 s), nothing
        # after it: a complete unanswered record ending at the exit
        record("1772435100.10", 29, "kir", key("55555555"), 300, None, 310),
        # line 32 ENTERQUEUE orto at B+320; line 33 AGENTDUMP is ignored;
        # line 34 EXITWITHKEY at B+335 (waited 15 s)
        record("1772435120.11", 32, "orto", key("+4755555555"), 320, None, 335),
        # line 35 ENTERQUEUE kir at B+400; line 38 CONNECT Agent/201 at B+430 (wait 30 s);
        # line 41 ATTENDEDTRANSFER at B+600 (talk 170 s)
        record("1772435200.12", 35, "kir", key("22222222"), 400, 430, 600, "Agent/201"),
        # 7 records for the 7 calls that entered a queue and ended in the log; no "#2"
    ]


def test_every_event_type_summary_counts_what_was_left_out() -> None:
    summary = read_queue_log(EVERY_EVENT, SETTINGS).summary
    assert summary == QueueLogSummary(
        lines=49,
        records=7,  # one per callid: the transferred 1772435000.8 is one record
        # 1772434000.1: CONNECT (line 10) and COMPLETEAGENT (line 14), its ENTERQUEUE was
        # before the log began
        started_before_log=1,
        # 1772435600.15 still waiting (lines 43-44), 1772435650.16 still talking (45-46)
        unfinished_at_end=2,
        without_connect=0,
        out_of_order=0,
        # lines 1-9 (QUEUESTART .. UNPAUSEALL), 11 DID, 16 INFO, 18 SYSCOMPAT, 33 AGENTDUMP,
        # 42 REMOVEMEMBER, 47 AGENTLOGOFF, 48 AGENTCALLBACKLOGOFF, 49 MYCUSTOMEVENT: 9 + 8
        ignored_lines=17,
    )
    assert summary.left_out == 3
    assert str(summary) == (
        "49 lines, 7 records; left out 1 call that started before the log, "
        "2 calls still in progress at its end"
    )


def test_records_pass_validation_as_they_are() -> None:
    source = read_queue_log(EVERY_EVENT, SETTINGS)
    loaded = load([source])
    assert loaded.rejected == []
    assert loaded.ignored_columns == {}
    assert loaded.frame.columns == list(COLUMNS)
    assert loaded.frame.height == 7
    assert loaded.frame["arrived_at"].to_list() == source.frame["arrived_at"].to_list()


def test_reader_for_names_this_importer() -> None:
    assert reader_for("asterisk-queue-log") is read_queue_logs
    loaded = load_records([EVERY_EVENT], "asterisk-queue-log", SETTINGS)
    ids = loaded.frame["contact_id"].to_list()
    assert ids[-1] == "1772435200.12"
    assert len(set(ids)) == len(ids) == 7
    assert not any("#" in contact_id for contact_id in ids)


# --------------------------------------------------------------------------- how calls become records


def test_overflow_through_three_queues_is_one_record_waiting_from_the_first_entry(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        enter(0, "c.1", "A", "22222222"),
        line(30, "c.1", "A", "NONE", "EXITWITHTIMEOUT", "1", "1", "30"),
        enter(30, "c.1", "B", "22222222"),
        line(50, "c.1", "B", "NONE", "EXITWITHTIMEOUT", "1", "1", "20"),
        enter(51, "c.1", "C", "22222222"),
        line(70, "c.1", "C", "SIP/301", "CONNECT", "19", "c.2", "4"),
        line(190, "c.1", "C", "SIP/301", "COMPLETEAGENT", "19", "120", "1"),
    )
    settings = ImportSettings(caller_key=KEY)
    # queue A (first entered), answered in C; wait 70 - 0 = 70 s, not CONNECT's 19 s
    assert rows(read_queue_log(path, settings)) == [
        record("c.1", 1, "A", key("22222222"), 0, 70, 190, "SIP/301", "C", unit="A")
    ]


def test_overflow_never_answered_ends_at_its_last_exit(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        enter(0, "c.1", "A"),
        line(45, "c.1", "A", "NONE", "EXITWITHTIMEOUT", "1", "1", "45"),
        enter(45, "c.1", "B"),
        line(75, "c.1", "B", "NONE", "EXITEMPTY", "1", "1", "30"),
    )
    # unanswered; ended at the last exit B+75, so the wait is 75 s from the first entry
    assert rows(read_queue_log(path, SETTINGS)) == [
        record("c.1", 1, "A", None, 0, None, 75, unit="A")
    ]


def test_overflow_abandoned_in_the_second_queue_ends_at_the_abandon(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        enter(0, "c.1", "A"),
        line(45, "c.1", "A", "NONE", "EXITWITHKEY", "5", "1", "1", "45"),
        enter(46, "c.1", "B"),
        line(60, "c.1", "B", "NONE", "ABANDON", "1", "1", "14"),
    )
    assert rows(read_queue_log(path, SETTINGS)) == [
        record("c.1", 1, "A", None, 0, None, 60, unit="A")
    ]


def test_entering_another_queue_without_an_exit_line_is_still_one_record(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        enter(0, "c.1", "A"),
        enter(30, "c.1", "B"),  # no EXITWITHTIMEOUT from A was logged
        line(40, "c.1", "B", "SIP/2", "CONNECT", "10", "c.2", "1"),
        line(99, "c.1", "B", "SIP/2", "COMPLETECALLER", "10", "59", "1"),
    )
    assert rows(read_queue_log(path, SETTINGS)) == [
        record("c.1", 1, "A", None, 0, 40, 99, "SIP/2", "B", unit="A")
    ]


def test_answered_in_the_queue_first_entered_has_no_answered_queue(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        enter(0, "c.1", "A"),
        line(45, "c.1", "A", "NONE", "EXITWITHTIMEOUT", "1", "1", "45"),
        enter(46, "c.1", "B"),
        line(50, "c.1", "B", "NONE", "EXITWITHTIMEOUT", "1", "1", "4"),
        enter(51, "c.1", "A"),  # back in A
        line(55, "c.1", "A", "SIP/1", "CONNECT", "4", "c.2", "1"),
        line(65, "c.1", "A", "SIP/1", "COMPLETECALLER", "4", "10", "1"),
    )
    [only] = rows(read_queue_log(path, SETTINGS))
    assert (only["queue"], only["answered_queue"]) == ("A", None)


@pytest.mark.parametrize(
    ("event", "data"),
    [
        ("TRANSFER", ("2000", "from-internal", "10", "30", "1")),
        ("BLINDTRANSFER", ("2000", "from-internal", "10", "30", "1")),
        ("ATTENDEDTRANSFER", ("BRIDGE", "5f2c0b4e", "10", "30", "1")),
        ("COMPLETEAGENT", ("10", "30", "1")),
        ("COMPLETECALLER", ("10", "30", "1")),
    ],
)
def test_a_call_that_enters_a_queue_again_after_it_was_answered_is_one_record(
    tmp_path: Path, event: str, data: tuple[str, ...]
) -> None:
    path = write(
        tmp_path,
        enter(0, "c.1", "A", "22222222"),
        line(10, "c.1", "A", "SIP/1", "CONNECT", "10", "c.2", "1"),
        line(40, "c.1", "A", "SIP/1", event, *data),  # the first agent's part ends
        enter(41, "c.1", "B", "22222222"),
        line(45, "c.1", "B", "SIP/2", "CONNECT", "4", "c.3", "1"),
        line(90, "c.1", "B", "SIP/2", "COMPLETEAGENT", "4", "45", "1"),
        enter(100, "c.1", "A", "22222222"),
        line(101, "c.1", "A", "NONE", "ABANDON", "1", "1", "1"),
    )
    source = read_queue_log(path, SETTINGS)
    # one callid, one contact: arrived B+0 in A (the queue first entered), answered B+10 by
    # SIP/1 in A (the first answer: answered_queue empty, not B), wait 10 - 0 = 10 s;
    # ended at the end of the last leg, the ABANDON at B+101 (not the first leg's B+40),
    # handling 101 - 10 = 91 s. The CONNECT of SIP/2 in B (B+45) changes nothing.
    assert rows(source) == [record("c.1", 1, "A", key("22222222"), 0, 10, 101, "SIP/1", unit="A")]
    assert source.summary.records == 1
    assert source.summary.left_out == 0


def test_entering_a_queue_while_still_with_an_agent_is_a_later_leg_of_the_same_record(
    tmp_path: Path,
) -> None:
    # no TRANSFER line (a transfer the PBX did not see): the first agent's part is over at
    # the new entry, B+60, and a later leg begins in B
    path = write(
        tmp_path,
        enter(0, "c.1", "A"),
        line(10, "c.1", "A", "SIP/1", "CONNECT", "10", "c.2", "1"),
        enter(60, "c.1", "B"),
        line(65, "c.1", "B", "SIP/2", "CONNECT", "5", "c.3", "1"),
        line(80, "c.1", "B", "SIP/2", "COMPLETECALLER", "5", "15", "1"),
    )
    # one record: queue A, answered B+10 by SIP/1 (wait 10 s), ended at the end of the
    # later leg, B+80 (handling 80 - 10 = 70 s); no answered_queue (answered in A)
    assert rows(read_queue_log(path, SETTINGS)) == [
        record("c.1", 1, "A", None, 0, 10, 80, "SIP/1", unit="A"),
    ]


@pytest.mark.parametrize(
    ("end", "ended"),
    [
        # the caller hung up while waiting in the queue it was transferred to: B+70
        (line(70, "c.1", "B", "NONE", "ABANDON", "1", "1", "29"), 70),
        # the later queue timed out and sent the call on (voicemail, a menu): B+75
        (line(75, "c.1", "B", "NONE", "EXITWITHTIMEOUT", "1", "1", "34"), 75),
        (line(76, "c.1", "B", "NONE", "EXITEMPTY", "1", "1", "35"), 76),
        (line(77, "c.1", "B", "NONE", "EXITWITHKEY", "5", "1", "1", "36"), 77),
    ],
)
def test_a_later_leg_never_answered_leaves_the_contact_answered_and_ends_it(
    tmp_path: Path, end: str, ended: int
) -> None:
    path = write(
        tmp_path,
        enter(0, "c.1", "A", "91234567"),
        line(12, "c.1", "A", "SIP/1", "CONNECT", "12", "c.2", "1"),
        line(40, "c.1", "A", "SIP/1", "BLINDTRANSFER", "2000", "from-internal", "12", "28", "1"),
        enter(41, "c.1", "B", "91234567"),
        line(50, "c.1", "B", "SIP/7", "RINGNOANSWER", "9000"),
        end,
    )
    source = read_queue_log(path, SETTINGS)
    # the first agent answered it at B+12 (wait 12 s): it stays an answered contact, not an
    # abandoned one; only ended_at moves from the transfer (B+40) to the end of the leg
    assert rows(source) == [record("c.1", 1, "A", key("91234567"), 0, 12, ended, "SIP/1", unit="A")]
    assert load([source]).frame["answered_at"].to_list() == [at(12)]


def test_a_later_leg_still_open_when_the_log_ends_keeps_the_answered_record(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        # transferred at B+40 and still waiting in B when the log ends
        enter(0, "c.1", "A"),
        line(10, "c.1", "A", "SIP/1", "CONNECT", "10", "c.2", "1"),
        line(40, "c.1", "A", "SIP/1", "TRANSFER", "2000", "from-internal", "10", "30", "1"),
        enter(41, "c.1", "B"),
        # in a queue again without a transfer line, and talking to SIP/2 when the log ends
        enter(100, "c.5", "A"),
        line(105, "c.5", "A", "SIP/1", "CONNECT", "5", "c.6", "1"),
        enter(130, "c.5", "B"),
        line(140, "c.5", "B", "SIP/2", "CONNECT", "10", "c.7", "1"),
    )
    source = read_queue_log(path, SETTINGS)
    # both were answered (that is known); each ends where its last finished leg ended:
    # c.1 at the TRANSFER, B+40; c.5 at its new entry, B+130 (handling 130 - 105 = 25 s)
    assert rows(source) == [
        record("c.1", 1, "A", None, 0, 10, 40, "SIP/1", unit="A"),
        record("c.5", 5, "A", None, 100, 105, 130, "SIP/1", unit="A"),
    ]
    summary = source.summary
    assert (summary.in_later_leg_at_end, summary.unfinished_at_end, summary.left_out) == (2, 0, 0)
    assert str(summary) == (
        "8 lines, 2 records; 2 answered calls still in a later queue leg at its end "
        "(kept; ended_at is the end of its last finished leg)"
    )


def test_an_unanswered_call_that_enters_a_queue_again_after_an_abandon_is_one_record(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        enter(0, "c.1", "A"),
        line(20, "c.1", "A", "NONE", "ABANDON", "1", "1", "20"),
        enter(30, "c.1", "B"),
        line(50, "c.1", "B", "SIP/2", "CONNECT", "20", "c.2", "1"),
        line(80, "c.1", "B", "SIP/2", "COMPLETEAGENT", "20", "30", "1"),
    )
    # one callid, one record, as with an overflow: wait 50 - 0 = 50 s from the first entry,
    # answered in B
    assert rows(read_queue_log(path, SETTINGS)) == [
        record("c.1", 1, "A", None, 0, 50, 80, "SIP/2", "B", unit="A")
    ]


def test_a_later_leg_of_a_call_left_out_makes_no_record(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        # old.1 entered before the log; its agent transfers it into B at B+20
        line(5, "old.1", "A", "SIP/1", "CONNECT", "300", "c.9", "2"),
        line(20, "old.1", "A", "SIP/1", "TRANSFER", "2000", "from-internal", "300", "15", "1"),
        enter(21, "old.1", "B", "22222222"),
        line(30, "old.1", "B", "SIP/2", "CONNECT", "9", "c.8", "1"),
        line(60, "old.1", "B", "SIP/2", "COMPLETEAGENT", "9", "30", "1"),
        # bad.1 completed without a CONNECT (damaged), then enters B
        enter(100, "bad.1", "A"),
        line(110, "bad.1", "A", "SIP/1", "COMPLETEAGENT", "10", "20", "1"),
        enter(111, "bad.1", "B"),
        line(115, "bad.1", "B", "NONE", "ABANDON", "1", "1", "4"),
    )
    source = read_queue_log(path, SETTINGS)
    # neither first leg is known, so neither call is a record: not at B, where it did not
    # first enter a queue; each is counted once, as before
    assert source.frame.height == 0
    summary = source.summary
    assert (summary.started_before_log, summary.without_connect, summary.records) == (1, 1, 0)


def test_a_transfer_in_one_rotated_log_and_the_later_leg_in_the_next_are_one_record(
    tmp_path: Path,
) -> None:
    older = write(
        tmp_path,
        enter(0, "c.1", "orto", "22222222"),
        line(30, "c.1", "orto", "SIP/1", "CONNECT", "30", "x", "2"),
        line(90, "c.1", "orto", "SIP/1", "BLINDTRANSFER", "200", "from-internal", "30", "60", "1"),
        name="queue_log.1",
    )
    newer = write(
        tmp_path,
        enter(91, "c.1", "kir", "22222222"),
        line(95, "c.1", "kir", "SIP/2", "CONNECT", "4", "y", "1"),
        line(150, "c.1", "kir", "SIP/2", "COMPLETECALLER", "4", "55", "1"),
        name="queue_log",
    )
    first, second = read_queue_logs([older, newer], SETTINGS)
    # the record belongs to the older file, line 1; ended at the end of the leg in the newer
    # file, B+150 (handling 150 - 30 = 120 s)
    assert rows(first) == [record("c.1", 1, "orto", key("22222222"), 0, 30, 150, "SIP/1")]
    assert rows(second) == []


def test_a_later_leg_timed_before_the_leg_before_it_is_taken_in_file_order(
    tmp_path: Path,
) -> None:
    # the clock was set back between the transfer (B+40) and the later leg's end (B+35):
    # the end is taken at B+40, never before the answer
    path = write(
        tmp_path,
        enter(0, "c.1", "A"),
        line(10, "c.1", "A", "SIP/1", "CONNECT", "10", "c.2", "1"),
        line(40, "c.1", "A", "SIP/1", "TRANSFER", "2000", "from-internal", "10", "30", "1"),
        enter(30, "c.1", "B"),
        line(35, "c.1", "B", "NONE", "ABANDON", "1", "1", "5"),
    )
    source = read_queue_log(path, SETTINGS)
    assert rows(source) == [record("c.1", 1, "A", None, 0, 10, 40, "SIP/1", unit="A")]
    assert source.summary.out_of_order == 1


def test_timestamps_are_the_event_epochs_not_the_holdtime_fields(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        enter(0, "c.1", "A"),
        # holdtime 999 and calltime 999 disagree with the epochs: the epochs win
        line(12, "c.1", "A", "SIP/1", "CONNECT", "999", "c.2", "3"),
        line(42, "c.1", "A", "SIP/1", "COMPLETEAGENT", "999", "999", "1"),
    )
    [only] = rows(read_queue_log(path, SETTINGS))
    assert (only["answered_at"], only["ended_at"]) == (at(12), at(42))


def test_abandon_after_zero_seconds_is_an_abandoned_record_with_zero_wait(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path, enter(5, "c.1", "A"), line(5, "c.1", "A", "NONE", "ABANDON", "1", "1", "0")
    )
    [only] = rows(read_queue_log(path, SETTINGS))
    assert only["answered_at"] is None
    assert only["ended_at"] - only["arrived_at"] == at(0) - at(0)


def test_agent_none_or_empty_on_connect_is_no_agent(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        enter(0, "c.1", "A"),
        line(5, "c.1", "A", "NONE", "CONNECT", "5", "c.2", "1"),
        line(9, "c.1", "A", "NONE", "COMPLETEAGENT", "5", "4", "1"),
    )
    assert rows(read_queue_log(path, SETTINGS))[0]["agent"] is None


def test_unit_comes_from_the_queue_map_and_an_unmapped_queue_is_its_own_unit(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        enter(0, "c.1", "orto"),
        line(1, "c.1", "orto", "NONE", "ABANDON", "1", "1", "1"),
        enter(2, "c.2", "Øyeklinikk"),
        line(3, "c.2", "Øyeklinikk", "NONE", "ABANDON", "1", "1", "1"),
    )
    units = read_queue_log(path, SETTINGS).frame["unit"].to_list()
    assert units == ["Førde", "Øyeklinikk"]


def test_records_are_in_the_order_of_their_first_enterqueue(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        enter(0, "c.1", "A"),
        enter(1, "c.2", "A"),
        line(2, "c.2", "A", "NONE", "ABANDON", "1", "1", "1"),  # c.2 ends first
        line(3, "c.1", "A", "NONE", "ABANDON", "1", "1", "3"),
    )
    assert read_queue_log(path, SETTINGS).frame[LINE].to_list() == [1, 2]


# --------------------------------------------------------------------------- left out, out of order


def test_events_of_a_call_that_entered_before_the_log_are_left_out_and_counted_once(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        line(0, "old.1", "A", "SIP/1", "RINGNOANSWER", "5000"),
        line(5, "old.1", "A", "SIP/2", "CONNECT", "300", "c.9", "2"),
        line(50, "old.1", "A", "SIP/2", "COMPLETECALLER", "300", "45", "2"),
        line(60, "old.2", "A", "NONE", "ABANDON", "3", "3", "200"),
    )
    source = read_queue_log(path, SETTINGS)
    assert source.frame.height == 0
    assert source.summary.started_before_log == 2


def test_calls_still_waiting_or_talking_at_the_end_of_the_log_are_left_out(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        enter(0, "wait.1", "A"),
        line(5, "wait.1", "A", "SIP/1", "RINGNOANSWER", "5000"),
        enter(1, "talk.1", "A"),
        line(6, "talk.1", "A", "SIP/2", "CONNECT", "5", "c.9", "1"),
        enter(2, "over.1", "A"),  # overflowed and still waiting in B
        line(32, "over.1", "A", "NONE", "EXITWITHTIMEOUT", "1", "1", "30"),
        enter(33, "over.1", "B"),
    )
    source = read_queue_log(path, SETTINGS)
    assert source.frame.height == 0
    assert source.summary.unfinished_at_end == 3


def test_a_late_event_after_a_call_ended_is_not_counted_as_a_call(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        enter(0, "c.1", "A"),
        line(9, "c.1", "A", "NONE", "ABANDON", "1", "1", "9"),
        line(9, "c.1", "A", "SIP/1", "RINGNOANSWER", "2000"),  # written after the abandon
    )
    source = read_queue_log(path, SETTINGS)
    assert source.frame.height == 1
    assert source.summary.started_before_log == 0


def test_completed_without_a_connect_is_left_out_and_counted(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        enter(0, "c.1", "A"),
        line(30, "c.1", "A", "SIP/1", "COMPLETEAGENT", "10", "20", "1"),
    )
    source = read_queue_log(path, SETTINGS)
    assert source.frame.height == 0
    assert source.summary.without_connect == 1
    assert "1 call completed without a CONNECT" in str(source.summary)


def test_an_event_timed_before_the_one_before_it_takes_that_earlier_events_time(
    tmp_path: Path,
) -> None:
    # the clock was set back 5 s between ENTERQUEUE and CONNECT: file order is the order of
    # events, so CONNECT is taken at B+100 (wait 0 s, never negative)
    path = write(
        tmp_path,
        enter(100, "c.1", "A"),
        line(95, "c.1", "A", "SIP/1", "CONNECT", "0", "c.2", "1"),
        line(150, "c.1", "A", "SIP/1", "COMPLETECALLER", "0", "55", "1"),
    )
    source = read_queue_log(path, SETTINGS)
    assert rows(source) == [record("c.1", 1, "A", None, 100, 100, 150, "SIP/1", unit="A")]
    assert source.summary.out_of_order == 1
    assert load([source]).rejected == []


def test_a_log_with_only_agent_events_gives_no_records_that_still_validate(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        f"{B}|NONE|NONE|NONE|QUEUESTART|",
        f"{B + 1}|NONE|A|SIP/1|ADDMEMBER|",
        f"{B + 2}|NONE|A|SIP/1|PAUSE|Lunsj",
    )
    source = read_queue_log(path, ImportSettings())
    assert source.frame.height == 0
    assert source.frame.schema["arrived_at"] == pl.Datetime("us", "UTC")
    assert load([source]).frame.height == 0
    assert source.summary.ignored_lines == 3


# --------------------------------------------------------------------------- pseudonymisation


def test_the_same_number_written_differently_gets_one_caller_key(tmp_path: Path) -> None:
    numbers = ["+4791234567", "004791234567", "91234567", "4791234567", "+47 912 34 567"]
    lines = []
    for i, number in enumerate(numbers):
        lines += [enter(i, f"c.{i}", "A", number), line(i, f"c.{i}", "A", "NONE", "ABANDON")]
    callers = read_queue_log(write(tmp_path, *lines), SETTINGS).frame["caller"].to_list()
    assert callers == [key("+4791234567")] * len(numbers)
    assert callers[0].startswith("k")


def test_raw_caller_numbers_and_names_never_reach_the_output(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        # log_cidname=yes adds the caller's name as a fourth ENTERQUEUE field
        f"{B}|c.1|A|NONE|ENTERQUEUE||+4791234567|1|Kari Nordmann",
        line(3, "c.1", "A", "NONE", "ABANDON", "1", "1", "3"),
        enter(4, "c.2", "A", "004722334455"),
        line(9, "c.2", "A", "SIP/1", "CONNECT", "5", "c.3", "1"),
        line(20, "c.2", "A", "SIP/1", "COMPLETECALLER", "5", "11", "1"),
    )
    source = read_queue_log(path, SETTINGS)
    out = tmp_path / "records.csv"
    write_records(load([source]).frame, out)
    written = out.read_text(encoding="utf-8") + source.frame.write_csv()
    for raw in ("91234567", "22334455", "Kari", "Nordmann"):
        assert raw not in written
    assert source.frame["caller"].to_list() == [key("91234567"), key("22334455")]


@pytest.mark.parametrize("hidden", ["anonymous", "", "Unknown", "restricted", "<unknown>"])
def test_anonymous_or_missing_caller_id_gives_a_null_caller(tmp_path: Path, hidden: str) -> None:
    path = write(tmp_path, enter(0, "c.1", "A", hidden), line(1, "c.1", "A", "NONE", "ABANDON"))
    assert read_queue_log(path, SETTINGS).frame["caller"].to_list() == [None]


def test_a_caller_number_without_a_caller_key_is_a_clear_error(tmp_path: Path) -> None:
    path = write(tmp_path, enter(0, "c.1", "A", "anonymous"), enter(1, "c.2", "A", "91234567"))
    with pytest.raises(LinjaError) as caught:
        read_queue_log(path, ImportSettings())
    message = str(caught.value)
    assert message.startswith(f"{path}: holds caller numbers")
    assert "LINJA_CALLER_KEY" in message
    assert "pseudonymisation.caller_key_file" in message
    assert "91234567" not in message


def test_no_caller_key_is_needed_when_every_caller_is_anonymous(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        enter(0, "c.1", "A", "anonymous"),
        line(1, "c.1", "A", "NONE", "ABANDON"),
        enter(2, "c.2", "A", ""),
        line(3, "c.2", "A", "NONE", "ABANDON"),
    )
    assert read_queue_log(path, ImportSettings()).frame["caller"].to_list() == [None, None]


def test_a_different_secret_gives_different_caller_keys(tmp_path: Path) -> None:
    path = write(tmp_path, enter(0, "c.1", "A", "91234567"), line(1, "c.1", "A", "NONE", "ABANDON"))
    ours = read_queue_log(path, SETTINGS).frame["caller"][0]
    theirs = read_queue_log(path, ImportSettings(caller_key=b"another-key-0123456789")).frame
    assert theirs["caller"][0] != ours


# --------------------------------------------------------------------------- tolerated input


def test_crlf_line_endings_byte_order_mark_and_blank_lines_are_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "queue_log"
    text = "\r\n".join([enter(0, "c.1", "A"), "", line(4, "c.1", "A", "NONE", "ABANDON")])
    path.write_bytes(b"\xef\xbb\xbf" + text.encode() + b"\r\n\r\n")
    assert rows(read_queue_log(path, SETTINGS)) == [
        record("c.1", 1, "A", None, 0, None, 4, unit="A")
    ]


def test_latin1_queue_and_agent_names_are_read(tmp_path: Path) -> None:
    path = tmp_path / "queue_log"
    text = "\n".join(
        [
            enter(0, "c.1", "Fødeavdeling"),
            line(3, "c.1", "Fødeavdeling", "Bjørg", "CONNECT", "3", "c.2", "1"),
            line(9, "c.1", "Fødeavdeling", "Bjørg", "COMPLETEAGENT", "3", "6", "1"),
        ]
    )
    path.write_bytes(text.encode("latin-1"))
    [only] = rows(read_queue_log(path, SETTINGS))
    assert (only["queue"], only["agent"]) == ("Fødeavdeling", "Bjørg")


def test_a_fractional_epoch_is_read_to_the_microsecond(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f"{B}.250000|c.1|A|NONE|ENTERQUEUE||anonymous|1",
        f"{B + 2}.5|c.1|A|NONE|ABANDON|1|1|2",
    )
    [only] = rows(read_queue_log(path, SETTINGS))
    assert only["ended_at"] - only["arrived_at"] == at(2).replace(microsecond=250000) - at(0)


def test_an_empty_callid_on_an_agent_event_is_not_a_problem(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f"{B}||A|SIP/1|PAUSE|",
        enter(1, "c.1", "A"),
        line(2, "c.1", "A", "NONE", "ABANDON"),
    )
    assert read_queue_log(path, SETTINGS).frame.height == 1


# --------------------------------------------------------------------------- bad input


def error_for(path: Path, settings: ImportSettings = SETTINGS) -> LinjaError:
    with pytest.raises(LinjaError) as caught:
        read_queue_log(path, settings)
    assert "\n" not in str(caught.value)
    return caught.value


GOOD_FIRST = enter(0, "c.1", "A")


@pytest.mark.parametrize(
    ("bad", "field", "says"),
    [
        (f"{B}|c.2|A", "agent", "missing (the line has 3 fields); expected at least epoch|callid"),
        (f"{B}|c.2|A|NONE", "event", "missing (the line has 4 fields)"),
        (
            "abc|c.2|A|NONE|ABANDON|1|1|0",
            "epoch",
            "'abc' is not a Unix time; expected seconds since 1970",
        ),
        ("|c.2|A|NONE|ABANDON|1|1|0", "epoch", "is empty; expected a Unix time"),
        (  # digits from the file are never shown (one might be a caller number)
            "2026-03-02 08:00:00|c.2|A|NONE|ABANDON",
            "epoch",
            "'####-##-## ##:##:##' (digits shown as #) is not a Unix time",
        ),
        (
            f"{B}000|c.2|A|NONE|ABANDON",
            "epoch",
            "a 13-digit number is not a Unix time in seconds (it is after the year 9999; "
            "milliseconds?)",
        ),
        ("-5|c.2|A|NONE|ABANDON", "epoch", "'-#' (digits shown as #) is not a Unix time"),
        ("abc|NONE|NONE|NONE|QUEUESTART|", "epoch", "'abc' is not a Unix time"),
        (
            f"{B}||A|NONE|ENTERQUEUE||91234567|1",
            "callid",
            "is empty on an ENTERQUEUE event; expected the unique id",
        ),
        (f"{B}| |A|SIP/1|CONNECT|5|c.9|1", "callid", "is empty on a CONNECT event"),
        (
            f"{B}|c.2||NONE|ABANDON|1|1|0",
            "queue",
            "is empty on an ABANDON event; expected the name of the queue",
        ),
        (
            f"{B}|c.2|A|NONE|ENTERQUEUE|",
            "data2 (caller id)",
            "missing; expected ENTERQUEUE data url|callerid|position",
        ),
    ],
)
def test_a_malformed_line_names_the_file_the_line_and_the_field(
    tmp_path: Path, bad: str, field: str, says: str
) -> None:
    path = write(tmp_path, GOOD_FIRST, "", bad)  # the bad line is line 3
    error = error_for(path)
    assert isinstance(error, QueueLogError)
    assert (error.line, error.field) == (3, field)
    assert str(error).startswith(f"{path} line 3, field {field}: ")
    assert says in str(error)


def test_the_first_malformed_line_is_named_and_the_others_counted(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_FIRST, "x|c.2|A|NONE|ABANDON", "y|c.3|A|NONE|ABANDON", "z")
    message = str(error_for(path))
    assert message.startswith(f"{path} line 2, field epoch: 'x' is not a Unix time")
    assert message.endswith("(and 2 more malformed lines)")


def test_a_csv_file_is_not_a_queue_log(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "contact_id,unit,queue,channel,arrived_at",
        "c1,Førde,orto,phone,2026-03-02T08:00:00+01:00",
        name="records.csv",
    )
    error = error_for(path)
    assert isinstance(error, QueueLogError)
    message = str(error)
    assert message.startswith(f"{path} line 1, field callid: missing (the line has 1 field)")
    assert "does not look like an Asterisk queue_log" in message
    assert "--format canonical" in message
    assert (error.line, error.field) == (1, "callid")


def test_a_first_line_with_a_bad_epoch_says_the_file_is_not_a_queue_log(tmp_path: Path) -> None:
    path = write(tmp_path, "time|callid|queuename|agent|event|data1", GOOD_FIRST)
    message = str(error_for(path))
    assert message.startswith(f"{path} line 1, field epoch: 'time' is not a Unix time")
    assert "does not look like an Asterisk queue_log" in message


def test_a_binary_file_is_not_a_queue_log(tmp_path: Path) -> None:
    path = tmp_path / "records.parquet"
    path.write_bytes(b"PAR1\x15\x04\x15\x00\x00\x01\x02\xff\xfe")
    assert "does not look like an Asterisk queue_log" in str(error_for(path))


@pytest.mark.parametrize("content", ["", "\n\n  \n"])
def test_an_empty_file_is_a_clear_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "queue_log"
    path.write_text(content, encoding="utf-8")
    assert str(error_for(path)).startswith(f"{path}: is empty; expected Asterisk queue_log lines")


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "queue_log"
    assert str(error_for(path)) == f"{path}: no such file"


def test_a_directory_is_a_clear_error(tmp_path: Path) -> None:
    assert (
        str(error_for(tmp_path))
        == f"{tmp_path}: is a directory; expected an Asterisk queue_log file"
    )


NUMBER = "+4791234567"  # a caller number that must never reach a message


def assert_no_number(message: str, path: Path) -> None:
    """No three digits in a row in the message, but in the path and Linja's own text."""
    rest = message.replace(str(path), "")
    for ours in (EXAMPLE_LINE, "1366720340.303267", "|22222222|1", "1366720340", "1970", "9999"):
        rest = rest.replace(ours, "")
    assert "91234567" not in rest
    assert not re.search(r"[0-9]{3}|[0-9] [0-9]", rest), rest


@pytest.mark.parametrize(
    "first",
    [
        # the reviewer's line: a space after the epoch, a caller number in data2
        f"1700000000 |1.1|q|NONE|ENTERQUEUE||{NUMBER}|1",
        f"x|1.1|q|NONE|ENTERQUEUE||{NUMBER}|1|Kari Nordmann",
        f"c1,Førde,orto,phone,{NUMBER},2026-03-02T08:00:00Z",  # CSV: one field
        f"c1;{NUMBER}|q|NONE",  # too few fields, the number in the second
        f"{NUMBER}|c.1|A|NONE|ENTERQUEUE||22222222|1",  # a number in the epoch field
        "+47 912 34 567|c.1|A|NONE|ABANDON",
        "004791234567X|c.1|A|NONE|ABANDON",
    ],
)
def test_no_message_about_a_file_that_is_not_a_queue_log_shows_a_caller_number(
    tmp_path: Path, first: str
) -> None:
    path = write(tmp_path, first, GOOD_FIRST)
    message = str(error_for(path))
    assert "does not look like an Asterisk queue_log" in message
    assert_no_number(message, path)


def test_a_first_line_is_quoted_by_its_first_five_fields_with_digits_hidden(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, f"1700000000 |1.1|q|NONE|ENTERQUEUE||{NUMBER}|1", GOOD_FIRST)
    message = str(error_for(path))
    # epoch|callid|queue|agent|event, then … for the data fields
    assert message.endswith(
        "line 1 reads '########## |#.#|q|NONE|ENTERQUEUE|…' (digits shown as #)"
    )
    assert message.startswith(f"{path} line 1, field epoch: '########## ' (digits shown as #) is")


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        (f"{NUMBER}|c.2|A|NONE|ABANDON", "epoch"),
        (f"{NUMBER[1:]}000|c.2|A|NONE|ABANDON", "epoch"),  # 13 digits: too large an epoch
        ("+47 912 34 567|c.2|A|NONE|ABANDON", "epoch"),
        ("(+47) 91234567|c.2|A|NONE|ABANDON", "epoch"),
        (f"x|c.2|A|NONE|ENTERQUEUE||{NUMBER}|1", "epoch"),
        (f"{B}||A|NONE|ENTERQUEUE||{NUMBER}|1", "callid"),
        (f"{B}|c.2||NONE|ENTERQUEUE||{NUMBER}|1", "queue"),
        (f"{B}|c.2|A|NONE|ENTERQUEUE|{NUMBER}", "data2 (caller id)"),
        (f"{B}|c.2|{NUMBER}", "agent"),
    ],
)
def test_no_message_about_a_malformed_line_shows_a_caller_number(
    tmp_path: Path, bad: str, field: str
) -> None:
    path = write(tmp_path, GOOD_FIRST, "", bad)
    error = error_for(path)
    assert isinstance(error, QueueLogError)
    assert (error.line, error.field) == (3, field)
    assert_no_number(str(error), path)


@pytest.mark.parametrize(
    "epoch",
    [
        "²",  # str.isdigit() is true, int() fails: was "internal error: ValueError"
        "١٧٧٢٤٣٤٨٠٠",  # Arabic-Indic digits of B: int() reads them; was silently accepted
        "１７７２４３４８００",  # fullwidth digits of B: the same
        "١٧٧٢٤٣٤٨٠٠.٥",  # a fraction in Arabic-Indic digits: the same
        f"{B}.²",
    ],
)
def test_an_epoch_in_digits_other_than_0_to_9_is_not_a_unix_time(
    tmp_path: Path, epoch: str
) -> None:
    path = write(tmp_path, GOOD_FIRST, "", f"{epoch}|c.2|A|NONE|ABANDON|1|1|0")
    error = error_for(path)
    assert isinstance(error, QueueLogError)
    assert (error.line, error.field) == (3, "epoch")
    assert str(error).startswith(f"{path} line 3, field epoch: '")
    assert "is not a Unix time: it has digits other than 0-9; expected seconds" in str(error)


@pytest.mark.parametrize("epoch", ["²", "١٧٧٢٤٣٤٨٠٠", "١٧٧٢٤٣٤٨٠٠.٥"])
def test_a_first_line_with_an_epoch_in_other_digits_is_not_a_queue_log(
    tmp_path: Path, epoch: str
) -> None:
    path = write(tmp_path, f"{epoch}|c.1|A|NONE|ENTERQUEUE||anonymous|1", GOOD_FIRST)
    error = error_for(path)
    assert isinstance(error, QueueLogError)
    assert (error.line, error.field) == (1, "epoch")
    assert "is not a Unix time: it has digits other than 0-9" in str(error)
    assert "does not look like an Asterisk queue_log" in str(error)


def docs_example() -> str:
    doc = (Path(__file__).parents[2] / "docs" / "importer-asterisk.md").read_text("utf-8")
    return doc[doc.index("## Example") :]


def test_the_example_in_the_docs_gives_the_records_shown_there(tmp_path: Path) -> None:
    example = docs_example()
    log = example.split("```")[1].strip()
    table = [r for r in example.splitlines() if r.startswith("| 17")]
    shown = [[cell.strip() for cell in r.strip("|").split("|")] for r in table]
    settings = ImportSettings(caller_key=b"example-key-0123456789", queue_units=UNITS)
    frame = read_queue_log(write(tmp_path, log), settings).frame
    got = [
        [
            r["contact_id"],
            r["unit"],
            r["queue"],
            r["caller"] or "",
            *(
                f"{r[c]:%H:%M:%S}Z" if r[c] else ""
                for c in ("arrived_at", "answered_at", "ended_at")
            ),
            r["agent"] or "",
            r["answered_queue"] or "",
        ]
        for r in frame.to_dicts()
    ]
    assert got == shown


# --------------------------------------------------------------------------- through the CLI


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clean working directory with a linja.yaml mapping orto and kir to Førde."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LINJA_CONFIG", raising=False)
    monkeypatch.delenv("LINJA_DEBUG", raising=False)
    monkeypatch.setenv("LINJA_CALLER_KEY", KEY.decode())
    config = tmp_path / "linja.yaml"
    config.write_text("queues:\n  orto:\n    unit: Førde\n  kir:\n    unit: Førde\n", "utf-8")
    return config


def run_kpi(*args: str) -> int:
    """``linja kpi ARGS``; the exit status (Typer's standalone mode exits 0 on success too)."""
    from linja.cli import main

    try:
        main(["kpi", *args])
    except SystemExit as exc:
        return 0 if exc.code is None else int(exc.code)
    return 0


def test_cli_kpi_of_a_queue_log_gives_the_indicators_worked_out_by_hand(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = run_kpi(
        str(EVERY_EVENT), "--format", "asterisk-queue-log", "--json", "--config", str(cli_env)
    )
    assert status == 0
    [forde] = json.loads(capsys.readouterr().out)
    # the 7 records of test_every_event_type_gives_the_records_worked_out_by_hand, all in
    # Førde (queue orto or kir; the overflow call .8 is at orto, where it first entered).
    # Answered: .3, .5, .8, .12 = 4; not: .6 (abandon), .10 (EXITEMPTY), .11 (EXITWITHKEY)
    # Waits: answered 20, 90, 90 (.8, overflow), 30 s; unanswered 0, 10, 15 s
    assert forde["unit"] == "Førde"
    assert (forde["offered"], forde["answered"], forde["abandoned"]) == (7, 4, 3)
    assert forde["answer_rate"] == pytest.approx(4 / 7)  # 0.571
    # answered within 60 s: 20 (.3), 30 (.12) -> 2 of 7 offered
    assert forde["service_level"] == pytest.approx(2 / 7)
    assert forde["asa_seconds"] == pytest.approx((20 + 90 + 90 + 30) / 4)  # 57.5
    assert forde["abandon_rate"] == pytest.approx(3 / 7)
    # answered_at -> ended_at: .3 20 -> 200 = 180, .5 150 -> 300 = 150, .8 290 -> 500 = 210
    # (to the end of its later leg in kir), .12 430 -> 600 = 170 s; no wrap-up
    assert forde["aht_seconds"] == pytest.approx((180 + 150 + 210 + 170) / 4)  # 177.5
    # caller keys: K1 = 22222222 (.3 B+0, .12 B+400), K2 = 91234567 (.5 B+60, .8 B+200),
    # K3 = 55555555 (.10 B+300, .11 B+320); .6 (anonymous) has none: 6 records with a key.
    # Another record of the same caller, same unit, within 24 h after: K1@0 (K1@400),
    # K2@60 (K2@200), K3@300 (K3@320); none after K1@400, K2@200, K3@320 -> 3 of 6. (The
    # transferred .8 is no longer followed by its own "#2" record at B+420.)
    assert forde["no_repeat_24h_rate"] == pytest.approx(3 / 6)
    assert forde["resolution_rate"] is None
    assert forde["knowledge_use_rate"] is None


def test_cli_kpi_by_queue_counts_an_overflow_at_the_queue_first_entered(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = run_kpi(
        str(EVERY_EVENT), "--format", "asterisk-queue-log", "--json", "--by", "queue",
        "--config", str(cli_env),
    )  # fmt: skip
    assert status == 0
    table = {row["queue"]: row for row in json.loads(capsys.readouterr().out)}
    # sentralbord answered the overflow call but was not its first queue: no row
    assert sorted(table) == ["kir", "orto"]
    # orto: 1772434800.3 (20 s), .5 (90 s), .6 (abandoned), .8 (overflow, 90 s), .11 (exit)
    assert (table["orto"]["offered"], table["orto"]["answered"]) == (5, 3)
    assert table["orto"]["service_level"] == pytest.approx(1 / 5)  # only the 20 s
    # kir: .10 (EXITEMPTY), .12 (30 s). The transferred .8 entered kir too (a later leg):
    # it is not offered at kir again
    assert (table["kir"]["offered"], table["kir"]["answered"]) == (2, 1)
    assert table["kir"]["service_level"] == pytest.approx(1 / 2)
    assert table["kir"]["asa_seconds"] == pytest.approx(30.0)


def test_cli_kpi_of_the_docs_example_offers_a_transferred_call_once(
    cli_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = write(tmp_path, docs_example().split("```")[1].strip(), name="example.log")
    status = run_kpi(str(log), "--format", "asterisk-queue-log", "--json", "--config", str(cli_env))
    assert status == 0
    [forde] = json.loads(capsys.readouterr().out)
    # .3 (answered), .6 (abandoned, anonymous), .8 (overflow orto -> sentralbord, then
    # transferred into kir: one record at orto); .15 unfinished. All three in Førde.
    assert forde["unit"] == "Førde"
    assert (forde["offered"], forde["answered"], forde["abandoned"]) == (3, 2, 1)
    # callers with a key: .3 (+4722222222) and .8 (91234567), each once -> 2 of 2 did not
    # call again (with the old "#2" record for the leg in kir, .8 counted as a repeat: 2/3)
    assert forde["no_repeat_24h_rate"] == pytest.approx(1.0)
    # handling: .3 07:00:20 -> 07:03:20 = 180 s, .8 07:04:50 -> 07:08:20 = 210 s
    assert forde["aht_seconds"] == pytest.approx((180 + 210) / 2)  # 195


def test_cli_names_the_malformed_line_and_field_without_a_traceback(
    cli_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = write(tmp_path, GOOD_FIRST, "17:00|c.2|A|NONE|ABANDON|1|1|0")
    status = run_kpi(str(log), "--format", "asterisk-queue-log", "--json", "--config", str(cli_env))
    assert status == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{log} line 2, field epoch: '##:##' (digits shown as #) is not a Unix time" in (
        captured.err
    )
    assert "Traceback" not in captured.err


def test_cli_reads_an_epoch_in_other_digits_as_a_malformed_line_not_an_internal_error(
    cli_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = write(tmp_path, GOOD_FIRST, "²|c.2|A|NONE|ABANDON|1|1|0")
    status = run_kpi(str(log), "--format", "asterisk-queue-log", "--json", "--config", str(cli_env))
    assert status == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {log} line 2, field epoch: ")
    assert "is not a Unix time: it has digits other than 0-9" in err
    assert "internal error" not in err


def test_cli_without_a_caller_key_refuses_a_log_with_numbers(
    cli_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("LINJA_CALLER_KEY")
    status = run_kpi(str(EVERY_EVENT), "--format", "asterisk-queue-log", "--config", str(cli_env))
    assert status == 1
    err = capsys.readouterr().err
    assert "holds caller numbers" in err
    assert "LINJA_CALLER_KEY" in err


# --------------------------------------------------------------------------- speed


# --------------------------------------------------------------------------- rotated logs


def test_rotated_logs_read_oldest_first_keep_a_call_that_spans_two_files(tmp_path: Path) -> None:
    older = write(
        tmp_path,
        enter(0, "c.1", "orto", "22222222"),
        line(40, "c.1", "orto", "SIP/1", "CONNECT", "40", "x", "2"),
        name="queue_log.1",
    )
    newer = write(
        tmp_path,
        line(160, "c.1", "orto", "SIP/1", "COMPLETECALLER", "40", "120", "1"),
        enter(200, "c.2", "orto", ""),
        line(205, "c.2", "orto", "NONE", "ABANDON", "1", "1", "5"),
        name="queue_log",
    )
    first, second = read_queue_logs([older, newer], SETTINGS)
    # c.1 entered in the older file (line 1), answered 40 s later, ended in the newer file
    assert rows(first) == [record("c.1", 1, "orto", key("22222222"), 0, 40, 160, "SIP/1")]
    assert rows(second) == [record("c.2", 2, "orto", None, 200, None, 205)]
    # read one at a time, the call would be lost from both files
    assert rows(read_queue_log(older, SETTINGS)) == []
    assert read_queue_log(newer, SETTINGS).summary.started_before_log == 1


def test_cli_notes_what_the_log_left_out(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        run_kpi(
            str(EVERY_EVENT), "--format", "asterisk-queue-log", "--json", "--config", str(cli_env)
        )
        == 0
    )
    summary = read_queue_log(EVERY_EVENT, SETTINGS).summary
    assert f"note: {EVERY_EVENT}: {summary}" in capsys.readouterr().err
    assert summary.left_out > 0
