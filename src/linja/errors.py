"""The one error type a user sees.

Every entry point (the CLI today, the web later) turns a :class:`LinjaError` into a
one-line message and a non-zero exit or a 4xx answer. Anything else is a bug.
"""

from __future__ import annotations


class LinjaError(Exception):
    """Bad input or configuration, with a message that says what and where."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def reason(exc: OSError) -> str:
    """What went wrong with a file, in words ('Permission denied'), never 'None'."""
    return exc.strerror or str(exc) or type(exc).__name__
