"""What the simulator writes: valid contact records that add up, are reproducible, leave
out the warm-up, give ``linja kpi`` the simulator's own figures, and follow the roster
and the arrivals they were given."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl
import pytest
from tests.support import run as run_cli

from linja.engine.kpi import INDICATORS
from linja.engine.records import COLUMNS, LINE, SCHEMA, read_records, validate, write_records
from linja.engine.routing.config import QueueRules
from linja.engine.sim.loop import simulate
from linja.engine.sim.model import (
    AgentGroup,
    CountArrivals,
    Distribution,
    PoissonArrivals,
    QueueSpec,
    Redial,
    ReplayArrivals,
    Scenario,
    Shift,
)
from linja.engine.sim.output import records
from linja.engine.sim.roster import LOGIN, LOGOUT, PAUSE, RESUME, shift_events
from linja.simulation import Result, run

OSLO = ZoneInfo("Europe/Oslo")
START = datetime(2026, 3, 2, 8, 0, tzinfo=OSLO)  # a Monday
EXP = Distribution("exponential", 180.0)
T = 30.0


def two_queues(hours: float = 6.0, warmup_minutes: float = 0.0) -> Scenario:
    """Two units: a simple queue, and one whose callers give up, redial and come back."""
    simple = QueueSpec(
        QueueRules("kir", unit="Bergen", sl_seconds=T), PoissonArrivals((50.0,)), EXP
    )
    busy = QueueSpec(
        QueueRules("orto", unit="Førde", sl_seconds=T),
        PoissonArrivals((40.0, 70.0), interval_seconds=1800.0),
        Distribution("lognormal", 200.0, 120.0),
        patience=Distribution("exponential", 90.0),
        redial=Redial(after_abandon=0.5, after_answer=0.1, delay=Distribution("exponential", 600.0)),
        callers=300,
    )  # fmt: skip
    agents = (
        AgentGroup("bergen", 3, {"kir": 1}),
        AgentGroup("forde", 3, {"orto": 1, "kir": 2}),
    )
    return Scenario("outputs", START, hours, (simple, busy), agents, warmup_minutes=warmup_minutes)


@pytest.fixture(scope="module")
def result() -> Result:
    return run(two_queues(warmup_minutes=30.0), replications=2, seed=7)


def utc(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


# ------------------------------------------------------------------- the records


def test_records_pass_validation_unchanged(result: Result) -> None:
    frame = result.records()
    assert frame.schema == pl.Schema(SCHEMA)
    raw = frame.with_columns((pl.int_range(pl.len()) + 1).cast(pl.Int64).alias(LINE))
    good, problems, rejected = validate(raw, "simulated")
    assert (problems, rejected) == ([], 0)
    assert good.select(COLUMNS).equals(frame)


@pytest.mark.parametrize("name", ["sim.csv", "sim.parquet"])
def test_records_read_back_as_written(result: Result, tmp_path: Path, name: str) -> None:
    frame = result.records()
    write_records(frame, tmp_path / name)
    loaded = read_records([tmp_path / name])
    assert loaded.rejected_rows == 0
    assert loaded.frame.equals(frame)


def test_counts_add_up(result: Result) -> None:
    frame = result.records()
    rows = result.rows
    assert {(r["unit"], r["queue"]) for r in rows} == {("Bergen", "kir"), ("Førde", "orto")}
    for row in rows:
        assert row["offered"] == row["answered"] + row["abandoned"]
        mine = frame.filter((pl.col("unit") == row["unit"]) & (pl.col("queue") == row["queue"]))
        assert mine.height == row["offered"]
        assert mine["answered_at"].is_not_null().sum() == row["answered"]
    assert sum(r["offered"] for r in rows) == frame.height
    assert frame["contact_id"].is_unique().all()
    # every contact ended, no one answered before arriving or ended before answered
    assert frame["ended_at"].null_count() == 0
    answered = frame.filter(pl.col("answered_at").is_not_null())
    assert (answered["answered_at"] >= answered["arrived_at"]).all()
    assert (answered["ended_at"] >= answered["answered_at"]).all()
    assert answered["agent"].null_count() == answered["answered_queue"].null_count() == 0
    lost = frame.filter(pl.col("answered_at").is_null())
    assert lost.height > 0  # the patience of orto is short: some give up
    assert lost["agent"].null_count() == lost.height
    assert (lost["ended_at"] >= lost["arrived_at"]).all()
    assert set(lost["queue"].to_list()) == {"orto"}  # kir callers never give up
    # kir is answered by its own agents and by Førde's backup skill
    groups = set(answered.filter(pl.col("queue") == "kir")["agent"].str.split("-").list[0])
    assert groups == {"bergen", "forde"}


def test_the_same_seed_gives_the_same_records_and_another_seed_others() -> None:
    scenario = two_queues(hours=3.0)
    first = records(scenario, simulate(scenario, seed=11))
    assert records(scenario, simulate(scenario, seed=11)).equals(first)
    other = records(scenario, simulate(scenario, seed=12))
    assert not other.equals(first)
    assert other["arrived_at"].to_list() != first["arrived_at"].to_list()
    # replications of one run differ from each other, and each is reproducible
    second = records(scenario, simulate(scenario, seed=11, replication=1), replication=1)
    assert second["arrived_at"].to_list() != first["arrived_at"].to_list()
    again = records(scenario, simulate(scenario, seed=11, replication=1), replication=1)
    assert again.equals(second)


def test_replications_in_parallel_give_the_same_records(result: Result) -> None:
    parallel = run(two_queues(warmup_minutes=30.0), replications=2, seed=7, workers=2)
    assert parallel.records().equals(result.records())
    assert parallel.rows == result.rows


def test_the_warmup_leaves_out_the_early_contacts_and_nothing_else() -> None:
    cold = two_queues(hours=3.0)
    warm = two_queues(hours=3.0, warmup_minutes=45.0)
    cut = (START + timedelta(minutes=45)).astimezone(UTC)
    everything = records(cold, simulate(cold, seed=5))
    kept = records(warm, simulate(warm, seed=5))
    assert everything.filter(pl.col("arrived_at") < cut).height > 50
    assert (kept["arrived_at"] >= cut).all()
    # the warm-up changes what is measured, not what happens
    assert kept.equals(everything.filter(pl.col("arrived_at") >= cut))


def test_linja_kpi_on_the_written_records_gives_the_simulators_figures(
    result: Result,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)  # no linja.yaml of the working copy
    monkeypatch.delenv("LINJA_CONFIG", raising=False)
    path = tmp_path / "sim.csv"
    write_records(result.records(), path)
    args = ["kpi", str(path), "--by", "unit,queue", "--json", "--sl-seconds", str(T)]
    code, out, err = run_cli(args, capsys)
    assert code == 0, err
    table = {(r["unit"], r["queue"]): r for r in json.loads(out)}
    assert len(table) == len(result.rows) == 2
    for row in result.rows:
        cli = table[(row["unit"], row["queue"])]
        for name in INDICATORS:
            if row[name] is None:
                assert cli[name] is None, name
            else:
                assert cli[name] == pytest.approx(row[name], rel=1e-12), name
        assert cli["knowledge_use_rate"] is None  # the simulator does not know it
    orto = table[("Førde", "orto")]
    assert orto["no_repeat_24h_rate"] is not None  # callers are known: repeats are counted
    assert orto["resolution_rate"] is not None  # redials after an answer: unresolved
    assert orto["resolution_rate"] < 1.0


# ------------------------------------------------------------------- the roster


def oslo(day: int, hour: int, minute: int = 0, month: int = 3) -> float:
    return datetime(2026, month, day, hour, minute, tzinfo=OSLO).timestamp()


def test_shifts_log_in_and_out_at_local_times_across_the_change_to_summer_time() -> None:
    """Clocks go from 02:00 to 03:00 on Sunday 29 March 2026: 08:00 is 07:00 UTC before
    and 06:00 UTC after, and the night shift of 28 to 29 March lasts 7 hours."""
    day = Shift(time(8), time(16), pauses=((time(11, 30), time(12), "lunch"),))
    start, end = oslo(27, 0), oslo(31, 0)
    events = shift_events((day,), start, end, "Europe/Oslo")
    expected = []
    for d in (27, 28, 29, 30):
        expected += [
            (oslo(d, 8), LOGIN, None),
            (oslo(d, 11, 30), PAUSE, "lunch"),
            (oslo(d, 12), RESUME, None),
            (oslo(d, 16), LOGOUT, None),
        ]
    assert events == expected
    logins = [utc(at) for at, kind, _ in events if kind == LOGIN]
    assert [t.hour for t in logins] == [7, 7, 6, 6]

    night = Shift(time(22), time(6), weekdays=frozenset({5, 6}))  # Saturday, Sunday
    events = shift_events((night,), oslo(28, 12), oslo(31, 0), "Europe/Oslo")
    assert events == [
        (oslo(28, 22), LOGIN, None),
        (oslo(29, 6), LOGOUT, None),
        (oslo(29, 22), LOGIN, None),
        (oslo(30, 6), LOGOUT, None),
    ]
    assert oslo(29, 6) - oslo(28, 22) == 7 * 3600  # the short night
    assert oslo(30, 6) - oslo(29, 22) == 8 * 3600


def test_a_shift_to_midnight_logs_out_at_local_midnight_on_the_short_night() -> None:
    """An evening shift 18:00-24:00 (written 24:00, held as 00:00) ends at midnight, also
    on the Saturday before the clocks change, and joins no other day."""
    evening = Shift(time(18), time(0), weekdays=frozenset({5}))  # Saturdays
    events = shift_events((evening,), oslo(27, 0), oslo(31, 0), "Europe/Oslo")
    assert events == [(oslo(28, 18), LOGIN, None), (oslo(29, 0), LOGOUT, None)]
    assert oslo(29, 0) - oslo(28, 18) == 6 * 3600


def test_agents_on_shifts_answer_only_on_duty_across_the_change() -> None:
    """Callers queue through the night (nobody gives up) and are answered from 08:00 local
    time, both before and after the clocks change; none while at lunch or after 16:00."""
    shift = Shift(time(8), time(16), pauses=((time(11, 30), time(12), "lunch"),))
    queue = QueueSpec(QueueRules("q", unit="U", sl_seconds=T), PoissonArrivals((6.0,)), EXP)
    scenario = Scenario(
        "dst", datetime(2026, 3, 27, tzinfo=OSLO), 24 * 4, (queue,),
        (AgentGroup("a", 2, {"q": 1}, shifts=(shift,)),),
    )  # fmt: skip
    frame = records(scenario, simulate(scenario, seed=3))
    local = frame.filter(pl.col("answered_at").is_not_null()).with_columns(
        pl.col("answered_at").dt.convert_time_zone("Europe/Oslo").alias("at")
    )
    clock = local["at"].dt.time()
    on_duty = ((clock >= time(8)) & (clock < time(11, 30))) | (
        (clock >= time(12)) & (clock < time(16))
    )
    assert on_duty.all()
    first = local.group_by(pl.col("at").dt.date().alias("day")).agg(pl.col("at").min()).sort("day")
    assert first["at"].dt.time().to_list() == [time(8)] * 4  # 27, 28, 29 and 30 March
    assert [utc(t.timestamp()).hour for t in first["at"]] == [7, 7, 6, 6]
    assert set(frame.filter(pl.col("answered_at").is_not_null())["agent"]) == {"a-1", "a-2"}


# ------------------------------------------------------------------- the arrivals


def arrivals_scenario(arrivals: CountArrivals | ReplayArrivals, hours: float) -> Scenario:
    queue = QueueSpec(QueueRules("q", unit="U"), arrivals, Distribution("fixed", 60.0))
    return Scenario("arrivals", START, hours, (queue,), (AgentGroup("a", 5, {"q": 1}),))


def per_interval(frame: pl.DataFrame, seconds: float) -> dict[int, int]:
    """Arrivals in each interval of ``seconds`` from the start: index -> count."""
    since = (pl.col("arrived_at") - START.astimezone(UTC)).dt.total_microseconds()
    got = frame.group_by((since // int(seconds * 1e6)).alias("slot")).len()
    return dict(zip(got["slot"].to_list(), got["len"].to_list(), strict=True))


def test_count_arrivals_give_exactly_the_counts_of_each_interval() -> None:
    counts = (3.0, 0.0, 5.0, 2.0, 1.0)
    scenario = arrivals_scenario(CountArrivals(counts, interval_seconds=360.0), hours=1.0)
    frame = records(scenario, simulate(scenario, seed=1))
    per_slot = per_interval(frame, 360.0)
    # the series repeats: 10 intervals of 6 minutes in the hour
    assert [per_slot.get(i, 0) for i in range(10)] == [3, 0, 5, 2, 1, 3, 0, 5, 2, 1]
    assert frame.height == 22


def test_count_arrivals_with_fractions_round_at_random_to_the_mean() -> None:
    scenario = arrivals_scenario(CountArrivals((2.5,), interval_seconds=600.0), hours=100.0)
    frame = records(scenario, simulate(scenario, seed=2))
    per_slot = per_interval(frame, 600.0)
    assert len(per_slot) == 600
    assert set(per_slot.values()) <= {2, 3}
    assert frame.height == pytest.approx(600 * 2.5, abs=5 * 0.5 * 600**0.5)  # 5 sd


def test_replay_arrivals_reproduce_the_given_instants_and_callers() -> None:
    base = START.timestamp()
    times = (base - 5.0, base, base + 1.25, base + 2.5, base + 7200.123456, base + 3 * 3600.0)
    callers = ("before", "k1", "k2", None, "k1", "after")
    scenario = arrivals_scenario(ReplayArrivals(times, callers), hours=3.0)
    frame = records(scenario, simulate(scenario, seed=1))
    # what lies before the start or at the end of the run is left out
    assert frame["arrived_at"].to_list() == [utc(t) for t in times[1:5]]
    assert frame["caller"].to_list() == ["k1", "k2", None, "k1"]
    again = records(scenario, simulate(scenario, seed=99))
    assert again["arrived_at"].equals(frame["arrived_at"])  # the seed draws only the rest


def test_replay_arrivals_in_the_same_instant_keep_their_own_callers() -> None:
    """Logs kept to the second have calls in the same instant; a repeat caller must not
    take another's place."""
    base = START.timestamp()
    scenario = arrivals_scenario(ReplayArrivals((base + 1.0, base + 1.0), ("x", "y")), 1.0)
    frame = records(scenario, simulate(scenario, seed=1))
    assert sorted(frame["caller"].to_list()) == ["x", "y"]


