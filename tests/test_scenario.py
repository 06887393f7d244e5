"""Scenario files: YAML in, the simulator's Scenario out; every mistake named by line and key."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import get_args

import pytest

from linja.engine.records import CHANNELS
from linja.engine.routing.calendar import open_spans
from linja.engine.routing.config import Closure, DailyClosure, Overflow, Redirect
from linja.engine.sim.model import (
    CountArrivals,
    Distribution,
    PoissonArrivals,
    Redial,
    ReplayArrivals,
    Scenario,
    Shift,
)
from linja.errors import LinjaError
from linja.scenario import load_scenario
from linja.scenario.schema import Channel

DATA = Path(__file__).parent / "data" / "scenarios"
DOCS = Path(__file__).parents[1] / "docs" / "scenarios.md"
BANK = Path("/work/shared/data/anonymous-bank-1999-arrivals-6min.csv")

# The example of the issue; the line numbers of the error tests below refer to it
EXAMPLE = """\
name: one-queue
start: 2026-03-02T08:00:00+01:00
hours: 200
queues:
  - id: phone
    unit: Poliklinikk
    sl_seconds: 20
    arrivals_per_hour: 360
    handle_seconds: {distribution: exponential, mean: 180}
    patience_seconds: {distribution: exponential, mean: 120}
agents:
  - group: team
    count: 20
    skills: [phone]
