"""The routing engine: one set of rules, run by the live contact centre and the simulator.

See :mod:`linja.engine.routing.router` for the rules and DESIGN.md §2 for its place.
"""

from linja.engine.routing.calendar import norwegian_holidays
from linja.engine.routing.config import (
    AGENT_CHOICES,
    Calendar,
    Closure,
    DailyClosure,
    Overflow,
    QueueRules,
    Redirect,
    RoutingConfig,
)
from linja.engine.routing.decisions import (
    AgentChanged,
    Announce,
    Decision,
    Moved,
    Offer,
    OfferCallback,
    OfferWithdrawn,
    Rejected,
    Timer,
    Widened,
)
from linja.engine.routing.dispatch import handle
from linja.engine.routing.router import CONSULT, Router, RoutingError

__all__ = [
    "AGENT_CHOICES",
    "CONSULT",
    "AgentChanged",
    "Announce",
    "Calendar",
    "Closure",
    "DailyClosure",
    "Decision",
    "Moved",
    "Offer",
    "OfferCallback",
    "OfferWithdrawn",
    "Overflow",
    "QueueRules",
    "Redirect",
    "Rejected",
    "Router",
    "RoutingConfig",
    "RoutingError",
    "Timer",
    "Widened",
    "handle",
    "norwegian_holidays",
]
