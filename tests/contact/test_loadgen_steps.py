"""The load generator plays the phone platform step by step: when an answer comes too late
(the offer timed out and the call went back to the queue: 409), it asks where the call is
now and goes on with it, as a platform would, instead of leaving the caller on the line."""

from __future__ import annotations

from typing import Any

from linja import loadgen


class Platform:
    """Linja's answers, as a script: the first answer is refused, the call rings again."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []
        self.answers = 0

    def send(self, method: str, path: str, body: Any = None, token: str | None = None,
             ok: tuple[int, ...] = (), server: int = 0) -> Any:  # fmt: skip
        self.sent.append((method, path))
        state: dict[str, Any]
        if path == "/phone/calls":
            state = {"state": "offered", "ring": "bot-1"}
        elif path.endswith("/answered"):
            self.answers += 1
            state = ({"error": {"status": 409, "message": "not offered to bot-1"}}
                     if self.answers == 1 else {"state": "answered", "agent": "bot-2"})  # fmt: skip
        elif path.endswith("/ended"):
            state = {"state": "ended"}
        else:  # where is it now: ringing at another bot
            state = {"state": "offered", "ring": "bot-2"}
        return Answer(state)


class Answer:
    def __init__(self, body: dict[str, Any]) -> None:
        self.body = body

    def json(self) -> dict[str, Any]:
        return self.body


def test_a_refused_answer_is_followed_by_asking_where_the_call_is() -> None:
    platform = Platform()
    run = loadgen.LoadRun(platform, None, 1.0, 1)  # type: ignore[arg-type]
    caller = loadgen.Caller(at=0.0, queue="ikt-klinisk", handle=0.05, patience=60.0)
    run.drive([caller], grace=10.0)
    (call,) = run.stats.calls
    assert [p for _m, p in platform.sent] == [
        "/phone/calls",
        f"/phone/calls/{call.call_id}/answered",  # too late: 409
        f"/phone/calls/{call.call_id}",  # where is it now? ringing at bot-2
        f"/phone/calls/{call.call_id}/answered",
        f"/phone/calls/{call.call_id}/ended",
    ]
    assert call.state == "ended" and run.stats.errors == []
