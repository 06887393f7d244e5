"""/api/v1/agent/: the agent desktop for programs, with the agent's own token."""

from __future__ import annotations

from typing import Any

import pytest
from tests.orgs.world import World

from linja.contact import actions
from linja.contact.models import Contact

pytestmark = pytest.mark.django_db


def post(client: Any, path: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(f"/api/v1/agent{path}", body or {}, content_type="application/json")


def test_an_agent_logs_in_takes_an_offer_ends_it_and_wraps_up(
    with_token: Any, world: World
) -> None:
    agent = with_token("sec")
    assert post(agent, "/login").json()["state"] == "paused"
    assert post(agent, "/ready").json()["state"] == "ready"
    actions.arrive(world.objects["auge"], contact="c1", caller="tel-1")
    now = agent.get("/api/v1/agent/").json()
    assert (now["state"], now["offer"]["contact"], now["offer"]["queue"]) == (
        "offered",
        "c1",
        "auge",
    )
    assert post(agent, "/contacts/c1/accept").json()["contact"]["contact"] == "c1"
    ended = post(agent, "/contacts/c1/end").json()
    assert ended["contact"] is None and ended["wrapup"]["contact"] == "c1"
    done = post(agent, "/contacts/c1/wrapup", {"resolution": "resolved", "knowledge_used": False})
    assert done.status_code == 200 and done.json()["wrapup"] is None
    record = Contact.objects.get(key="c1")
    assert (record.resolution, record.knowledge_used, record.agent) == (
        "resolved",
        False,
        world.people["sec"],
    )


def test_a_step_that_does_not_fit_is_a_409_and_changes_nothing(
    with_token: Any, world: World
) -> None:
    agent = with_token("sec")
    refused = post(agent, "/ready")  # not logged in
    assert refused.status_code == 409 and "not logged in" in refused.json()["error"]["message"]
    assert post(with_token("lead"), "/login").status_code == 409  # answers no queue
    post(agent, "/login")
    assert post(agent, "/pause", {"reason": "nap"}).status_code == 422
    assert post(agent, "/contacts/nobody/accept").status_code == 404
    assert agent.get("/api/v1/agent/").json()["state"] == "paused"


def test_the_agent_api_needs_a_token(client: Any, world: World) -> None:
    assert client.get("/api/v1/agent/").status_code == 401


def test_the_pause_reasons_of_the_api_are_the_desktops() -> None:
    from typing import get_args

    from linja.contact.reasons import CHOSEN
    from linja.desk.api import PauseReason

    assert set(get_args(PauseReason)) == set(CHOSEN)
