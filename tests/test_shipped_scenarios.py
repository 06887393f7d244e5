"""The scenario files shipped in scenarios/: they load, they run, and the organisation
alternatives of docs/organisation-alternatives.md compare the way the document says."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from linja.engine.sim.model import PoissonArrivals, Scenario
from linja.scenario import load_scenario
from linja.simulation import run

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
FILES = sorted(SCENARIOS.glob("*.yaml"))
RATES = ("answer_rate", "service_level", "abandon_rate")
ALTERNATIVES = ("alone", "clinic-centre", "covering")


def polyclinics(name: str, hours: float) -> Scenario:
    """One of the three alternatives, cut to its first ``hours`` (from Monday 00:00)."""
    return replace(load_scenario(SCENARIOS / f"polyclinics-{name}.yaml"), hours=hours)


def test_the_shipped_files_are_there_and_listed_in_the_readme() -> None:
    names = {path.name for path in FILES}
    assert {"one-queue.yaml", *(f"polyclinics-{n}.yaml" for n in ALTERNATIVES)} <= names
    readme = (SCENARIOS / "README.md").read_text(encoding="utf-8")
    for name in names:
        assert name in readme, f"{name} is not listed in scenarios/README.md"


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_shipped_scenario_loads_and_runs(path: Path) -> None:
    scenario = load_scenario(path)
    assert scenario.queues and scenario.agents
    # 12 hours: the polyclinics start at Monday midnight and open at 08:00
    result = run(replace(scenario, hours=min(scenario.hours, 12)), seed=3)
    rows = result.rows
    assert rows
    assert sum(int(row["offered"]) for row in rows) > 0
    for figures in (result.overall, *rows):
        for rate in RATES:
            value = figures[rate]
            assert value is not None
            assert 0.0 <= value <= 1.0, (path.name, rate, value)


def test_one_queue_is_the_issue_example() -> None:
    scenario = load_scenario(SCENARIOS / "one-queue.yaml")
    (queue,) = scenario.queues
    assert (scenario.name, scenario.hours) == ("one-queue", 200)
    assert (queue.rules.id, queue.rules.unit, queue.rules.sl_seconds) == (
        "phone",
        "Poliklinikk",
        20,
    )
    assert isinstance(queue.arrivals, PoissonArrivals)
    assert queue.arrivals.per_hour == (360,)
    assert [(g.group, g.count) for g in scenario.agents] == [("team", 20)]


def test_the_alternatives_have_the_same_traffic_and_the_same_people() -> None:
    loaded = [load_scenario(SCENARIOS / f"polyclinics-{n}.yaml") for n in ALTERNATIVES]
    traffic = [
        {q.rules.id: q.arrivals for q in s.queues if getattr(q.arrivals, "per_hour", (0,)) != (0,)}
        for s in loaded
    ]
    assert len(traffic[0]) == 5
    assert traffic[0] == traffic[1] == traffic[2]
    for s in loaded:
        assert (s.start, s.hours) == (loaded[0].start, loaded[0].hours)
        assert sum(g.count for g in s.agents) == 18
        assert {g.group: g.count for g in s.agents}["sentralbord"] == 2


def test_pooling_answers_more_and_sooner_with_the_same_people() -> None:
    # one working week; the files run four. Over 20 seeds the pooled centre led on
    # service level by 4.7 to 6.4 points and covering on answer rate by 0.6 to 1.2
    a, b, c = (run(polyclinics(name, 120), seed=1).overall for name in ALTERNATIVES)
    assert b["service_level"] >= a["service_level"] + 0.03
    assert b["service_level"] >= c["service_level"] + 0.02
    assert b["answer_rate"] >= a["answer_rate"] + 0.005
    assert c["answer_rate"] >= a["answer_rate"]
    assert b["asa_seconds"] < a["asa_seconds"]