"""
PATIENCE = "    patience_seconds: {distribution: exponential, mean: 120}\n"
RATE = "    arrivals_per_hour: 360\n"


def write(tmp_path: Path, text: str, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load(tmp_path: Path, text: str) -> Scenario:
    return load_scenario(write(tmp_path, text))


def problem(tmp_path: Path, text: str) -> str:
    with pytest.raises(LinjaError) as caught:
        load_scenario(write(tmp_path, text))
    return str(caught.value)


def assert_names(message: str, line: int, key: str, *expected: str) -> None:
    """The message names the scenario file, the line and the key, and says what it expects."""
    assert f"plan.yaml line {line}, key {key}: " in message, message
    for part in expected:
        assert part in message, message


def with_queue_keys(text: str) -> str:
    """The example with more keys for its queue (inserted after arrivals_per_hour)."""
    return EXAMPLE.replace(RATE, RATE + text)


# --------------------------------------------------------------------------- the example


def test_the_example_loads_to_the_exact_values() -> None:
    scenario = load_scenario(DATA / "one-queue.yaml")
    assert scenario.name == "one-queue"
    assert scenario.start == datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
    assert scenario.start.utcoffset() is not None
    assert scenario.hours == 200
    assert scenario.warmup_minutes == 0
    assert scenario.timezone == "Europe/Oslo"
    (queue,) = scenario.queues
    assert queue.arrivals == PoissonArrivals((360.0,), 3600.0)
    assert queue.handle == Distribution("exponential", mean=180.0)
    assert queue.patience == Distribution("exponential", mean=120.0)
    assert queue.channel == "phone"
    assert queue.redial is None
    assert queue.callers == 0
    rules = queue.rules
    assert (rules.id, rules.unit, rules.sl_seconds, rules.organisation) == (
        "phone",
        "Poliklinikk",
        20.0,
        "",
    )
    assert rules.calendar is None  # open around the clock
    assert rules.overflow is None
    assert rules.expected_handle_seconds == 180.0
    (group,) = scenario.agents
    assert (group.group, group.count, group.skills, group.shifts) == ("team", 20, {"phone": 1}, ())


def test_the_example_file_is_the_issue_example() -> None:
    assert (DATA / "one-queue.yaml").read_text() == EXAMPLE


def test_without_patience_callers_never_abandon(tmp_path: Path) -> None:
    scenario = load(tmp_path, EXAMPLE.replace(PATIENCE, ""))
    assert scenario.queues[0].patience is None


def test_start_may_be_quoted_text_and_defaults_apply(tmp_path: Path) -> None:
    text = EXAMPLE.replace("start: 2026-03-02T08:00:00+01:00", 'start: "2026-03-02T07:00:00Z"')
    text = text.replace("    unit: Poliklinikk\n    sl_seconds: 20\n", "")
    scenario = load_scenario(write(tmp_path, text))
    assert scenario.start == datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
    assert str(scenario.start.tzinfo) == "Europe/Oslo"  # in the scenario's zone
    rules = scenario.queues[0].rules
    assert (rules.unit, rules.sl_seconds, rules.priority, rules.agent_choice) == (
        "phone",
        60.0,
        0,
        "longest_idle",
    )


def test_the_channels_are_those_of_the_records() -> None:
    assert get_args(Channel) == CHANNELS


# --------------------------------------------------------------------------- one mistake each

# (what to replace in EXAMPLE, with what), line, key, what the message says
MISTAKES = [
    pytest.param(
        ("patience_seconds:", "patience_second:"),
        10,
        "queues.0.patience_second",
        ["unknown key (did you mean patience_seconds?)", "expected one of id, unit"],
        id="unknown-key",
    ),
    pytest.param(
        ("name: one-queue\n", "nmae: one-queue\n"),
        1,
        "nmae",
        ["unknown key (did you mean name?)"],
        id="unknown-top-level-key",
    ),
    pytest.param(
        ("mean: 180}", "mean: 180, sd: 30}"),
        9,
        "queues.0.handle_seconds.sd",
        ["does not belong to an exponential distribution; expected mean"],
        id="sd-with-exponential",
    ),
    pytest.param(
        ("{distribution: exponential, mean: 180}", "{distribution: gamma, mean: 180}"),
        9,
        "queues.0.handle_seconds.sd",
        ["is required for a gamma distribution but missing"],
        id="gamma-without-sd",
    ),
    pytest.param(
        ("{distribution: exponential, mean: 180}", "{distribution: exponential, mean: 0}"),
        9,
        "queues.0.handle_seconds.mean",
        ["greater than 0, got 0"],
        id="mean-zero",
    ),
    pytest.param(
        ("{distribution: exponential, mean: 180}", "{distribution: weibull, mean: 180}"),
        9,
        "queues.0.handle_seconds.distribution",
        ["'exponential', 'lognormal', 'gamma', 'empirical' or 'fixed', got 'weibull'"],
        id="unknown-distribution",
    ),
    pytest.param(
        ("{distribution: exponential, mean: 180}", "{distribution: empirical, values: []}"),
        9,
        "queues.0.handle_seconds.values",
        ["at least 1 item"],
        id="empirical-without-values",
    ),
    pytest.param(
        ("{distribution: exponential, mean: 180}", "lots"),
        9,
        "queues.0.handle_seconds",
        ["expected a number of seconds or a distribution", "got 'lots'"],
        id="distribution-text",
    ),
    pytest.param(
        ("    handle_seconds: {distribution: exponential, mean: 180}\n", ""),
        5,
        "queues.0.handle_seconds",
        ["is required but missing"],
        id="handle-missing",
    ),
    pytest.param(
        ("arrivals_per_hour: 360", "arrivals_per_hour: -5"),
        8,
        "queues.0.arrivals_per_hour",
        ["greater than or equal to 0, got -5"],
        id="negative-rate",
    ),
    pytest.param(
        ("count: 20", "count: many"),
        13,
        "agents.0.count",
        ["valid integer, got 'many'"],
        id="count-text",
    ),
    pytest.param(
        ("count: 20", "count: true"),
        13,
        "agents.0.count",
        ["valid integer"],
        id="count-bool",
    ),
    pytest.param(
        ("count: 20", "count: -1"),
        13,
        "agents.0.count",
        ["greater than or equal to 0"],
        id="count-negative",
    ),
    pytest.param(
        ("hours: 200", "hours: lots"),
        3,
        "hours",
        ["valid number, got 'lots'"],
        id="hours-text",
    ),
    pytest.param(
        ("hours: 200", "hours: 0"),
        3,
        "hours",
        ["greater than 0"],
        id="hours-zero",
    ),
    pytest.param(
        ("name: one-queue\n", ""),
        1,
        "name",
        ["is required but missing"],
        id="name-missing",
    ),
    pytest.param(
        ("+01:00", ""),
        2,
        "start",
        ["'2026-03-02T08:00:00' has no UTC offset", "expected ISO 8601 with an offset"],
        id="start-naive",
    ),
    pytest.param(
        ("start: 2026-03-02T08:00:00+01:00", "start: 2026-03-02"),
        2,
        "start",
        ["'2026-03-02' is a date; expected a date and time with a UTC offset"],
        id="start-date",
    ),
    pytest.param(
        ("start: 2026-03-02T08:00:00+01:00", "start: next monday"),
        2,
        "start",
        ["'next monday' is not an ISO 8601 date and time"],
        id="start-text",
    ),
    pytest.param(
        ("hours: 200", "hours: 200\ntimezone: Europe/Olso"),
        4,
        "timezone",
        ["'Europe/Olso' is not a time zone (did you mean Europe/Oslo?)", "IANA"],
        id="timezone",
    ),
    pytest.param(
        ("hours: 200", "hours: 2\nwarmup_minutes: 120"),
        4,
        "warmup_minutes",
        ["not shorter than the run (2 hours); expected a warm-up shorter than hours"],
        id="warmup-too-long",
    ),
    pytest.param(
        ("queues:\n  - id: phone", "queues:\n  - id: phone\n    channel: fax"),
        6,
        "queues.0.channel",
        ["'phone', 'chat', 'callback', 'form', 'email' or 'counter', got 'fax'"],
        id="channel",
    ),
    pytest.param(
        ("sl_seconds: 20\n", "sl_seconds: 20\n    agent_choice: random\n"),
        8,
        "queues.0.agent_choice",
        ["'longest_idle', 'longest_idle_any_level' or 'ordered', got 'random'"],
        id="agent-choice",
    ),
    pytest.param(
        (RATE, ""),
        5,
        "queues.0",
        ["has no arrivals; expected arrivals_per_hour: N, or arrivals with one of per_hour"],
        id="no-arrivals",
    ),
    pytest.param(
        (RATE, RATE + "    arrivals: {per_hour: [10]}\n"),
        9,
        "queues.0.arrivals",
        ["is given together with arrivals_per_hour; expected one of the two"],
        id="both-arrival-keys",
    ),
    pytest.param(
        (RATE, "    arrivals: {per_hour: [10], counts: [3]}\n"),
        8,
        "queues.0.arrivals",
        ["per_hour and counts are given; expected exactly one of per_hour, counts"],
        id="two-arrival-forms",
    ),
    pytest.param(
        (RATE, "    arrivals: {per_hour: [10], column: calls}\n"),
        8,
        "queues.0.arrivals.column",
        ["does not go with per_hour; expected only per_hour, interval_minutes"],
        id="key-of-another-form",
    ),
    pytest.param(
        (RATE, "    arrivals: {per_hour: [10, -2]}\n"),
        8,
        "queues.0.arrivals.per_hour.1",
        ["greater than or equal to 0, got -2"],
        id="negative-profile-rate",
    ),
    pytest.param(
        (RATE, "    arrivals: {counts: [1, 2]}\n"),
        8,
        "queues.0.arrivals.interval_minutes",
        ["is required but missing; expected the minutes each count covers"],
        id="counts-without-interval",
    ),
    pytest.param(
        ("skills: [phone]", "skills: [phone, phnoe]"),
        14,
        "agents.0.skills.1",
        ["'phnoe' names no queue (did you mean phone?); expected one of phone"],
        id="skill-names-no-queue",
    ),
    pytest.param(
        ("skills: [phone]", "skills: {phone: 1, phnoe: 2}"),
        14,
        "agents.0.skills.phnoe",
        ["'phnoe' names no queue", "expected one of phone"],
        id="skill-level-names-no-queue",
    ),
    pytest.param(
        ("skills: [phone]", "skills: [phone, phone]"),
        14,
        "agents.0.skills.1",
        ["'phone' is listed twice; expected each queue once"],
        id="skill-twice",
    ),
    pytest.param(
        ("skills: [phone]", "skills: {phone: 0}"),
        14,
        "agents.0.skills.phone",
        ["greater than or equal to 1, got 0"],
        id="skill-level-zero",
    ),
    pytest.param(
        ("skills: [phone]", "skills: phone"),
        14,
        "agents.0.skills",
        ["expected a list of queue ids ([phone, chat]) or a mapping of queue id to level"],
        id="skills-text",
    ),
    pytest.param(
        (RATE, RATE + "    overflow: {after_seconds: 60, to: chat}\n"),
        9,
        "queues.0.overflow.to",
        ["'chat' names no queue; expected one of phone"],
        id="overflow-names-no-queue",
    ),
    pytest.param(
        (RATE, RATE + "    overflow: {after_seconds: 60, to: phone}\n"),
        9,
        "queues.0.overflow.to",
        ["'phone' is the queue itself; expected another queue"],
        id="overflow-to-itself",
    ),
    pytest.param(
        (RATE, RATE + "    overflow: {after_seconds: 0, to: phone}\n"),
        9,
        "queues.0.overflow.after_seconds",
        ["greater than 0"],
        id="overflow-after-zero",
    ),
    pytest.param(
        (RATE, RATE + "    when_closed: {queue: switchboard}\n"),
        9,
        "queues.0.when_closed.queue",
        ["'switchboard' names no queue; expected one of phone"],
        id="when-closed-names-no-queue",
    ),
    pytest.param(
        (RATE, RATE + "    max_waiting: 5\n    when_full:\n      queue: phnoe\n"),
        11,
        "queues.0.when_full.queue",
        ["'phnoe' names no queue (did you mean phone?)"],
        id="when-full-names-no-queue",
    ),
    pytest.param(
        (RATE, RATE + "    when_full: {queue: phone, message: full}\n"),
        9,
        "queues.0.when_full.message",
        ["does not go with queue; expected queue: ID alone, or message (and number)"],
        id="redirect-queue-and-message",
    ),
    pytest.param(
        (RATE, RATE + "    when_closed: {}\n"),
        9,
        "queues.0.when_closed",
        ["is empty; expected queue: ID, or message: KEY (and number)"],
        id="redirect-empty",
    ),
    pytest.param(
        (RATE, RATE + "    callback: {after_seconds: 300, accept: 1.5}\n"),
        9,
        "queues.0.callback.accept",
        ["less than or equal to 1"],
        id="callback-accept-not-a-probability",
    ),
    pytest.param(
        (RATE, RATE + "    callback: {after_seconds: 300}\n"),
        9,
        "queues.0.callback.accept",
        ["is required but missing"],
        id="callback-without-accept",
    ),
    pytest.param(
        (RATE, RATE + "    redial: {after_abandon: 0.5, delay_seconds: {distribution: fixed}}\n"),
        9,
        "queues.0.redial.delay_seconds.value",
        ["is required for a fixed distribution but missing"],
        id="redial-delay",
    ),
    pytest.param(
        (RATE, RATE + "    widen_after_seconds: 30\n"),
        9,
        "queues.0.widen_after_seconds",
        ["has no effect on a queue without an organisation", "expected organisation: too"],
        id="widen-without-organisation",
    ),
    pytest.param(
        (RATE, RATE + "    max_waiting: -1\n"),
        9,
        "queues.0.max_waiting",
        ["greater than or equal to 0"],
        id="max-waiting-negative",
    ),
]


@pytest.mark.parametrize(("change", "line", "key", "expected"), MISTAKES)
def test_a_mistake_names_the_file_line_key_and_expectation(
    tmp_path: Path, change: tuple[str, str], line: int, key: str, expected: list[str]
) -> None:
    old, new = change
    assert old in EXAMPLE
    assert_names(problem(tmp_path, EXAMPLE.replace(old, new, 1)), line, key, *expected)


def test_more_problems_are_counted(tmp_path: Path) -> None:
    text = EXAMPLE.replace("hours: 200", "hours: lots").replace("count: 20", "count: many")
    assert problem(tmp_path, text).endswith("(and 1 more problem)")


def test_a_file_that_is_not_a_mapping_or_not_yaml(tmp_path: Path) -> None:
    assert "plan.yaml line 1: expected a mapping" in problem(tmp_path, "- a\n- b\n")
    assert "plan.yaml line 3, column 1: not valid YAML" in problem(tmp_path, "name: x\nhours: [\n")
    with pytest.raises(LinjaError, match="no such file"):
        load_scenario(tmp_path / "missing.yaml")


# --------------------------------------------------------------------------- several queues

TWO_QUEUES = """\
name: two
start: 2026-03-02T08:00:00+01:00
hours: 8
queues:
  - id: a
    arrivals_per_hour: 10
    handle_seconds: 120
    overflow: {after_seconds: 60, to: b}
  - id: b
    arrivals_per_hour: 10
    handle_seconds: 120
