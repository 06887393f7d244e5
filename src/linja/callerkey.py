"""Pseudonymous caller keys: a keyed hash of a normalised phone number.

The raw number never leaves this module: importers and (later) the phone adapter call
:func:`caller_key` and keep only its result. The key comes from configuration
(``LINJA_CALLER_KEY`` or a key file, see docs/configuration.md); the same key gives the
same caller key for the same number across imports, so the 24 h repeat indicator works,
and a different installation cannot link its keys to ours.
"""

from __future__ import annotations

import hashlib
import hmac
import re

# What exchanges write when the caller hid the number or it is unknown.
ANONYMOUS = frozenset(
    {
        "",
        "anonymous",
        "unknown",
        "restricted",
        "private",
        "unavailable",
        "asterisk",
        "<unknown>",
        "withheld",
        "hidden",
        "skjult",
        "ukjent",
        "0",
    }
)
MIN_KEY_BYTES = 16
_NOISE = re.compile(r"[\s\-().]")


def normalise_number(raw: str | None) -> str | None:
    """E.164-like form, so +47 22 22 22 22, 004722222222 and 22222222 are one caller.

    Norwegian numbers have eight digits; without a country code they are taken as +47.
    Returns None for an anonymous or empty number.
    """
    if raw is None:
        return None
    text = raw.strip()
    # Asterisk writes "Name" <number> in CallerID fields
    match = re.search(r"<([^>]*)>", text)
    if match:
        text = match.group(1)
    text = _NOISE.sub("", text)
    if text.lower() in ANONYMOUS:
        return None
    if text.startswith("00"):
        text = "+" + text[2:]
    if text.isdigit() and len(text) == 8:
        text = "+47" + text
    elif text.isdigit() and len(text) == 10 and text.startswith("47"):
        text = "+" + text
    return text


def caller_key(raw: str | None, key: bytes) -> str | None:
    """The pseudonymous key of a phone number (None when the number is unknown)."""
    number = normalise_number(raw)
    if number is None:
        return None
    digest = hmac.new(key, number.encode("utf-8"), hashlib.sha256).hexdigest()
    return "k" + digest[:20]
