"""The demo installation, from the seeds (``linja demo``).

* Helse Førde (seed 000): a hospital's five polyclinics and its switchboard, in two
  clinics, behind one phone menu.
* Nordhordland kontaktsenter (seed 001): one centre shared by five municipalities; each
  municipality's calls first to its own people, after a minute to anyone in the centre,
  under a professional lead who spans the municipalities.
* Helse Nord IKT (seed 003): a service desk with general and clinical support.

One login for each role; all share :data:`PASSWORD`.
"""

from __future__ import annotations

from datetime import time

from django.contrib.auth.hashers import make_password
from django.db import transaction

from linja.orgs import actions as orgs
from linja.orgs.models import Organisation, Person, Role
from linja.queues import actions as queues

PASSWORD = "demo-linja"
LOGINS = [
    ("admin", "administrator of the whole installation"),
    ("sekretaer", "agent: secretary at the eye clinic, Helse Førde"),
    ("teamleiar", "team lead of the surgical clinic, Helse Førde"),
    ("planleggar", "planner, Helse Førde"),
    ("fagleiar", "professional lead across the five municipalities, Nordhordland"),
    ("alver", "agent: citizen service, Alver kommune"),
    ("admin-alver", "administrator of Alver kommune"),
    ("brukarstotte", "agent: clinical support, Helse Nord IKT"),
    ("brukarstotte2", "agent: general support, Helse Nord IKT"),
    ("ikt-leiar", "team lead of the service desk, Helse Nord IKT"),
]

WEEKDAYS = range(5)
DAY = [(time(8), time(15, 30))]
LUNCH = (time(11, 30), time(12))


def load_if_empty() -> bool:
    """Load the demo unless the database has organisations or people already."""
    if Organisation.objects.exists() or Person.objects.exists():
        return False
    load()
    return True


_hashed: list[str] = []  # the demo password, hashed once for all (hashing is slow on purpose)


def _person(username: str, first: str, last: str, home: Organisation | None) -> Person:
    person = orgs.create_person(username, first, last, home, password=None)
    if not _hashed:
        _hashed.append(make_password(PASSWORD))
    person.password = _hashed[0]
    person.save(update_fields=["password"])
    return person


@transaction.atomic
def load() -> None:
    _hashed.clear()
    admin = orgs.create_installation_admin("admin", PASSWORD)
    admin.first_name, admin.last_name = "Ada", "Administrator"
    admin.save()
    _hospital()
    _municipalities()
    _service_desk()


def _hospital() -> None:
    trust = orgs.create_organisation("Helse Førde", Organisation.Kind.HEALTH_TRUST)
    surgical = orgs.create_unit(trust, "Kirurgisk klinikk")
    medical = orgs.create_unit(trust, "Medisinsk klinikk")
    switchboard_unit = orgs.create_unit(trust, "Sentralbord")
    board = queues.create_queue(
        "sentralbord", "Sentralbordet", switchboard_unit, sl_seconds=60, priority=1,
        wrapup_seconds=10, holidays=True,
    )  # fmt: skip
    queues.set_opening_hours(board, {d: [(time(7, 45), time(15, 45))] for d in WEEKDAYS})
    polyclinics = [
        ("ortopedi", "Ortopedisk poliklinikk", surgical, "1"),
        ("gastro", "Gastrokirurgisk poliklinikk", surgical, "2"),
        ("auge", "Augepoliklinikken", surgical, "3"),
        ("hjarte-lunge", "Hjarte- og lungepoliklinikken", medical, "4"),
        ("nevrologi", "Nevrologisk poliklinikk", medical, "5"),
    ]
    menu = queues.create_menu(
        "helse-forde", "Helse Førde, poliklinikkane", switchboard_unit,
        "Velkommen til Helse Førde. Vel poliklinikk.",
        nn="Velkomen til Helse Førde. Vel poliklinikk.",
        en="Welcome to Helse Førde. Choose a clinic.",
    )  # fmt: skip
    made = {}
    for code, name, clinic, key in polyclinics:
        unit = orgs.create_unit(trust, name, parent=clinic)
        queue = queues.create_queue(
            code, name, unit, sl_seconds=60, sl_target=0.8, wrapup_seconds=40,
            overflow_to=board, overflow_after_seconds=120, when_closed_queue=board,
            callback_after_seconds=300, announce_every_seconds=60,
        )  # fmt: skip
        queues.set_opening_hours(queue, {d: DAY for d in WEEKDAYS})
        queues.add_daily_closure(queue, *LUNCH, frozenset(WEEKDAYS), "lunsj")
        queues.set_text(
            queue, "closed", f"{name} er stengt. Du blir sett over til sentralbordet.",
            nn=f"{name} er stengd. Du blir sett over til sentralbordet.",
            en=f"{name} is closed. You are put through to the switchboard.",
        )  # fmt: skip
        queues.add_choice(menu, key, name, queue=queue)
        made[code] = queue
    queues.add_choice(menu, "0", "Sentralbordet", queue=board, nn="Sentralbordet",
                      en="The switchboard")  # fmt: skip

    secretary = _person("sekretaer", "Kari", "Nes", trust)
    queues.set_membership(secretary, made["auge"], 1)
    queues.set_membership(secretary, made["ortopedi"], 2)
    colleagues = ("ortopedi", "ortopedi", "gastro", "auge", "hjarte-lunge", "nevrologi")
    for i, code in enumerate(colleagues):
        colleague = _person(f"sekretaer{i + 2}", ["Liv", "Per", "Siri", "Tor", "Anne", "Ivar"][i],
                            "Hauge", trust)  # fmt: skip
        queues.set_membership(colleague, made[code], 1)
    operator = _person("sentralbord", "Sigrid", "Bø", trust)
    queues.set_membership(operator, board, 1)
    lead = _person("teamleiar", "Trond", "Vik", trust)
    orgs.give_role(lead, Role.Kind.TEAM_LEAD, unit=surgical)
    planner = _person("planleggar", "Pia", "Lunde", trust)
    orgs.give_role(planner, Role.Kind.PLANNER, organisation=trust)