agents:
  - group: team
    count: 2
    skills: [a, b]
"""


def test_duplicate_queue_ids_and_groups(tmp_path: Path) -> None:
    message = problem(tmp_path, TWO_QUEUES.replace("id: b", "id: a").replace("to: b", "to: a"))
    assert_names(
        message, 9, "queues.1.id", "'a' is already the queue id of queues.0 (line 5)", "once"
    )
    twice = TWO_QUEUES + "  - group: team\n    count: 1\n    skills: [a]\n"
    assert_names(
        problem(tmp_path, twice),
        16,
        "agents.1.group",
        "'team' is already the group name of agents.0 (line 13); expected each group name once",
    )


def test_an_overflow_loop_is_refused(tmp_path: Path) -> None:
    text = TWO_QUEUES.replace(
        "  - id: b\n", "  - id: b\n    overflow: {after_seconds: 60, to: a}\n"
    )
    assert_names(
        problem(tmp_path, text),
        8,
        "queues.0.overflow.to",
        "overflow goes round in a loop: a → b → a",
        "expected a chain that ends at a queue without overflow",
    )


def test_a_longer_overflow_loop_is_reported_once_at_a_queue_in_it(tmp_path: Path) -> None:
    text = TWO_QUEUES.replace(
        "  - id: b\n", "  - id: b\n    overflow: {after_seconds: 60, to: c}\n"
    ).replace(
        "agents:",
        "  - id: c\n    arrivals_per_hour: 1\n    handle_seconds: 60\n"
        "    overflow: {after_seconds: 60, to: b}\nagents:",
    )
    message = problem(tmp_path, text.replace("skills: [a, b]", "skills: [a, b, c]"))
    assert_names(message, 10, "queues.1.overflow.to", "loop: b → c → b")


def test_a_queue_no_one_can_answer(tmp_path: Path) -> None:
    text = TWO_QUEUES.replace("skills: [a, b]", "skills: [a]")
    assert_names(
        problem(tmp_path, text),
        9,
        "queues.1.id",
        "no one can answer queue 'b': no agent group has a skill for it",
        "expected it in the skills of a group under agents, or overflow, when_closed",
    )


def test_a_queue_that_passes_its_contacts_on_needs_no_agents(tmp_path: Path) -> None:
    text = TWO_QUEUES.replace("skills: [a, b]", "skills: [b]")
    assert load(tmp_path, text).queues[0].rules.overflow == Overflow(60.0, "b")
    closed = TWO_QUEUES.replace(
        "    overflow: {after_seconds: 60, to: b}\n", "    when_closed: {queue: b}\n"
    )
    assert load(tmp_path, closed.replace("skills: [a, b]", "skills: [b]"))


PASSING_ROUND = """\
name: passing-round
start: 2026-03-02T08:00:00+01:00
hours: 8
queues:
  - id: a
    arrivals_per_hour: 10
    handle_seconds: 120
    when_closed: {queue: b}
  - id: b
    arrivals_per_hour: 10
    handle_seconds: 120
    when_full: {queue: a}
  - id: c
    arrivals_per_hour: 1
    handle_seconds: 60
