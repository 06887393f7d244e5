"""Asterisk ``queue_log`` (Asterisk, FreePBX, Wazo) read into contact records.

A queue_log has one event per line, ``epoch|callid|queue|agent|event|data1|data2|...``,
in the order Asterisk wrote them. This reader follows each call (``callid``, the caller
channel's unique id) from its first ENTERQUEUE to its final event and makes one contact
record of it at the queue it first entered (DESIGN.md §4): one record per callid, however
many queues it passes through, before (overflow) or after (transfer) it is answered.
docs/importer-asterisk.md says which events are read, how they become record fields, and
what is left out.

The caller number of ENTERQUEUE is turned into a pseudonymous caller key at once
(:func:`linja.callerkey.caller_key`); the raw number is never stored in the result.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import polars as pl

from linja.callerkey import caller_key, normalise_number
from linja.engine.records import LINE, RawSource
from linja.errors import LinjaError
from linja.importers import ImportSettings

CHANNEL = "phone"
EXAMPLE_LINE = "1366720340|1366720340.303267|MYQUEUE|NONE|ENTERQUEUE||22222222|1"
ENTER = "ENTERQUEUE"
CONNECT = "CONNECT"
# the call ended after an agent answered it
COMPLETED = frozenset(
    {"COMPLETEAGENT", "COMPLETECALLER", "TRANSFER", "BLINDTRANSFER", "ATTENDEDTRANSFER"}
)
# the call left the queue unanswered but may enter another one (overflow)
EXITED = frozenset({"EXITWITHTIMEOUT", "EXITEMPTY", "EXITWITHKEY"})
ABANDON = "ABANDON"
RINGNOANSWER = "RINGNOANSWER"
# events of a call, which need a callid; every other event is ignored for records
CALL_EVENTS = frozenset({ENTER, CONNECT, ABANDON, RINGNOANSWER, *COMPLETED, *EXITED})
NAMES = ("epoch", "callid", "queue", "agent", "event")
NO_AGENT = frozenset({"", "NONE"})
MAX_EPOCH = 253402300800  # 10000-01-01T00:00:00Z
# ASCII digits only: str.isdigit() and \d also take other scripts' digits (and "²")
_FRACTION = re.compile(r"[0-9]+\.[0-9]+")

# call states. Never answered: WAITING in a queue, or LEFT it (exit or abandon; complete as
# it stands, unless it enters a queue again). Answered: CONNECTED to the agent who first
# answered; DONE, its last leg ended (complete as it stands); LATER, in a later leg (it
# entered a queue again after it was answered) that has not ended yet. DROPPED: completed
# without a CONNECT, left out together with any later leg.
WAITING, LEFT, CONNECTED, DONE, LATER, DROPPED = range(6)


class QueueLogError(LinjaError):
    """A queue_log line that cannot be read: names the file, the line and the field."""

    def __init__(self, message: str, line: int | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.field = field


@dataclass(frozen=True)
class QueueLogSummary:
    """What a queue_log held beyond the records, and which calls were left out and why."""

    lines: int = 0  # non-blank lines read
    records: int = 0  # contact records made
    started_before_log: int = 0  # calls with events but no ENTERQUEUE in the log
    unfinished_at_end: int = 0  # calls still waiting or talking when the log ends
    without_connect: int = 0  # calls completed or transferred with no CONNECT before it
    out_of_order: int = 0  # records with an event timed before the event before it
    ignored_lines: int = 0  # agent, system and unknown events
    # answered calls kept as records although a later leg (after a transfer) had not ended
    # when the log ended: their ended_at is the end of their last leg that did end
    in_later_leg_at_end: int = 0

    @property
    def left_out(self) -> int:
        return self.started_before_log + self.unfinished_at_end + self.without_connect

    def __str__(self) -> str:
        text = f"{_n(self.lines, 'line')}, {_n(self.records, 'record')}"
        parts = []
        if self.started_before_log:
            parts.append(f"{_n(self.started_before_log, 'call')} that started before the log")
        if self.unfinished_at_end:
            parts.append(f"{_n(self.unfinished_at_end, 'call')} still in progress at its end")
        if self.without_connect:
            parts.append(f"{_n(self.without_connect, 'call')} completed without a CONNECT")
        if parts:
            text += "; left out " + ", ".join(parts)
        if self.in_later_leg_at_end:
            text += (
                f"; {_n(self.in_later_leg_at_end, 'answered call')} still in a later queue leg "
                "at its end (kept; ended_at is the end of its last finished leg)"
            )
        if self.out_of_order:
            text += f"; {_n(self.out_of_order, 'record')} with events out of time order"
        return text


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class QueueLogSource(RawSource):
    """The records of one queue_log, and its :class:`QueueLogSummary`."""

    summary: QueueLogSummary = field(default_factory=QueueLogSummary)


class _Call:
    """One call (one callid) followed from its first ENTERQUEUE through all its legs."""

    __slots__ = (
        "agent",
        "answered",
        "answered_queue",
        "arrived",
        "caller",
        "callid",
        "ended",
        "last",
        "line",
        "out_of_order",
        "queue",
        "source",
        "state",
    )

    def __init__(
        self,
        callid: str,
        *,
        source: int,
        line: int,
        queue: str,
        when: int,
        caller: str | None,
    ) -> None:
        self.callid = callid
        self.source = source
        self.line = line
        self.queue = queue
        self.arrived = when
        self.last = when
        self.caller = caller
        self.state = WAITING
        self.answered: int | None = None
        self.answered_queue: str | None = None
        self.agent: str | None = None
        self.ended: int | None = None
        self.out_of_order = False

    def at(self, when: int) -> int:
        """The event's time, never before the call's previous event (file order wins)."""
        if when < self.last:
            self.out_of_order = True
            return self.last
        self.last = when
        return when


# (file index, line, contact_id, queue, caller, arrived, answered, ended, agent, answered_queue)
Record = tuple[
    int, int, str, str, str | None, int, int | None, int | None, str | None, str | None
]  # fmt: skip


# --------------------------------------------------------------------------- reading


def _text(path: Path) -> str:
    if not path.exists():
        raise LinjaError(f"{path}: no such file")
    if path.is_dir():
        raise LinjaError(f"{path}: is a directory; expected an Asterisk queue_log file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LinjaError(
            f"{path}: cannot read the file: {exc.strerror or type(exc).__name__}"
        ) from exc
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # an older system writing ISO-8859-1 queue or agent names: read those lines as such
        lines = []
        for raw in data.split(b"\n"):
            try:
                lines.append(raw.decode("utf-8"))
            except UnicodeDecodeError:
                lines.append(raw.decode("latin-1"))
        return "\n".join(lines)


def _digits(value: str) -> bool:
    """Only the ASCII digits 0-9 (str.isdigit alone also takes "²" and other scripts' digits)."""
    return value.isascii() and value.isdigit()


def _epoch_us(value: str) -> int | None:
    """Microseconds since 1970 for a Unix time in seconds, None when it is not one."""
    if _digits(value):
        seconds = int(value)
        return seconds * 1_000_000 if seconds < MAX_EPOCH else None
    if _FRACTION.fullmatch(value):
        seconds_f = float(value)
        return round(seconds_f * 1_000_000) if seconds_f < MAX_EPOCH else None
    return None


def _epoch_problem(value: str) -> str:
    expected = "expected seconds since 1970, e.g. 1366720340"
    if not value.strip():
        return "is empty; expected a Unix time (seconds since 1970), e.g. 1366720340"
    if _digits(value):
        return (
            f"a {len(value)}-digit number is not a Unix time in seconds (it is after the year "
            f"9999; milliseconds?); {expected}"
        )
    if any(c.isdigit() and not c.isascii() for c in value):
        return f"{_quoted(value)} is not a Unix time: it has digits other than 0-9; {expected}"
    return f"{_quoted(value)} is not a Unix time; {expected}"


def _too_few(parts: list[str], *, expected: bool = True) -> str:
    count = f"missing (the line has {len(parts)} field{'s' if len(parts) > 1 else ''})"
    return f"{count}; expected at least epoch|callid|queue|agent|event" if expected else count


def _empty(name: str, event: str) -> str:
    article = "an" if event[:1] in "AEIOU" else "a"
    if name == "callid":
        return (
            f"is empty on {article} {event} event; expected the unique id of the caller's "
            "channel, e.g. 1366720340.303267"
        )
    return f"is empty on {article} {event} event; expected the name of the queue"


def _quoted(text: str, width: int = 60) -> str:
    """Text of the file, quoted for a message, with no digit of it, so never a caller number.

    A malformed line may not be what it seems (a CSV file, a shifted field), so any of its
    fields could hold a caller number: digits are shown as #, unprintable characters as ?.
    """
    if len(text) > width:
        text = text[: width - 1] + "…"
    shown = "".join("#" if c.isdigit() else c if c.isprintable() else "?" for c in text)
    return f"'{shown}'" + (" (digits shown as #)" if any(map(str.isdigit, text)) else "")


class _Problems:
    """Malformed lines: the first is reported, the rest counted."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.first: QueueLogError | None = None
        self.count = 0

    def add(self, line: int, field: str, message: str) -> None:
        self.count += 1
        if self.first is None:
            self.first = QueueLogError(
                f"{self.path} line {line}, field {field}: {message}", line, field
            )

    def raise_if_any(self) -> None:
        if self.first is None:
            return
        if self.count > 1:
            more = self.count - 1
            self.first.message += f" (and {more} more malformed line{'s' if more > 1 else ''})"
        raise self.first


def _not_a_queue_log(path: Path, line: int, text: str, field: str, problem: str) -> QueueLogError:
    hint = ""
    if "|" not in text and ("," in text or ";" in text or "\t" in text):
        hint = "; it looks like CSV (contact records in CSV are read with --format canonical)"
    # the first five fields only: the data fields (ENTERQUEUE's caller id) are never shown
    parts = text.split("|")
    shown = "|".join(parts[:5]) + ("|…" if len(parts) > 5 else "")
    return QueueLogError(
        f"{path} line {line}, field {field}: {problem}; this does not look like an Asterisk "
        f"queue_log, whose lines read epoch|callid|queue|agent|event|data..., "
        f"e.g. {EXAMPLE_LINE}; line {line} reads {_quoted(shown)}{hint}",
        line,
        field,
    )


class _Reader:
    """Follows calls through one log, or several read one after another (rotated logs)."""

    def __init__(self, settings: ImportSettings) -> None:
        self.path = Path()
        self.source = -1  # index of the file being read
        self.settings = settings
        self.key: bytes | None = settings.caller_key  # required once a number is seen
        self.keys: dict[str, str | None] = {}  # caller field as written -> caller key
        # every call, in the order of its first ENTERQUEUE: one record each (or left out);
        # kept to the end, as a later leg may extend it at any time
        self.calls: dict[str, _Call] = {}
        self.orphans: set[str] = set()  # callids seen without their first ENTERQUEUE
        self.problems = _Problems(self.path)
        self.lines = 0
        self.ignored = 0
        self.started_before_log = 0
        self.without_connect = 0

    # ------------------------------------------------------------------ one line

    def read(self, path: Path, text: str) -> None:
        """Follow every call through one file, line by line (the hot loop: kept lean).

        Calls still open at the end of a file carry on into the next one.
        """
        self.path, self.source = path, self.source + 1
        self.problems = _Problems(path)
        first = True
        lines = ignored = 0
        call_events, add_problem = CALL_EVENTS, self.problems.add
        enter, event_of_call = self._enter, self._event
        for number, raw in enumerate(text.split("\n"), start=1):
            line = raw[:-1] if raw.endswith("\r") else raw
            if not line or line.isspace():
                continue
            lines += 1
            parts = line.split("|")
            if first:
                first = False
                self._check_first(number, line, parts)
            if len(parts) < 5:
                add_problem(number, NAMES[len(parts)], _too_few(parts))
                continue
            epoch = parts[0]
            if epoch.isascii() and epoch.isdigit() and len(epoch) <= 11:  # before 5138 AD
                when = int(epoch) * 1_000_000
            else:
                when_or_none = _epoch_us(epoch)
                if when_or_none is None:
                    add_problem(number, "epoch", _epoch_problem(epoch))
                    continue
                when = when_or_none
            event = parts[4]
            if event not in call_events:
                event = event.strip().upper()  # as Asterisk writes it, this is rarely needed
                if event not in call_events:
                    ignored += 1
                    continue
            callid = parts[1].strip()
            queue = parts[2].strip()
            if not callid:
                add_problem(number, "callid", _empty("callid", event))
            elif not queue:
                add_problem(number, "queue", _empty("queue", event))
            elif event != ENTER:
                event_of_call(callid, event, queue, parts[3].strip(), when)
            elif len(parts) < 7:
                add_problem(
                    number,
                    "data2 (caller id)",
                    "missing; expected ENTERQUEUE data url|callerid|position, e.g. |22222222|1",
                )
            else:
                enter(number, callid, queue, when, parts[6])
        self.lines += lines
        self.ignored += ignored
        self.problems.raise_if_any()

    def _check_first(self, number: int, line: str, parts: list[str]) -> None:
        """A first line that is not a queue_log line means the file is something else."""
        if len(parts) < 5:
            problem = _too_few(parts, expected=False)
            raise _not_a_queue_log(self.path, number, line, NAMES[len(parts)], problem)
        if _epoch_us(parts[0]) is None:
            raise _not_a_queue_log(self.path, number, line, "epoch", _epoch_problem(parts[0]))

    def _caller(self, written: str) -> str | None:
        """The caller key of an ENTERQUEUE caller id field; the key is needed only for a number."""
        if written in self.keys:
            return self.keys[written]
        if self.key is None:
            if normalise_number(written) is None:
                self.keys[written] = None
                return None
            self.key = self.settings.require_caller_key(str(self.path))
        key_value = caller_key(written, self.key)
        self.keys[written] = key_value
        return key_value

    def _enter(self, line: int, callid: str, queue: str, when: int, caller_field: str) -> None:
        call = self.calls.get(callid)
        if call is None:
            if callid in self.orphans:
                return  # a later leg of a call that entered before the log: left out with it
            self.calls[callid] = _Call(
                callid,
                source=self.source,
                line=line,
                queue=queue,
                when=when,
                caller=self._caller(caller_field),
            )
            return
        state = call.state
        if state in (WAITING, LEFT):
            # left a queue unanswered (or its exit was not logged): overflow, same record
            call.at(when)
            call.state = WAITING
            call.ended = None
            if call.caller is None:
                call.caller = self._caller(caller_field)
        elif state == DONE:
            # answered, then transferred into a queue: a later leg of the same contact
            call.at(when)
            call.state = LATER
        elif state in (CONNECTED, LATER):
            # in a queue again with no end of the leg before it logged (a transfer Asterisk
            # did not see): that leg ended here, and a later leg begins
            call.ended = call.at(when)
            call.state = LATER
        # DROPPED: left out, with all its legs

    def _event(self, callid: str, event: str, queue: str, agent: str, when: int) -> None:
        call = self.calls.get(callid)
        if call is None:
            if callid not in self.orphans:
                self.orphans.add(callid)  # its ENTERQUEUE is before the start of the log
                self.started_before_log += 1
            return
        state = call.state
        if state == DROPPED:
            return
        answered = state in (CONNECTED, DONE, LATER)
        if event == CONNECT:
            if not answered:
                call.answered = call.at(when)
                call.answered_queue = queue
                call.agent = None if agent in NO_AGENT else agent
                call.state = CONNECTED
            # else an agent of a later leg: the record keeps its first answer
        elif event in COMPLETED:
            if answered:
                call.ended = call.at(when)
                call.state = DONE
            else:
                self.without_connect += 1
                call.state = DROPPED
        elif event == ABANDON:
            # after an answer, the caller hung up in a later leg: the contact was answered
            call.ended = call.at(when)
            call.state = DONE if answered else LEFT
        elif event in EXITED and state != CONNECTED:
            call.ended = call.at(when)
            call.state = DONE if answered else LEFT
        # RINGNOANSWER: an agent did not pick up; the call goes on waiting

    # ------------------------------------------------------------------ the end

    def finish(self) -> tuple[list[pl.DataFrame], QueueLogSummary]:
        """One frame per file read (records belong to the file of their first ENTERQUEUE)."""
        records: list[Record] = []
        unfinished = in_later_leg = out_of_order = 0
        for call in self.calls.values():  # in the order of their first ENTERQUEUE
            state = call.state
            if state in (WAITING, CONNECTED):
                unfinished += 1  # whether, or when, it is answered or ends is not known yet
                continue
            if state == DROPPED:
                continue
            if state == LATER:
                in_later_leg += 1  # answered: kept, ended at the end of its last finished leg
            if call.out_of_order:
                out_of_order += 1
            answered_queue = call.answered_queue if call.answered_queue != call.queue else None
            records.append(
                (
                    call.source,
                    call.line,
                    call.callid,
                    call.queue,
                    call.caller,
                    call.arrived,
                    call.answered,
                    call.ended,
                    call.agent,
                    answered_queue,
                )
            )
        self.calls.clear()
        frames = [
            self._frame([r for r in records if r[0] == source]) for source in range(self.source + 1)
        ]
        summary = QueueLogSummary(
            lines=self.lines,
            records=len(records),
            started_before_log=self.started_before_log,
            unfinished_at_end=unfinished,
            without_connect=self.without_connect,
            out_of_order=out_of_order,
            ignored_lines=self.ignored,
            in_later_leg_at_end=in_later_leg,
        )
        return frames, summary

    def _frame(self, records: list[Record]) -> pl.DataFrame:
        (_, line, contact_id, queue, caller, arrived, answered, ended, agent, answered_queue) = (
            (list(values) for values in zip(*records, strict=True))
            if records
            else ([[] for _ in range(10)])
        )

        def stamps(values: list[int | None]) -> pl.Series:
            us = pl.Series(values, dtype=pl.Int64)
            return us.cast(pl.Datetime("us")).dt.replace_time_zone("UTC")

        units = {q: self.settings.unit_of(q) for q in set(queue)}
        return pl.DataFrame(
            {
                "contact_id": pl.Series(contact_id, dtype=pl.String),
                "unit": pl.Series([units[q] for q in queue], dtype=pl.String),
                "queue": pl.Series(queue, dtype=pl.String),
                "channel": pl.Series([CHANNEL] * len(records), dtype=pl.String),
                "caller": pl.Series(caller, dtype=pl.String),
                "arrived_at": stamps(arrived),
                "answered_at": stamps(answered),
                "ended_at": stamps(ended),
                "agent": pl.Series(agent, dtype=pl.String),
                "answered_queue": pl.Series(answered_queue, dtype=pl.String),
                LINE: pl.Series(line, dtype=pl.Int64),
            }
        )


def read_queue_logs(paths: Sequence[Path], settings: ImportSettings) -> list[QueueLogSource]:
    """Read queue_logs one after another as one stream of events, one source per file.

    Give rotated logs oldest first (``queue_log.2 queue_log.1 queue_log``): a call that
    starts in one file and ends in the next is then one record, belonging to the file
    and line of its first ENTERQUEUE. The summary of all files is noted on the last.

    Raises :class:`QueueLogError` (a :class:`LinjaError`) for a malformed line, naming the
    file, the line and the field, and :class:`LinjaError` for a missing, empty or
    unreadable file.
    """
    reader = _Reader(settings)
    for path in map(Path, paths):
        text = _text(path)
        if not text.strip():
            raise LinjaError(
                f"{path}: is empty; expected Asterisk queue_log lines such as {EXAMPLE_LINE}"
            )
        reader.read(path, text)
    frames, summary = reader.finish()
    sources = [
        QueueLogSource(str(path), frame, "line", summary=summary)
        for path, frame in zip(paths, frames, strict=True)
    ]
    sources[-1] = replace(sources[-1], notes=(str(summary),))
    return sources


def read_queue_log(path: Path, settings: ImportSettings) -> QueueLogSource:
    """Read one Asterisk queue_log into one raw contact record per call.

    The result's ``summary`` counts the calls left out and why; see read_queue_logs.
    """
    return read_queue_logs([path], settings)[0]
