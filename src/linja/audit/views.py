"""The audit log for administrators: search it, and export what the search found.

An organisation's administrator sees the entries about their organisation's objects; the
installation's administrators see every entry. Nobody can change or delete one.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Any
from urllib.parse import urlencode

from auditlog.models import LogEntry
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from linja.orgs.access import scope_of

COLUMNS = ("timestamp", "action", "actor", "via", "remote_addr", "object_type", "object",
           "changes")  # fmt: skip


def entries_for(person: Any) -> QuerySet[LogEntry]:
    """The entries ``person`` may read (none for anyone but an administrator)."""
    scope = scope_of(person)
    entries: QuerySet[LogEntry] = LogEntry.objects.select_related("actor", "content_type")
    entries = entries.order_by("-timestamp", "-pk")
    if scope.everything:
        return entries
    if scope.administers:
        mine: QuerySet[LogEntry] = entries.filter(
            additional_data__organisation__in=sorted(scope.administers)
        )
        return mine
    raise Http404(_("The audit log is for administrators."))


def _form(request: HttpRequest) -> dict[str, str]:
    return {k: request.GET.get(k, "").strip() for k in ("q", "since", "until", "action")}


def _filtered(request: HttpRequest) -> tuple[QuerySet[LogEntry], dict[str, str]]:
    entries = entries_for(request.user)
    form = _form(request)
    if form["q"]:
        q = form["q"]
        entries = entries.filter(
            Q(object_repr__icontains=q) | Q(actor__username__icontains=q)
            | Q(actor_email__icontains=q) | Q(changes_text__icontains=q)
            | Q(remote_addr__icontains=q) | Q(content_type__model__icontains=q)
        )  # fmt: skip
    zone = timezone.get_current_timezone()
    for key, bound, lookup in (("since", time.min, "gte"), ("until", time.max, "lte")):
        day = _day(form[key])
        if form[key] and day is None:
            raise BadDate(_("“%(text)s” is not a date: write it as dd.mm.yyyy, e.g. 18.03.2026")
                          % {"text": form[key]})  # fmt: skip
        if day is not None:
            entries = entries.filter(
                **{f"timestamp__{lookup}": datetime.combine(day, bound, tzinfo=zone)}
            )
    if form["action"].isdigit():
        entries = entries.filter(action=int(form["action"]))
    return entries, form


class BadDate(ValueError):
    pass


def _day(text: str) -> date | None:
    """18.03.2026 (as Norwegians write it) or 2026-03-18, from 1900 on; None for anything
    else (a year 1 cannot be turned into a moment the database compares)."""
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            day = datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        return day if 1900 <= day.year <= 9998 else None
    return None


def _changes(entry: LogEntry) -> str:
    """field: old → new; ... as the page shows them (a many-to-many change as what was
    added or removed)."""
    both = entry.action == LogEntry.Action.UPDATE  # a new object has no old values
    return "; ".join(
        f"{c['field']}: {c['old']} → {c['new']}" if both and not c["set"]
        else f"{c['field']}: {c['new']}"
        for c in _shown_entry(entry)["changes"]
    )  # fmt: skip


def _shown(value: Any) -> str:
    if value in (None, "None", ""):
        return "–"
    if value in ("True", "False", True, False):
        return str(_("yes") if value in ("True", True) else _("no"))
    return str(value)


def _row(entry: LogEntry) -> list[str]:
    return [
        timezone.localtime(entry.timestamp).isoformat(timespec="seconds"),
        entry.get_action_display(),
        entry.actor.username if entry.actor else (entry.actor_email or ""),
        (entry.additional_data or {}).get("via", ""),
        entry.remote_addr or "",
        entry.content_type.model if entry.content_type else "",
        entry.object_repr,
        _changes(entry),
    ]


ACTIONS = {
    LogEntry.Action.CREATE: gettext_lazy("created"),
    LogEntry.Action.UPDATE: gettext_lazy("changed"),
    LogEntry.Action.DELETE: gettext_lazy("deleted"),
    LogEntry.Action.ACCESS: gettext_lazy("looked at"),
}


def _via(via: str) -> str:
    if via.startswith("cli:"):
        return _("command linja %(command)s") % {"command": via[4:]}
    return {"web": _("web site"), "api": _("API"), "other": _("other")}.get(via, via)


def _shown_entry(entry: LogEntry) -> dict[str, Any]:
    """One entry as a person reads it: in their language, field by field, with choices,
    related objects and yes/no as words."""
    model = entry.content_type.model_class() if entry.content_type else None
    raw = entry.changes_dict or {}
    display = entry.changes_display_dict if model is not None else {}
    fields = [f for f in model._meta.get_fields() if f.name in raw] if model is not None else []
    changes = []
    for field in fields:
        if field.name == "id":
            continue
        value = raw[field.name]
        if isinstance(value, dict):  # a many-to-many change
            verb = _("added") if value.get("operation") == "add" else _("removed")
            old, new = "", f"{verb}: {', '.join(map(str, value.get('objects', [])))}"
        else:
            shown = display.get(getattr(field, "verbose_name", field.name), value)
            old, new = shown if isinstance(shown, list | tuple) and len(shown) == 2 else ("", shown)
        changes.append({"field": capfirst(str(getattr(field, "verbose_name", field.name))),
                        "old": _shown(old), "new": _shown(new),
                        "set": isinstance(value, dict)})  # fmt: skip
    return {
        "entry": entry,
        "when": timezone.localtime(entry.timestamp),
        "action": ACTIONS.get(entry.action, entry.get_action_display()),
        "actor": entry.actor or entry.actor_email or "",
        "via": _via((entry.additional_data or {}).get("via", "")),
        "type": capfirst(model._meta.verbose_name) if model is not None else "",
        "changes": changes,
    }


@login_required
def search(request: HttpRequest) -> HttpResponse:
    try:
        entries, form = _filtered(request)
    except BadDate as exc:
        entries, form, error = LogEntry.objects.none(), _form(request), str(exc)
    else:
        error = ""
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    rows = [_shown_entry(e) for e in page.object_list]
    query = urlencode({k: v for k, v in form.items() if v})
    return render(request, "audit/search.html", {
        "page": page, "rows": rows, "form": form, "query": query,
        "actions": list(ACTIONS.items()), "error": error,
    })  # fmt: skip


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
def export(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    try:
        entries, _form = _filtered(request)
    except BadDate as exc:
        return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield writer.writerow(COLUMNS)
        for entry in entries.iterator(chunk_size=2000):
            yield writer.writerow(_row(entry))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="linja-audit.csv"'
    return response
