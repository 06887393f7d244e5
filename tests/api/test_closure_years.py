"""A planned closure at a moment the database cannot store (before the year 1 in UTC) is a
422 naming the field, not a server error."""

from __future__ import annotations

import json
from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_a_closure_in_the_year_1_is_refused_with_its_field(with_token: Any) -> None:
    body = {"start": "0001-01-01T00:00:00+05:00", "end": "0001-01-02T00:00:00+05:00",
            "reason": "x"}  # fmt: skip
    response = with_token("root").post("/api/v1/queues/alver/planned-closures",
                                       json.dumps(body), content_type="application/json")  # fmt: skip
    assert response.status_code == 422
    assert response.json()["error"]["message"] == (
        "start: 0001-01-01T00:00:00+05:00 is before the year 1 in UTC; expected a moment of our era"
    )
