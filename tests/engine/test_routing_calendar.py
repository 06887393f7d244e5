"""Opening hours, holidays and closures (calendar.py), and how a closed queue routes.

Expected instants are written in UTC, worked out by hand from Oslo time: CET is UTC+1
until 29 March 2026 02:00 and from 25 October 2026 03:00; CEST (UTC+2) in between.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from linja.engine.routing import (
    Calendar,
    Closure,
    DailyClosure,
    Moved,
    Offer,
    QueueRules,
    Redirect,
    Rejected,
    Router,
    RoutingConfig,
    norwegian_holidays,
)
from linja.engine.routing.calendar import OpenCheck, open_spans, state_at

OSLO = ZoneInfo("Europe/Oslo")
WORKDAYS = dict.fromkeys(range(5), ((time(8), time(16)),))  # Mon-Fri 08-16
ALL_DAY = dict.fromkeys(range(7), ((time(0), time(0)),))
LUNCH = DailyClosure(time(11, 30), time(12), frozenset(range(5)), "lunch")


def utc(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0) -> float:
    return datetime(y, mo, d, h, mi, s, tzinfo=UTC).timestamp()


def oslo(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=OSLO)


# ---------------------------------------------------------------------------- DST


def test_opening_hours_follow_local_time_before_and_after_spring_dst_change() -> None:
    cal = Calendar(weekly=WORKDAYS)
    # Friday 27 March 2026, CET: 08-16 local is 07-15 UTC
    assert state_at(cal, utc(2026, 3, 27, 7)) == (True, utc(2026, 3, 27, 7), utc(2026, 3, 27, 15))
    assert state_at(cal, utc(2026, 3, 27, 6, 59, 59))[0] is False
    # Monday 30 March 2026, CEST: 08-16 local is 06-14 UTC
    assert state_at(cal, utc(2026, 3, 30, 6)) == (True, utc(2026, 3, 30, 6), utc(2026, 3, 30, 14))
    assert state_at(cal, utc(2026, 3, 30, 5, 59, 59)) == (
        False, utc(2026, 3, 29, 22), utc(2026, 3, 30, 6),
    )  # fmt: skip
    assert state_at(cal, utc(2026, 3, 30, 14, 30)) == (
        False, utc(2026, 3, 30, 14), utc(2026, 3, 30, 22),
    )  # fmt: skip


def test_opening_hours_follow_local_time_before_and_after_autumn_dst_change() -> None:
    cal = Calendar(weekly=WORKDAYS)
    # Friday 23 October 2026, CEST: 06-14 UTC; Monday 26 October, CET: 07-15 UTC
    assert state_at(cal, utc(2026, 10, 23, 13, 59)) == (
        True, utc(2026, 10, 23, 6), utc(2026, 10, 23, 14),
    )  # fmt: skip
    assert state_at(cal, utc(2026, 10, 26, 6, 30)) == (
        False, utc(2026, 10, 25, 23), utc(2026, 10, 26, 7),
    )  # fmt: skip
    assert state_at(cal, utc(2026, 10, 26, 14, 59)) == (
        True, utc(2026, 10, 26, 7), utc(2026, 10, 26, 15),
    )  # fmt: skip


def test_the_spring_dst_day_is_23_hours_and_the_autumn_one_25() -> None:
    cal = Calendar(weekly=ALL_DAY)
    assert state_at(cal, utc(2026, 3, 29, 12)) == (True, utc(2026, 3, 28, 23), utc(2026, 3, 29, 22))
    assert state_at(cal, utc(2026, 10, 25, 12)) == (
        True, utc(2026, 10, 24, 22), utc(2026, 10, 25, 23),
    )  # fmt: skip


def test_night_hours_across_the_dst_changes_last_two_and_four_hours() -> None:
    cal = Calendar(weekly={6: ((time(1), time(4)),)})  # Sundays 01-04 local
    # 29 March: 01:00 CET = 00:00 UTC, 04:00 CEST = 02:00 UTC
    assert open_spans(cal, date(2026, 3, 29)) == [(utc(2026, 3, 29, 0), utc(2026, 3, 29, 2))]
    # 25 October: 01:00 CEST = 23:00 UTC the day before, 04:00 CET = 03:00 UTC
    assert open_spans(cal, date(2026, 10, 25)) == [(utc(2026, 10, 24, 23), utc(2026, 10, 25, 3))]


def test_weekly_none_is_open_around_the_clock() -> None:
    cal = Calendar()
    assert state_at(cal, utc(2026, 6, 6, 3)) == (True, utc(2026, 6, 5, 22), utc(2026, 6, 6, 22))
    assert OpenCheck(None).is_open(0.0) is True


# ---------------------------------------------------------------------------- holidays


def test_norwegian_holidays_2026_include_17_may_and_easter_but_no_ordinary_sunday() -> None:
    days = norwegian_holidays(2026, 2026)
    expected = {
        date(2026, 1, 1),
        date(2026, 4, 2),  # Maundy Thursday
        date(2026, 4, 3),  # Good Friday
        date(2026, 4, 5),  # Easter Sunday
        date(2026, 4, 6),  # Easter Monday
        date(2026, 5, 1),
        date(2026, 5, 14),  # Ascension Day
        date(2026, 5, 17),
        date(2026, 5, 24),  # Whit Sunday
        date(2026, 5, 25),  # Whit Monday
        date(2026, 12, 25),
        date(2026, 12, 26),
    }
    assert days == expected
    assert date(2026, 3, 29) not in days
    assert date(2027, 5, 17) in norwegian_holidays(2026, 2027)


def test_queue_is_closed_all_day_on_17_may() -> None:
    cal = Calendar(weekly=ALL_DAY, holidays=norwegian_holidays(2026, 2026))
    # Sunday 17 May 2026, CEST: the local day is 16 May 22:00 to 17 May 22:00 UTC
    assert state_at(cal, utc(2026, 5, 17, 10)) == (
        False,
        utc(2026, 5, 16, 22),
        utc(2026, 5, 17, 22),
    )
    assert state_at(cal, utc(2026, 5, 16, 21, 59))[0] is True
    assert state_at(cal, utc(2026, 5, 17, 22))[0] is True


def test_queue_is_closed_over_easter_2026_and_opens_the_tuesday_after() -> None:
    cal = Calendar(weekly=WORKDAYS, holidays=norwegian_holidays(2026, 2026))
    for day in (2, 3, 6):  # Maundy Thursday, Good Friday, Easter Monday
        assert open_spans(cal, date(2026, 4, day)) == []
        assert state_at(cal, utc(2026, 4, day, 10))[0] is False
    assert state_at(cal, utc(2026, 4, 1, 10))[0] is True  # Wednesday before
    assert state_at(cal, utc(2026, 4, 7, 6)) == (True, utc(2026, 4, 7, 6), utc(2026, 4, 7, 14))


def test_17_may_on_a_monday_closes_a_weekday_queue() -> None:
    cal = Calendar(weekly=WORKDAYS, holidays=norwegian_holidays(2027, 2027))
    assert open_spans(cal, date(2027, 5, 17)) == []
    assert open_spans(cal, date(2027, 5, 18)) == [(utc(2027, 5, 18, 6), utc(2027, 5, 18, 14))]


# ---------------------------------------------------------------------------- closures


def test_daily_lunch_closure_is_cut_out_of_the_opening_hours() -> None:
    cal = Calendar(weekly=WORKDAYS, daily_closures=(LUNCH,))
    # Monday 30 March 2026, CEST: 08-11:30 and 12-16 local
    assert open_spans(cal, date(2026, 3, 30)) == [
        (utc(2026, 3, 30, 6), utc(2026, 3, 30, 9, 30)),
        (utc(2026, 3, 30, 10), utc(2026, 3, 30, 14)),
    ]
    assert state_at(cal, utc(2026, 3, 30, 9, 29, 59)) == (
        True, utc(2026, 3, 30, 6), utc(2026, 3, 30, 9, 30),
    )  # fmt: skip
    assert state_at(cal, utc(2026, 3, 30, 9, 30)) == (
        False, utc(2026, 3, 30, 9, 30), utc(2026, 3, 30, 10),
    )  # fmt: skip
    assert state_at(cal, utc(2026, 3, 30, 10)) == (True, utc(2026, 3, 30, 10), utc(2026, 3, 30, 14))
    # Friday 27 March, CET: lunch is 10:30-11:00 UTC
    assert state_at(cal, utc(2026, 3, 27, 10, 45))[0] is False


def test_daily_closure_applies_only_on_its_weekdays() -> None:
    cal = Calendar(weekly=ALL_DAY, daily_closures=(LUNCH,))
    # Saturday 28 March 2026 (CET): no lunch closure
    assert state_at(cal, utc(2026, 3, 28, 10, 45)) == (
        True, utc(2026, 3, 27, 23), utc(2026, 3, 28, 23),
    )  # fmt: skip


def test_planned_closure_is_cut_out_of_the_day() -> None:
    meeting = Closure(oslo(2026, 3, 31, 13), oslo(2026, 3, 31, 14, 30), "staff meeting")
    cal = Calendar(weekly=WORKDAYS, daily_closures=(LUNCH,), closures=(meeting,))
    # Tuesday 31 March 2026, CEST
    assert open_spans(cal, date(2026, 3, 31)) == [
        (utc(2026, 3, 31, 6), utc(2026, 3, 31, 9, 30)),
        (utc(2026, 3, 31, 10), utc(2026, 3, 31, 11)),
        (utc(2026, 3, 31, 12, 30), utc(2026, 3, 31, 14)),
    ]
    assert open_spans(cal, date(2026, 4, 1)) == [
        (utc(2026, 4, 1, 6), utc(2026, 4, 1, 9, 30)),
        (utc(2026, 4, 1, 10), utc(2026, 4, 1, 14)),
    ]


def test_planned_closure_over_midnight_closes_both_days() -> None:
    closure = Closure(oslo(2026, 3, 31, 15), oslo(2026, 4, 1, 9))
    cal = Calendar(weekly=WORKDAYS, closures=(closure,))
    assert open_spans(cal, date(2026, 3, 31)) == [(utc(2026, 3, 31, 6), utc(2026, 3, 31, 13))]
    assert open_spans(cal, date(2026, 4, 1)) == [(utc(2026, 4, 1, 7), utc(2026, 4, 1, 14))]


def test_a_span_over_midnight_is_refused_with_the_way_out() -> None:
    with pytest.raises(ValueError, match="daily closure 23:00-01:00 ends before it starts"):
        DailyClosure(time(23), time(1))
    with pytest.raises(ValueError, match="opening hours 22:00-02:00 .*split one that crosses"):
        Calendar(weekly={2: ((time(22), time(2)),)})


def test_a_closure_until_midnight_closes_the_rest_of_the_day() -> None:
    evening = DailyClosure(time(23), time(0))
    cal = Calendar(daily_closures=(evening,))
    # Wednesday 1 April 2026, CEST: open from local midnight (22:00 UTC the day before)
    # to 23:00 local (21:00 UTC)
    assert open_spans(cal, date(2026, 4, 1)) == [(utc(2026, 3, 31, 22), utc(2026, 4, 1, 21))]
    assert state_at(cal, utc(2026, 4, 1, 21, 30))[0] is False


# ---------------------------------------------------------------------------- routing when closed


def _day_night(when_closed: Redirect) -> Router:
    day = QueueRules(
        "day",
        calendar=Calendar(weekly=WORKDAYS, holidays=norwegian_holidays(2026, 2026),
                          daily_closures=(LUNCH,)),
        when_closed=when_closed,
    )  # fmt: skip
    return Router(RoutingConfig((day, QueueRules("night"))))


def test_closed_queue_redirects_to_its_when_closed_queue() -> None:
    r = _day_night(Redirect(queue="night"))
    # Monday 30 March 2026 07:00 local (05:00 UTC): before opening
    assert r.arrive(utc(2026, 3, 30, 5), 1, "day") == [Moved(1, "day", "night", "closed")]
    assert r.arrive(utc(2026, 3, 30, 6), 2, "day") == []  # 08:00 local: open
    assert r.arrive(utc(2026, 3, 30, 9, 45), 3, "day") == [Moved(3, "day", "night", "closed")]
    assert r.arrive(utc(2026, 4, 6, 8), 4, "day") == [Moved(4, "day", "night", "closed")]
    assert (r.waiting("day"), r.waiting("night")) == (1, 3)


def test_closed_queue_without_redirect_queue_rejects_with_message_and_number() -> None:
    r = _day_night(Redirect(message="closed_weekend", number="+4755000000"))
    # Saturday 28 March 2026 12:00 local
    assert r.arrive(utc(2026, 3, 28, 11), 1, "day") == [
        Rejected(1, "day", "closed", "closed_weekend", "+4755000000")
    ]
    assert r.contact_state(1) == "done"


def test_redirected_contact_is_offered_in_the_queue_it_was_sent_to() -> None:
    r = _day_night(Redirect(queue="night"))
    at = utc(2026, 3, 30, 18)
    r.login(at, "x", {"night": 1, "day": 1})
    r.ready(at, "x")
    assert r.arrive(at + 1, 1, "day") == [
        Moved(1, "day", "night", "closed"),
        Offer(1, "x", "night", None),
    ]


def test_team_lead_override_opens_and_closes_the_queue_until_returned_to_calendar() -> None:
    r = _day_night(Redirect(queue="night"))
    saturday = utc(2026, 3, 28, 11)
    r.set_open(saturday, "day", True)
    assert r.arrive(saturday, 1, "day") == []
    r.set_open(saturday, "day", None)
    assert r.arrive(saturday + 1, 2, "day") == [Moved(2, "day", "night", "closed")]
    monday = utc(2026, 3, 30, 7)
    r.set_open(monday, "day", False)
    assert r.arrive(monday, 3, "day") == [Moved(3, "day", "night", "closed")]


# ---------------------------------------------------------------------------- OpenCheck


def _busy_calendar() -> Calendar:
    meeting = Closure(oslo(2026, 3, 31, 13), oslo(2026, 3, 31, 14, 30))
    return Calendar(
        weekly={**WORKDAYS, 5: ((time(10), time(14)),), 6: ((time(1), time(4)),)},
        holidays=norwegian_holidays(2026, 2026),
        daily_closures=(LUNCH,),
        closures=(meeting,),
    )


def _instants() -> list[float]:
    out: list[float] = []
    for start, end in ((utc(2026, 3, 25), utc(2026, 4, 9)), (utc(2026, 10, 21), utc(2026, 10, 28))):
        at = start
        while at < end:
            out.append(at)
            at += 7 * 60 + 13  # not a divisor of an hour: lands all over the day
    cal = _busy_calendar()
    for day in (date(2026, 3, 27), date(2026, 3, 29), date(2026, 3, 31), date(2026, 10, 25)):
        for s, e in open_spans(cal, day):
            out += [s - 1, s, s + 1, e - 1, e, e + 1]
    return out


@pytest.mark.parametrize("order", ["forwards", "shuffled"])
def test_open_check_gives_the_same_answers_as_state_at(order: str) -> None:
    cal = _busy_calendar()
    instants = sorted(_instants())
    if order == "shuffled":
        random.Random(2026).shuffle(instants)
    check = OpenCheck(cal)
    wrong = [at for at in instants if check.is_open(at) != state_at(cal, at)[0]]
    assert wrong == []
    assert len(instants) > 4000  # 22 days every 433 s, and the span edges
