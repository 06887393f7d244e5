"""/admin/queues/: queues and menus as an organisation's administrator sees them, and the
configuration checks on every save — an overflow loop, overlapping opening hours or a menu
that leads back into itself is refused with its reason, and nothing of it is saved."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from tests.admin.support import errors, in_english, listed, post_changed
from tests.orgs.world import World

from linja.orgs.models import Person
from linja.queues.models import MenuChoice, OpeningHours, Queue

pytestmark = pytest.mark.django_db


def queue_url(queue: Queue) -> str:
    return f"/admin/queues/queue/{queue.pk}/change/"


def refusals(response: Any) -> list[str]:
    assert response.status_code == 200, response.status_code
    return [e for e in errors(response) if e.startswith("Nothing was saved")]


def test_an_organisation_administrator_lists_their_organisations_queues_and_menus(
    as_person: Any, world: World
) -> None:
    browser = as_person("admin")
    assert listed(browser.get("/admin/queues/queue/")) == {str(world.objects["alver"])}
    assert listed(browser.get("/admin/queues/menu/")) == {str(world.objects["al"])}


def test_a_queue_of_another_organisation_is_not_there_for_them(
    as_person: Any, world: World
) -> None:
    assert as_person("admin").get(queue_url(world.objects["auge"])).status_code == 404


def test_the_unit_of_a_queue_is_one_of_their_own(as_person: Any, world: World) -> None:
    page = as_person("admin").get(queue_url(world.objects["alver"]))
    units = page.context["adminform"].form.fields["unit"].queryset
    assert set(units) == {world.objects["au"]}


def test_the_people_offered_to_answer_a_shared_queue_are_the_centres(
    as_person: Any, world: World
) -> None:
    page = as_person("root").get(queue_url(world.objects["alver"]))
    memberships = next(
        f for f in page.context["inline_admin_formsets"] if f.formset.prefix == "memberships"
    )
    offered = {p.username for p in memberships.formset.form.base_fields["person"].queryset}
    # the people of Alver and Austrheim, the centre's organisations; none of the hospital's
    expected = set(
        Person.objects.filter(home__in=[world.objects["A"], world.objects["B"]]).values_list(
            "username", flat=True
        )
    )
    assert offered == expected == {"prof", "agent", "admin", "stranger"}


def test_an_overflow_loop_is_refused_and_nothing_saved(as_person: Any, world: World) -> None:
    auge, board = world.objects["auge"], world.objects["sentralbord"]
    browser = in_english(as_person("root"))
    first = post_changed(browser, queue_url(auge), overflow_to=board.pk,
                         overflow_after_seconds=120)  # fmt: skip
    assert first.status_code == 302, errors(first)
    second = post_changed(browser, queue_url(board), overflow_to=auge.pk,
                          overflow_after_seconds=60, name="Sentralbordet i Førde")  # fmt: skip
    [refusal] = refusals(second)
    assert "contacts go round in a loop" in refusal
    assert "sentralbord → auge → sentralbord" in refusal or "auge → sentralbord → auge" in refusal
    board.refresh_from_db()
    assert board.overflow_to is None and board.name == "Sentralbordet"


def test_overlapping_opening_hours_are_refused_and_nothing_saved(
    as_person: Any, world: World
) -> None:
    alver = world.objects["alver"]
    response = post_changed(
        in_english(as_person("admin")), queue_url(alver),
        rows={"opening_hours": [
            {"weekday": 0, "start": "08:00", "end": "12:00"},
            {"weekday": 0, "start": "11:30", "end": "15:00"},
        ]},
    )  # fmt: skip
    [refusal] = refusals(response)
    assert "opening hours overlap on weekday 0" in refusal
    assert not OpeningHours.objects.filter(queue=alver).exists()


def test_opening_hours_that_fit_are_saved_and_logged_with_who(as_person: Any, world: World) -> None:
    alver = world.objects["alver"]
    response = post_changed(
        in_english(as_person("admin")), queue_url(alver),
        rows={"opening_hours": [
            {"weekday": 0, "start": "08:00", "end": "11:30"},
            {"weekday": 0, "start": "12:00", "end": "15:00"},
        ]},
    )  # fmt: skip
    assert response.status_code == 302, errors(response)
    spans = OpeningHours.objects.filter(queue=alver).order_by("start")
    assert [(h.start.isoformat("minutes"), h.end.isoformat("minutes")) for h in spans] == [
        ("08:00", "11:30"), ("12:00", "15:00"),
    ]  # fmt: skip
    entry = LogEntry.objects.get_for_model(OpeningHours).latest("timestamp")
    assert entry.actor == world.people["admin"]


def test_a_menu_that_leads_back_into_itself_is_refused(as_person: Any, world: World) -> None:
    hf, al = world.objects["hf"], world.objects["al"]
    browser = in_english(as_person("root"))
    to_al = post_changed(browser, f"/admin/queues/menu/{hf.pk}/change/",
                         rows={"choices": [{"key": "2", "nb": "Alver", "submenu": al.pk}]})  # fmt: skip
    assert to_al.status_code == 302, errors(to_al)
    back = post_changed(browser, f"/admin/queues/menu/{al.pk}/change/",
                        rows={"choices": [{"key": "9", "nb": "Tilbake", "submenu": hf.pk}]})  # fmt: skip
    [refusal] = refusals(back)
    assert "Menu al: its keys lead round in a loop back to it." in refusal
    assert not MenuChoice.objects.filter(menu=al, key="9").exists()


def test_a_span_that_ends_before_it_starts_is_refused_on_its_row(
    as_person: Any, world: World
) -> None:
    alver = world.objects["alver"]
    response = post_changed(
        in_english(as_person("admin")), queue_url(alver),
        rows={"opening_hours": [{"weekday": 0, "start": "12:00", "end": "08:00"}],
              "daily_closures": [{"start": "12:00", "end": "11:00", "weekdays": "0,1",
                                  "reason": "lunch"}]},
    )  # fmt: skip
    assert response.status_code == 200
    found = errors(response)
    assert found.count("It ends before it starts: write a span past midnight as two "
                       "(22:00–00:00 and 00:00–06:00).") == 2  # fmt: skip
    assert not OpeningHours.objects.filter(queue=alver).exists()
    assert as_person("agent").get("/").status_code == 200  # nothing broken was saved
