"""The routing service's clock: fires the router's timers (overflow, announcements, offer
time-outs, the end of wrap-up) as they come due, in the serving process; and ends the
chats whose citizen has gone (:func:`linja.contact.actions.end_gone_chats`)."""

from __future__ import annotations

import logging
import threading

from django.db import close_old_connections

from linja.contact.actions import end_gone_chats
from linja.contact.service import SERVICE

log = logging.getLogger(__name__)
EVERY_SECONDS = 0.25


def start() -> threading.Event:
    """Start the clock in a background thread; set the returned event to stop it."""
    stop = threading.Event()

    def run() -> None:
        while not stop.wait(EVERY_SECONDS):
            try:
                SERVICE.tick()
                end_gone_chats()
            except Exception:  # a timer that fails must not stop the others: log, go on
                log.exception("routing timers")
            finally:
                close_old_connections()

    threading.Thread(target=run, name="linja-routing-clock", daemon=True).start()
    return stop
