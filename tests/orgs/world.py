"""A small world for access tests: a hospital and two municipalities sharing a centre.

    Helse Førde (H)       Kirurgisk klinikk ⊃ Augepoliklinikken: queue auge
                          Sentralbord: queue sentralbord
    Alver kommune (A)     Innbyggjarservice: queue alver, in the shared centre
    Austrheim kommune (B) Innbyggjarservice: queue austrheim, in the shared centre
    Nordhordland (C)      the centre shared by A and B

People: sec (H, answers auge), lead (H, team lead of Kirurgisk klinikk), plan (H,
planner of H), prof (A, professional lead of C), agent (A, answers alver and austrheim),
admin (A, administrator of A), root (administrator of everything), stranger (B, nothing).
Menus: hf (Sentralbord, key 1 to auge), al (Alver's unit, key 1 to alver).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from linja.orgs import actions as orgs
from linja.orgs.models import Organisation, Role
from linja.queues import actions as queues


@dataclass
class World:
    objects: dict[str, Any]
    people: dict[str, Any]


def build() -> World:
    h = orgs.create_organisation("Helse Førde", Organisation.Kind.HEALTH_TRUST)
    a = orgs.create_organisation("Alver kommune", Organisation.Kind.MUNICIPALITY)
    b = orgs.create_organisation("Austrheim kommune", Organisation.Kind.MUNICIPALITY)
    c = orgs.create_centre("Nordhordland kontaktsenter", [a, b])
    surgical = orgs.create_unit(h, "Kirurgisk klinikk")
    eye = orgs.create_unit(h, "Augepoliklinikken", parent=surgical)
    board_unit = orgs.create_unit(h, "Sentralbord")
    au = orgs.create_unit(a, "Innbyggjarservice")
    bu = orgs.create_unit(b, "Innbyggjarservice")
    auge = queues.create_queue("auge", "Augepoliklinikken", eye)
    board = queues.create_queue("sentralbord", "Sentralbordet", board_unit)
    alver = queues.create_queue(
        "alver", "Servicetorget i Alver", au, centre=c, widen_after_seconds=60
    )
    austrheim = queues.create_queue("austrheim", "Servicetorget i Austrheim", bu, centre=c)
    hf = queues.create_menu("hf", "Helse Førde", board_unit, "Velkommen")
    queues.add_choice(hf, "1", "Auge", queue=auge)
    al = queues.create_menu("al", "Alver", au, "Velkommen til Alver")
    queues.add_choice(al, "1", "Servicetorget", queue=alver)

    def person(name: str, home: Any) -> Any:
        return orgs.create_person(name, name.title(), "Test", home, password=None)

    sec, lead, plan = person("sec", h), person("lead", h), person("plan", h)
    prof, agent, admin = person("prof", a), person("agent", a), person("admin", a)
    root, stranger = person("root", None), person("stranger", b)
    queues.set_membership(sec, auge, 1)
    queues.set_membership(agent, alver, 1)
    queues.set_membership(agent, austrheim, 2)
    orgs.give_role(lead, Role.Kind.TEAM_LEAD, unit=surgical)
    orgs.give_role(plan, Role.Kind.PLANNER, organisation=h)
    orgs.give_role(prof, Role.Kind.PROFESSIONAL_LEAD, centre=c)
    orgs.give_role(admin, Role.Kind.ADMIN, organisation=a)
    orgs.give_role(root, Role.Kind.ADMIN)
    objects = {
        "H": h, "A": a, "B": b, "C": c, "surgical": surgical, "eye": eye, "au": au, "bu": bu,
        "auge": auge, "sentralbord": board, "alver": alver, "austrheim": austrheim,
        "hf": hf, "al": al, "sec": sec, "agent": agent, "stranger": stranger,
    }  # fmt: skip
    people = {p.username: p for p in (sec, lead, plan, prof, agent, admin, root, stranger)}
    return World(objects, people)
