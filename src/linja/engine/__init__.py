"""The pure core: KPIs, records, routing, simulation and staffing (no Django, no clock, no I/O).

``compiled()`` tells whether the routing engine and the simulator's loop run as the C
extensions mypyc builds from their source (setup.py), or interpreted.
"""


def compiled() -> bool:
    """True when the routing engine runs compiled (see docs/simulation.md)."""
    from linja.engine.routing import router

    return not str(router.__file__).endswith(".py")
