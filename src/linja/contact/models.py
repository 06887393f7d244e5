"""The live contact centre's tables: the event log the router runs on, and what it made of
it — each contact (the contact record of DESIGN.md §4) and each agent's state.

The event log is the source of truth (docs/architecture.md): every event is written here
before the router sees it, in the same transaction as what the router decided, so a
restarted server rebuilds the router by replaying the log and goes on where it stopped.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from linja.orgs.models import Owned, Person
from linja.queues.models import Queue


class Event(models.Model):
    """Something that happened to the router, in the order it was handled. Never changed
    or removed; ``key`` makes a repeated event (a phone platform sending it twice) a no-op."""

    at = models.DateTimeField(_("at"))
    kind = models.CharField(_("kind"), max_length=30)
    data = models.JSONField(_("data"), default=dict)
    key = models.CharField(_("key"), max_length=200, unique=True, null=True, blank=True)
    source = models.CharField(_("source"), max_length=50, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("routing event")
        verbose_name_plural = _("routing events")

    def __str__(self) -> str:
        return f"{self.pk} {self.kind} {self.at:%Y-%m-%d %H:%M:%S}"


class Contact(Owned, models.Model):
    """One contact (a call, a chat) from the moment it entered its first queue: the
    contact record, kept up to date as the router decides."""

    class State(models.TextChoices):
        WAITING = "waiting", _("waiting")
        OFFERED = "offered", _("offered")
        ANSWERED = "answered", _("answered")
        ENDED = "ended", _("ended")
        REJECTED = "rejected", _("rejected")

    class Channel(models.TextChoices):
        PHONE = "phone", _("phone")
        CHAT = "chat", _("chat")
        CALLBACK = "callback", _("callback")

    class Resolution(models.TextChoices):
        RESOLVED = "resolved", _("resolved")
        UNRESOLVED = "unresolved", _("unresolved")
        PENDING = "pending", _("pending")

    key = models.CharField(_("contact"), max_length=100, unique=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    queue = models.ForeignKey(
        Queue, models.PROTECT, related_name="contacts", verbose_name=_("first queue")
    )
    current_queue = models.ForeignKey(
        Queue, models.PROTECT, related_name="+", verbose_name=_("queue now")
    )
    caller = models.CharField(_("caller key"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    arrived_at = models.DateTimeField(_("arrived"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    agent = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="contacts",
        verbose_name=_("agent"),
    )  # fmt: skip
    offered_to = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("offered to"),
    )  # fmt: skip
    handler = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("handled now by"),
    )  # fmt: skip
    answered_queue = models.ForeignKey(
        Queue, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("answered in"),
    )  # fmt: skip
    wrapup_seconds = models.FloatField(_("wrap-up (seconds)"), null=True, blank=True)
    resolution = models.CharField(
        _("resolution"), max_length=10, choices=Resolution.choices, blank=True
    )
    knowledge_used = models.BooleanField(_("knowledge used"), null=True, blank=True)
    rejected_reason = models.CharField(_("rejected because"), max_length=20, blank=True)

    class Meta:
        ordering = ["arrived_at", "id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [models.Index(fields=["arrived_at"]), models.Index(fields=["caller"])]

    def __str__(self) -> str:
        return f"{self.key} ({self.queue.code})"

    def owner_organisation_id(self) -> int | None:
        return self.queue.unit.organisation_id


class AgentState(models.Model):
    """What an agent is doing now, as the router sees it."""

    class State(models.TextChoices):
        LOGGED_OUT = "logged_out", _("logged out")
        READY = "ready", _("ready")
        OFFERED = "offered", _("offered a contact")
        BUSY = "busy", _("in a contact")
        WRAPUP = "wrapup", _("wrap-up")
        PAUSED = "paused", _("paused")

    person = models.OneToOneField(
        Person, models.CASCADE, related_name="agent_state", verbose_name=_("agent")
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices)
    reason = models.CharField(_("reason"), max_length=50, blank=True)
    since = models.DateTimeField(_("since"))
    last_contact = models.ForeignKey(
        Contact, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("last contact"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("agent state")
        verbose_name_plural = _("agent states")

    def __str__(self) -> str:
        return f"{self.person.username}: {self.state}"


class PhoneCall(models.Model):
    """A call the phone platform handed to Linja (docs/telephony.md): in a menu until its
    keys lead to a queue, where it becomes a contact. The caller's number is never kept,
    only its pseudonymous key."""

    call_id = models.CharField(_("call"), max_length=100, unique=True)
    caller = models.CharField(_("caller key"), max_length=100, blank=True)
    service = models.CharField(_("service"), max_length=40)
    menu = models.ForeignKey(
        "queues.Menu", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("in menu"),
    )  # fmt: skip
    contact = models.OneToOneField(
        Contact, models.PROTECT, null=True, blank=True, related_name="phone_call",
        verbose_name=_("contact"),
    )  # fmt: skip
    last_problem = models.CharField(_("last problem"), max_length=200, blank=True)
    started_at = models.DateTimeField(_("started"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        ordering = ["started_at", "id"]
        verbose_name = _("phone call")
        verbose_name_plural = _("phone calls")

    def __str__(self) -> str:
        return self.call_id


class PhoneEvent(models.Model):
    """An event id of the phone platform, kept so that the same event sent again changes
    nothing."""

    key = models.CharField(_("event id"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=20)
    call = models.ForeignKey(PhoneCall, models.CASCADE, related_name="events")
    received = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("phone event")
        verbose_name_plural = _("phone events")

    def __str__(self) -> str:
        return f"{self.key} ({self.kind})"


class Message(models.Model):
    """One message of a chat (the transcript stays with the contact), or of the
    consultation between two agents about a contact (``internal``: never shown to the
    citizen)."""

    class Sender(models.TextChoices):
        CITIZEN = "citizen", _("citizen")
        AGENT = "agent", _("agent")
        SYSTEM = "system", _("system")

    contact = models.ForeignKey(
        Contact, models.CASCADE, related_name="messages", verbose_name=_("contact")
    )
    sender = models.CharField(_("from"), max_length=10, choices=Sender.choices)
    author = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("agent")
    )
    text = models.TextField(_("text"), max_length=4000)
    internal = models.BooleanField(_("between agents"), default=False)
    at = models.DateTimeField(_("at"))

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.contact.key} {self.sender}: {self.text[:40]}"


class ChatSession(models.Model):
    """The citizen's side of a chat: the secret in their browser that lets them write in
    it without logging in, and their language."""

    contact = models.OneToOneField(
        Contact, models.CASCADE, related_name="chat", verbose_name=_("contact")
    )
    secret = models.CharField(_("secret"), max_length=64, unique=True)
    language = models.CharField(_("language"), max_length=5, default="nb")
    left_at = models.DateTimeField(_("citizen left"), null=True, blank=True)

    class Meta:
        verbose_name = _("chat session")
        verbose_name_plural = _("chat sessions")

    def __str__(self) -> str:
        return self.contact.key


class Handling(models.Model):
    """What the agent desktop keeps about the contact an agent is working on: the caller
    on hold, a colleague being consulted (a warm transfer under way), the wrap-up note."""

    contact = models.OneToOneField(
        Contact, models.CASCADE, related_name="handling", verbose_name=_("contact")
    )
    on_hold = models.BooleanField(_("on hold"), default=False)
    consulting = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="consulted_on",
        verbose_name=_("consulting"),
    )  # fmt: skip
    consulted_by = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("consulted by"),
    )  # fmt: skip
    note = models.TextField(_("note"), blank=True, max_length=4000)

    class Meta:
        verbose_name = _("contact handling")
        verbose_name_plural = _("contact handlings")

    def __str__(self) -> str:
        return self.contact.key