agents:
  - group: team
    count: 2
    skills: [c]
"""


def test_queues_that_only_pass_contacts_to_each_other_are_not_answered(tmp_path: Path) -> None:
    assert_names(
        problem(tmp_path, PASSING_ROUND),
        5,
        "queues.0.id",
        "no one can answer queue 'a'",
        "the queues it passes contacts on to (b) are not answered either",
    )
    assert load(tmp_path, PASSING_ROUND.replace("skills: [c]", "skills: [c, b]"))


# --------------------------------------------------------------------------- opening hours


CALENDAR = """\
    opening_hours:
      mon-fri: 08:00-15:30
      sat: ["10:00-12:00", 12:30-14:00]
    closed_days: [2026-03-06]
    closures:
      - {daily: 11:30-12:00, days: mon-fri, reason: lunch}
      - {from: 2026-03-04T13:00:00+01:00, to: 2026-03-04T14:00:00+01:00, reason: meeting}
"""


def at(day: date, hh_mm: str) -> float:
    hours, minutes = map(int, hh_mm.split(":"))
    from zoneinfo import ZoneInfo

    return datetime.combine(day, time(hours, minutes), tzinfo=ZoneInfo("Europe/Oslo")).timestamp()


def test_opening_hours_holidays_and_closures_make_the_calendar(tmp_path: Path) -> None:
    calendar = load(tmp_path, with_queue_keys(CALENDAR)).queues[0].rules.calendar
    assert calendar.timezone == "Europe/Oslo"
    assert calendar.weekly[0] == ((time(8), time(15, 30)),)
    assert calendar.weekly[5] == ((time(10), time(12)), (time(12, 30), time(14)))
    assert 6 not in calendar.weekly  # Sunday closed
    # the Norwegian public holidays of the run's year, and the day of our own
    assert {date(2026, 5, 17), date(2026, 5, 14), date(2026, 12, 25)} <= calendar.holidays
    assert date(2026, 3, 6) in calendar.holidays
    assert calendar.daily_closures == (
        DailyClosure(time(11, 30), time(12), frozenset(range(5)), "lunch"),
    )
    (meeting,) = calendar.closures
    assert isinstance(meeting, Closure)
    assert meeting.reason == "meeting"
    assert meeting.start == datetime(2026, 3, 4, 12, tzinfo=UTC)
    # what the router makes of it
    tuesday, wednesday = date(2026, 3, 3), date(2026, 3, 4)
    assert open_spans(calendar, tuesday) == [
        (at(tuesday, "08:00"), at(tuesday, "11:30")),
        (at(tuesday, "12:00"), at(tuesday, "15:30")),
    ]
    assert open_spans(calendar, wednesday)[-2:] == [
        (at(wednesday, "12:00"), at(wednesday, "13:00")),
        (at(wednesday, "14:00"), at(wednesday, "15:30")),
    ]
    assert open_spans(calendar, date(2026, 5, 14)) == []  # Ascension Day, a Thursday
    assert open_spans(calendar, date(2026, 3, 6)) == []  # closed_days


def test_holidays_follow_the_years_of_the_run(tmp_path: Path) -> None:
    text = with_queue_keys("    opening_hours: {mon-sun: 00:00-24:00}\n").replace(
        "start: 2026-03-02T08:00:00+01:00", "start: 2026-12-31T08:00:00+01:00"
    )
    calendar = load(tmp_path, text).queues[0].rules.calendar
    assert calendar.weekly[6] == ((time(0), time(0)),)  # 24:00 is midnight
    assert {date(2026, 12, 26), date(2027, 1, 1)} <= calendar.holidays
    assert not any(d.year == 2028 for d in calendar.holidays)


def test_holidays_can_be_switched(tmp_path: Path) -> None:
    kept_open = with_queue_keys("    opening_hours: {mon-fri: 08:00-16:00}\n    holidays: false\n")
    assert load(tmp_path, kept_open).queues[0].rules.calendar.holidays == frozenset()
    only_holidays = load(tmp_path, with_queue_keys("    holidays: true\n"))
    calendar = only_holidays.queues[0].rules.calendar
    assert calendar.weekly is None  # open around the clock, but not on holidays
    assert date(2026, 5, 17) in calendar.holidays
    lunch_only = with_queue_keys("    closures: [{daily: 11:30-12:00}]\n")
    calendar = load(tmp_path, lunch_only).queues[0].rules.calendar
    assert (calendar.weekly, calendar.holidays) == (None, frozenset())
    assert calendar.daily_closures[0].weekdays == frozenset(range(7))


def test_norwegian_weekday_names_and_dashes(tmp_path: Path) -> None:
    text = with_queue_keys(
        "    opening_hours:\n      man-tor: 08:00–15:00\n      fre: 08:00-14:00\n"
    )
    calendar = load(tmp_path, text).queues[0].rules.calendar
    assert sorted(calendar.weekly) == [0, 1, 2, 3, 4]
    assert calendar.weekly[3] == ((time(8), time(15)),)


CALENDAR_MISTAKES = [
    pytest.param(
        "    opening_hours:\n      mon-fry: 08:00-15:30\n",
        10,
        "queues.0.opening_hours.mon-fry",
        ["'fry' is not a weekday (did you mean fri?); expected one of mon, tue"],
        id="weekday",
    ),
    pytest.param(
        "    opening_hours:\n      fri-mon: 08:00-15:30\n",
        10,
        "queues.0.opening_hours.fri-mon",
        ["runs backwards; expected a range from an earlier to a later day"],
        id="backwards-range",
    ),
    pytest.param(
        "    opening_hours:\n      mon-fri: 08:00-15:30\n      fri: 08:00-12:00\n",
        11,
        "queues.0.opening_hours.fri",
        ["fri is also in mon-fri (line 10); expected each day once"],
        id="day-twice",
    ),
    pytest.param(
        "    opening_hours:\n      mon-fri: 08:00-25:00\n",
        10,
        "queues.0.opening_hours.mon-fri",
        ["'25:00' is not a time of day; expected HH:MM from 00:00 to 24:00"],
        id="hour-25",
    ),
    pytest.param(
        "    opening_hours:\n      mon-fri: 8am-4pm\n",
        10,
        "queues.0.opening_hours.mon-fri",
        ["'8am' is not a time of day; expected HH:MM"],
        id="8am",
    ),
    pytest.param(
        "    opening_hours:\n      mon-fri: 15:30-08:00\n",
        10,
        "queues.0.opening_hours.mon-fri",
        ["ends before it starts", "22:00-24:00 and 00:00-06:00"],
        id="backwards-span",
    ),
    pytest.param(
        "    opening_hours:\n      mon-fri: [08:00-12:00, 11:00-15:00]\n",
        10,
        "queues.0.opening_hours.mon-fri",
        ["spans overlap at 11:00; expected spans that do not overlap"],
        id="overlap",
    ),
    pytest.param(
        "    opening_hours:\n      mon-fri: 8\n",
        10,
        "queues.0.opening_hours.mon-fri",
        ["expected a span of time in quotes such as '08:00-15:30', got 8"],
        id="number",
    ),
    pytest.param(
        "    closures:\n      - {daily: 11:30-12:00, from: 2026-03-02T11:30:00+01:00}\n",
        10,
        "queues.0.closures.0.from",
        ["does not go with daily; expected daily (and days), or from and to"],
        id="closure-both-kinds",
    ),
    pytest.param(
        "    closures:\n      - {daily: 11:30-24:00}\n",
        10,
        "queues.0.closures.0.daily",
        ["'24:00' is not a time of day; expected HH:MM from 00:00 to 23:59"],
        id="daily-closure-to-midnight",
    ),
    pytest.param(
        "    closures:\n      - from: 2026-03-02T11:30:00+01:00\n",
        10,
        "queues.0.closures.0.to",
        ["is required but missing; expected daily: HH:MM-HH:MM, or both from and to"],
        id="closure-without-to",
    ),
    pytest.param(
        "    closures:\n      - from: 2026-03-02T11:30:00+01:00\n"
        "        to: 2026-03-02T11:00:00+01:00\n",
        11,
        "queues.0.closures.0.to",
        ["is not after from"],
        id="closure-backwards",
    ),
    pytest.param(
        "    closures:\n      - {from: 2026-03-02T11:30:00, to: 2026-03-02T12:00:00+01:00}\n",
        10,
        "queues.0.closures.0.from",
        ["has no UTC offset"],
        id="closure-naive",
    ),
]


@pytest.mark.parametrize(("keys", "line", "key", "expected"), CALENDAR_MISTAKES)
def test_calendar_mistakes(
    tmp_path: Path, keys: str, line: int, key: str, expected: list[str]
) -> None:
    assert_names(problem(tmp_path, with_queue_keys(keys)), line, key, *expected)


# --------------------------------------------------------------------------- agents


def test_shifts_with_unquoted_times_days_and_pauses(tmp_path: Path) -> None:
    text = EXAMPLE.replace(
        "skills: [phone]",
        "skills: [phone]\n    organisation: Helse Bergen\n    shifts:\n"
        "      - days: mon-fri\n        start: 08:00\n        end: 15:30\n"
        "        pauses: [{start: 11:30, end: 12:00, reason: lunch}, {start: 14:00, end: 14:15}]\n"
        '      - {days: [sat, sun], start: "10:00", end: "14:00"}\n'
        "      - {start: 16:00, end: 23:59}\n"
        "      - {days: sat, start: 18:00, end: 24:00, pauses: [{start: 21:00, end: 21:30}]}\n",
    )
    group = load(tmp_path, text).agents[0]
    assert group.organisation == "Helse Bergen"
    assert group.shifts == (
        Shift(
            time(8),
            time(15, 30),
            frozenset(range(5)),
            ((time(11, 30), time(12), "lunch"), (time(14), time(14, 15), "pause")),
        ),
        Shift(time(10), time(14), frozenset({5, 6})),
        Shift(time(16), time(23, 59), frozenset(range(7))),
        Shift(time(18), time(0), frozenset({5}), ((time(21), time(21, 30), "pause"),)),
    )


def test_skill_levels(tmp_path: Path) -> None:
    text = TWO_QUEUES.replace("skills: [a, b]", "skills: {a: 1, b: 2}")
    assert load(tmp_path, text).agents[0].skills == {"a": 1, "b": 2}


SHIFT_MISTAKES = [
    pytest.param(
        "{start: 08:00, end: 25:00}",
        16,
        "agents.0.shifts.0.end",
        ["'25:00' is not a time of day; expected HH:MM from 00:00 to 24:00"],
        id="hour-25",
    ),
    pytest.param(
        "{start: 8am, end: 15:30}",
        16,
        "agents.0.shifts.0.start",
        ["'8am' is not a time of day"],
        id="8am",
    ),
    pytest.param(
        "{start: 15:30, end: 08:00}",
        16,
        "agents.0.shifts.0.end",
        ["08:00 is not after start 15:30; expected a shift that ends later the same day (24:00"],
        id="backwards",
    ),
    pytest.param(
        "{days: mon-fry, start: 08:00, end: 15:30}",
        16,
        "agents.0.shifts.0.days",
        ["'fry' is not a weekday (did you mean fri?)"],
        id="weekday",
    ),
    pytest.param(
        "{days: [], start: 08:00, end: 15:30}",
        16,
        "agents.0.shifts.0.days",
        ["is empty; expected at least one weekday"],
        id="no-days",
    ),
    pytest.param(
        "{start: 08:00, end: 15:30, pauses: [{start: 07:30, end: 08:00}]}",
        16,
        "agents.0.shifts.0.pauses.0",
        ["07:30-08:00 is outside the shift 08:00-15:30; expected a pause inside it"],
        id="pause-outside",
    ),
    pytest.param(
        "{start: 08:00, end: 15:30, pauses: [{start: 12:00, end: 11:30}]}",
        16,
        "agents.0.shifts.0.pauses.0.end",
        ["11:30 is not after start 12:00"],
        id="pause-backwards",
    ),
    pytest.param(
        "{start: 08:00, end: 15:30, pauses: [{start: 11:00, end: 12:00}, {start: 11:30, end: 12:30}]}",
        16,
        "agents.0.shifts.0.pauses.1",
        ["before the pause above ends; expected pauses in order that do not overlap"],
        id="pauses-overlap",
    ),
    pytest.param(
        "{start: 08:00, end: 15:30, lunch: 11:30}",
        16,
        "agents.0.shifts.0.lunch",
        ["unknown key", "expected one of days, start, end, pauses"],
        id="unknown-key",
    ),
]


@pytest.mark.parametrize(("shift", "line", "key", "expected"), SHIFT_MISTAKES)
def test_shift_mistakes(
    tmp_path: Path, shift: str, line: int, key: str, expected: list[str]
) -> None:
    text = EXAMPLE.replace("skills: [phone]", f"skills: [phone]\n    shifts:\n      - {shift}")
    assert_names(problem(tmp_path, text), line, key, *expected)


# --------------------------------------------------------------------------- routing keys


def test_every_queue_key_reaches_the_rules_and_the_spec(tmp_path: Path) -> None:
    text = TWO_QUEUES.replace(
        "    overflow: {after_seconds: 60, to: b}\n",
        "    overflow: {after_seconds: 60, to: b}\n"
        "    unit: Servicetorget\n"
        "    organisation: Alver kommune\n"
        "    channel: chat\n"
        "    priority: 2\n"
        "    sl_seconds: 30\n"
        "    wrapup_seconds: 15\n"
        "    agent_choice: ordered\n"
        "    widen_after_seconds: 45\n"
        "    when_closed: {message: closed, number: 55975000}\n"
        "    max_waiting: 10\n"
        "    when_full: {queue: b}\n"
        "    callback: {after_seconds: 300, accept: 0.4}\n"
        "    offer_timeout_seconds: 20\n"
        "    announce_every_seconds: 60\n"
        "    redial: {after_abandon: 0.6, after_answer: 0.1, delay_seconds: 600}\n"
        "    callers: 5000\n",
    )
    queue = load(tmp_path, text).queues[0]
    rules = queue.rules
    assert (rules.unit, rules.organisation, rules.priority, rules.sl_seconds) == (
        "Servicetorget",
        "Alver kommune",
        2,
        30.0,
    )
    assert (rules.wrapup_seconds, rules.agent_choice, rules.widen_after_seconds) == (
        15.0,
        "ordered",
        45.0,
    )
    assert rules.overflow == Overflow(60.0, "b")
    assert rules.when_closed == Redirect(message="closed", number="55975000")
    assert (rules.max_waiting, rules.when_full) == (10, Redirect(queue="b"))
    assert rules.callback_after_seconds == 300.0
    assert (rules.offer_timeout_seconds, rules.announce_every_seconds) == (20.0, 60.0)
    assert rules.expected_handle_seconds == 120.0
    assert (queue.channel, queue.callback_accept, queue.callers) == ("chat", 0.4, 5000)
    assert queue.redial == Redial(0.6, 0.1, Distribution("fixed", mean=600.0))
    assert load(tmp_path, TWO_QUEUES).queues[1].redial is None


def test_redial_delay_has_a_default(tmp_path: Path) -> None:
    queue = load(tmp_path, with_queue_keys("    redial: {after_abandon: 0.5}\n")).queues[0]
    assert queue.redial == Redial(0.5, 0.0)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("{distribution: exponential, mean: 180}", Distribution("exponential", mean=180.0)),
        (
            "{distribution: lognormal, mean: 240, sd: 150}",
            Distribution("lognormal", mean=240.0, sd=150.0),
        ),
        ("{distribution: gamma, mean: 240, sd: 90}", Distribution("gamma", mean=240.0, sd=90.0)),
        (
            "{distribution: empirical, values: [0, 60, 120.5]}",
            Distribution("empirical", mean=180.5 / 3, values=(0.0, 60.0, 120.5)),
        ),
        ("{distribution: fixed, value: 30}", Distribution("fixed", mean=30.0)),
        ("45", Distribution("fixed", mean=45.0)),
        ("2.5", Distribution("fixed", mean=2.5)),
    ],
)
def test_distributions(tmp_path: Path, written: str, expected: Distribution) -> None:
    text = EXAMPLE.replace("{distribution: exponential, mean: 180}", written)
    assert load(tmp_path, text).queues[0].handle == expected


# --------------------------------------------------------------------------- arrivals


def test_a_rate_profile_and_a_count_series(tmp_path: Path) -> None:
    profile = EXAMPLE.replace(RATE, "    arrivals: {per_hour: [10, 20.5, 0]}\n")
    assert load(tmp_path, profile).queues[0].arrivals == PoissonArrivals((10.0, 20.5, 0.0), 3600.0)
    quarter = EXAMPLE.replace(RATE, "    arrivals: {per_hour: [10], interval_minutes: 15}\n")
    assert load(tmp_path, quarter).queues[0].arrivals == PoissonArrivals((10.0,), 900.0)
    counts = EXAMPLE.replace(RATE, "    arrivals: {counts: [3, 0, 1.5], interval_minutes: 6}\n")
    assert load(tmp_path, counts).queues[0].arrivals == CountArrivals((3.0, 0.0, 1.5), 360.0)


def counts_file(tmp_path: Path, keys: str, csv: Path = DATA / "counts.csv") -> Scenario:
    shutil.copy(csv, tmp_path / csv.name)
    text = EXAMPLE.replace(
        RATE, f"    arrivals:\n      counts_file: {csv.name}\n      interval_minutes: 6\n{keys}"
    )
    return load(tmp_path, text)


def test_counts_from_a_file_next_to_the_scenario(tmp_path: Path) -> None:
    scenario = counts_file(tmp_path, "      column: calls\n")
    assert scenario.queues[0].arrivals == CountArrivals((2.0, 0.5, 3.0, 1.0), 360.0)
    scaled = counts_file(tmp_path, "      column: CALLS\n      skip_intervals: 1\n      scale: 2\n")
    assert scaled.queues[0].arrivals == CountArrivals((1.0, 6.0, 2.0), 360.0)


def test_counts_with_semicolons_and_decimal_commas(tmp_path: Path) -> None:
    # as Excel saves CSV in a Norwegian locale: a byte-order mark, semicolons, CRLF
    (tmp_path / "excel.csv").write_text(
        "\ufeffintervall;antall\r\n1;2,5\r\n\r\n2;4\r\n", encoding="utf-8"
    )
    text = EXAMPLE.replace(
        RATE, "    arrivals: {counts_file: excel.csv, column: antall, interval_minutes: 15}\n"
    )
    arrivals = load(tmp_path, text).queues[0].arrivals
    assert arrivals == CountArrivals((2.5, 4.0), 900.0)


def test_the_real_anonymous_bank_series(tmp_path: Path) -> None:
    if not BANK.exists():
        pytest.skip(f"{BANK} is not here")
    text = EXAMPLE.replace(
        RATE,
        f"    arrivals:\n      counts_file: {BANK}\n      column: calls\n"
        "      interval_minutes: 6\n",
    )
    arrivals = load(tmp_path, text).queues[0].arrivals
    assert isinstance(arrivals, CountArrivals)
    assert len(arrivals.counts) == 87_600
    assert arrivals.counts[:4] == (2.0, 0.0, 0.0, 0.0)
    assert arrivals.interval_seconds == 360.0
    assert sum(arrivals.counts) == pytest.approx(445_414.5)


def test_a_counts_file_that_is_missing_or_wrong(tmp_path: Path) -> None:
    missing = EXAMPLE.replace(
        RATE, "    arrivals:\n      counts_file: nowhere.csv\n      interval_minutes: 6\n"
    )
    assert_names(
        problem(tmp_path, missing),
        9,
        "queues.0.arrivals.counts_file",
        f"cannot read {tmp_path / 'nowhere.csv'}: No such file or directory",
    )
    with pytest.raises(LinjaError) as caught:
        counts_file(tmp_path, "      column: calls\n", DATA / "bad-counts.csv")
    assert_names(
        str(caught.value),
        9,
        "queues.0.arrivals.counts_file",
        "bad-counts.csv line 3, column calls: 'many' is not a count; expected a number ≥ 0",
    )
    with pytest.raises(LinjaError) as caught:
        counts_file(tmp_path, "      column: call\n")
    assert_names(
        str(caught.value),
        9,
        "queues.0.arrivals.counts_file",
        "counts.csv: has no column 'call' (did you mean calls?); expected one of slot, calls",
    )
    with pytest.raises(LinjaError) as caught:
        counts_file(tmp_path, "")
    assert "has the columns slot, calls; expected column: naming the one to use" in str(
        caught.value
    )
    with pytest.raises(LinjaError) as caught:
        counts_file(tmp_path, "      column: calls\n      skip_intervals: 4\n")
    assert_names(
        str(caught.value), 12, "queues.0.arrivals.skip_intervals", "skips 4 of the 4 counts"
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("calls\n1\n-2\n", "counts.csv line 3, column calls: '-2' is not a count"),
        ("calls\n1\nnan\n", "'nan' is not a count"),
        ("slot,calls\n1,2\n2\n", "counts.csv line 3: has 1 fields but the header has 2"),
        ("calls\n", "has no counts after the header"),
        ("", "is empty; expected a header line"),
        (b"calls\n\xf8\n", "byte 0xf8 is not UTF-8"),
    ],
)
def test_bad_counts_files(tmp_path: Path, content: str | bytes, expected: str) -> None:
    csv = tmp_path / "counts.csv"
    if isinstance(content, bytes):
        csv.write_bytes(content)
    else:
        csv.write_text(content)
    text = EXAMPLE.replace(
        RATE, "    arrivals: {counts_file: counts.csv, column: calls, interval_minutes: 6}\n"
    )
    assert expected in problem(tmp_path, text)


def replay(tmp_path: Path, text: str) -> Scenario:
    shutil.copy(DATA / "records.csv", tmp_path / "records.csv")
    return load(tmp_path, text)


def test_recorded_contacts_are_replayed_within_the_run() -> None:
    phone, prescriptions = load_scenario(DATA / "replay.yaml").queues
    # 08:00 to 10:00 local (07:00Z to 09:00Z); 07:59:59 and 10:00:00 are outside
    start = datetime(2026, 3, 2, 7, tzinfo=UTC).timestamp()
    assert phone.arrivals == ReplayArrivals((start, start + 600, start + 7199), (None, "k1", "k1"))
    assert prescriptions.arrivals == ReplayArrivals((start + 300,), ("k2",))
    assert prescriptions.handle == Distribution(
        "empirical", mean=160.0, values=(60.0, 120.0, 300.0)
    )


def test_replay_mistakes(tmp_path: Path) -> None:
    text = (DATA / "replay.yaml").read_text()
    missing = text.replace("{records: records.csv}", "{records: calls.parquet}")
    assert_names(
        problem(tmp_path, missing),
        6,
        "queues.0.arrivals.records",
        f"cannot read {tmp_path / 'calls.parquet'}: No such file or directory",
    )
    unknown = text.replace("queue: resept}", "queue: resepter}")
    with pytest.raises(LinjaError) as caught:
        replay(tmp_path, unknown)
    assert_names(
        str(caught.value),
        9,
        "queues.1.arrivals.queue",
        "has no contacts of queue 'resepter' (did you mean resept?); expected one of phone, resept",
    )
    later = text.replace("start: 2026-03-02T08:00:00+01:00", "start: 2026-03-03T08:00:00+01:00")
    with pytest.raises(LinjaError) as caught:
        replay(tmp_path, later)
    assert_names(
        str(caught.value),
        6,
        "queues.0.arrivals.records",
        "none of the 5 contacts of queue 'phone'",
        "expected contacts within the run (start, hours)",
    )
    (tmp_path / "records.csv").write_text(
        (DATA / "records.csv").read_text().replace("2026-03-02T08:10:00+01:00", "yesterday")
    )
    assert_names(
        problem(tmp_path, text),
        6,
        "queues.0.arrivals.records",
        "records.csv line 2, column arrived_at: 'yesterday' is not an ISO 8601 timestamp",
    )


# --------------------------------------------------------------------------- the documentation


def test_every_scenario_in_the_documentation_loads(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "records").mkdir()
    bank = tmp_path / "data" / BANK.name
    if BANK.exists():
        bank.symlink_to(BANK)
    else:  # pragma: no cover - a stand-in with the same column
        bank.write_text("calls\n" + "1\n" * 800)
    shutil.copy(DATA / "records.csv", tmp_path / "records" / "2026-03.csv")
    blocks = re.findall(r"```yaml\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    scenarios = [b for b in blocks if b.startswith("name:")]
    fragments = [b for b in blocks if not b.startswith("name:")]
    assert len(scenarios) == 4
    names = [load(tmp_path, block).name for block in scenarios]
    assert names == ["one-queue", "servicetorget-mars", "anonymous-bank-week", "replay-monday"]
    for fragment in fragments:  # keys of a queue
        indented = "".join(f"    {line}\n" for line in fragment.splitlines())
        assert load(tmp_path, with_queue_keys(indented))


def test_the_error_shown_at_the_top_of_the_documentation_is_true(tmp_path: Path) -> None:
    text = DOCS.read_text(encoding="utf-8")
    shown = re.search(r"```\n(servicetorget\.yaml line .*)\n```", text)
    assert shown is not None
    (block,) = [b for b in re.findall(r"```yaml\n(.*?)```", text, re.S) if "servicetorget" in b]
    path = write(tmp_path, block.replace("{byggesak-alver: 1,", "{byggesak-alvre: 1,"))
    path = path.rename(tmp_path / "servicetorget.yaml")
    with pytest.raises(LinjaError) as caught:
        load_scenario(path)
    assert str(caught.value) == f"{tmp_path}/{shown[1]}"
