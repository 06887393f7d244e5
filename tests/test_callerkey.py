"""Pseudonymous caller keys: one key per person's number, whatever its written form."""

from __future__ import annotations

import pytest

from linja.callerkey import caller_key, normalise_number

KEY = b"0123456789abcdef0123"


@pytest.mark.parametrize(
    "written",
    [
        "+47 22 33 44 55",
        "004722334455",
        "22334455",
        "4722334455",
        '"Kari" <22 33 44 55>',
        "223-34-455",
    ],
)
def test_one_norwegian_number_in_every_written_form_is_one_caller(written: str) -> None:
    assert normalise_number(written) == "+4722334455"
    assert caller_key(written, KEY) == caller_key("+4722334455", KEY)


@pytest.mark.parametrize("hidden", ["", "anonymous", "Unknown", "<unknown>", "restricted", None])
def test_hidden_numbers_have_no_caller_key(hidden: str | None) -> None:
    assert caller_key(hidden, KEY) is None


def test_key_is_opaque_and_depends_on_the_secret() -> None:
    key = caller_key("22334455", KEY)
    assert key is not None and key.startswith("k") and len(key) == 21
    assert "22334455" not in key
    assert caller_key("22334455", b"another secret of 16+") != key
    assert caller_key("22334456", KEY) != key