# ------------------------------------------------------------------- the end of a run


def test_callers_who_never_give_up_end_the_run_unanswered_when_no_agent_is_left() -> None:
    """One agent until 09:00; callers who never hang up keep coming until 10:00 to a queue
    that announces their place every minute. The run ends (it once went on for ever):
    those still waiting are not answered and end with the run's last event."""
    queue = QueueSpec(QueueRules("a", unit="U", announce_every_seconds=60.0),
                      PoissonArrivals((30.0,)), Distribution("fixed", 300.0))  # fmt: skip
    shift = Shift(time(8), time(9))
    scenario = Scenario(
        "late", START, 2.0, (queue,), (AgentGroup("x", 1, {"a": 1}, shifts=(shift,)),)
    )
    outcome = simulate(scenario, seed=1)
    unanswered = [c for c, a in enumerate(outcome.answered) if math.isnan(a)]
    assert unanswered, "some callers were still waiting at 09:00"
    last = max(e for e in outcome.ended if not math.isnan(e))
    assert all(outcome.ended[c] == max(last, outcome.arrived[c]) for c in unanswered)
    logout = START.timestamp() + 3600
    assert all(a < logout for a in outcome.answered if not math.isnan(a))  # none after 09:00


def test_a_caller_moved_into_a_closed_queue_after_waiting_is_counted_as_not_answered() -> None:
    """Waiting in 'a' until its overflow sends the call to 'b', closed and sending nowhere:
    the call entered a queue, so it is a record (unanswered); a call that finds every queue
    closed on arrival is not."""
    from linja.engine.routing.config import Calendar, Overflow

    evening = Calendar(weekly={0: ((time(8), time(8, 30)),)})  # b: Monday 08:00-08:30 only
    a = QueueSpec(QueueRules("a", unit="U", overflow=Overflow(60.0, "b"),
                             calendar=Calendar(weekly={0: ((time(8), time(9)),)})),
                  ReplayArrivals((START.timestamp() + 40 * 60, START.timestamp() + 70 * 60)),
                  Distribution("fixed", 100.0))  # fmt: skip
    b = QueueSpec(QueueRules("b", unit="U", calendar=evening), PoissonArrivals((0.0,)),
                  Distribution("fixed", 100.0))  # fmt: skip
    scenario = Scenario("moved", START, 2.0, (a, b), (AgentGroup("nobody", 0, {"a": 1}),))
    outcome = simulate(scenario, seed=1)
    assert outcome.closed == [False, True]  # 08:40 waits, then b is closed; 09:10 a is closed
    assert outcome.ended[0] == START.timestamp() + 41 * 60  # moved on and turned away at 08:41
    frame = records(scenario, outcome)
    assert frame.height == 1 and frame["answered_at"].is_null().all()