def _municipalities() -> None:
    names = ["Alver", "Austrheim", "Fedje", "Masfjorden", "Modalen"]
    kind = Organisation.Kind.MUNICIPALITY
    towns = [orgs.create_organisation(f"{n} kommune", kind) for n in names]
    centre = orgs.create_centre("Nordhordland kontaktsenter", towns)
    lead = _person("fagleiar", "Frida", "Myking", towns[0])
    orgs.give_role(lead, Role.Kind.PROFESSIONAL_LEAD, centre=centre)
    made = []
    for name, town in zip(names, towns, strict=True):
        unit = orgs.create_unit(town, "Innbyggjarservice")
        code = name.lower().replace("å", "a").replace("ø", "o").replace("æ", "ae")
        queue = queues.create_queue(
            f"{code}-servicetorg", f"Servicetorget i {name}", unit, centre=centre,
            sl_seconds=30, sl_target=0.7, widen_after_seconds=60, wrapup_seconds=30,
            announce_every_seconds=60,
        )  # fmt: skip
        queues.set_opening_hours(queue, {d: DAY for d in WEEKDAYS})
        queues.add_daily_closure(queue, *LUNCH, frozenset(WEEKDAYS), "felles lunsj")
        made.append(queue)
    for i, (name, town) in enumerate(zip(names, towns, strict=True)):
        username = "alver" if i == 0 else f"agent-{name.lower()}"
        agent = _person(username, ["Ola", "Eli", "Geir", "Marte", "Nils"][i], name, town)
        queues.set_membership(agent, made[i], 1)
        for j, other in enumerate(made):
            if j != i:
                queues.set_membership(agent, other, 2)
    menu = queues.create_menu(
        "nordhordland", "Nordhordland kontaktsenter", made[0].unit,
        "Velkomen til kontaktsenteret for Alver, Austrheim, Fedje, Masfjorden og Modalen.",
        en="Welcome to the contact centre of Alver, Austrheim, Fedje, Masfjorden and Modalen.",
    )  # fmt: skip
    for key, (name, queue) in enumerate(zip(names, made, strict=True), start=1):
        queues.add_choice(menu, str(key), f"{name} kommune", queue=queue)
    admin = _person("admin-alver", "Aud", "Alver", towns[0])
    orgs.give_role(admin, Role.Kind.ADMIN, organisation=towns[0])


def _service_desk() -> None:
    it = orgs.create_organisation("Helse Nord IKT", Organisation.Kind.IT_SERVICE)
    desk = orgs.create_unit(it, "Brukarstøtte")
    general = queues.create_queue("ikt-generell", "Generell brukarstøtte", desk, sl_seconds=60)
    clinical = queues.create_queue(
        "ikt-klinisk", "Klinisk brukarstøtte", desk, sl_seconds=30, priority=1
    )
    # general support in the day, every day; clinical support around the clock (no hours)
    queues.set_opening_hours(general, {d: [(time(7), time(20))] for d in range(7)})
    menu = queues.create_menu(
        "helse-nord-ikt", "Helse Nord IKT", desk,
        "Helse Nord IKT, brukarstøtte. Gjeld det pasientbehandling, trykk 1. Anna, trykk 2.",
        en="Helse Nord IKT service desk. For patient care, press 1. Anything else, press 2.",
    )  # fmt: skip
    queues.add_choice(menu, "1", "Klinisk brukarstøtte", queue=clinical)
    queues.add_choice(menu, "2", "Generell brukarstøtte", queue=general)
    support = _person("brukarstotte", "Hans", "Eide", it)
    queues.set_membership(support, clinical, 1)
    queues.set_membership(support, general, 2)
    other = _person("brukarstotte2", "Randi", "Eide", it)
    queues.set_membership(other, general, 1)
    lead = _person("ikt-leiar", "Kari", "Nilsen", it)
    orgs.give_role(lead, Role.Kind.TEAM_LEAD, unit=desk)
