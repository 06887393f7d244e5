"""The audit log for administrators: search it, and export what the search found.

An organisation's administrator sees the entries about their organisation's objects; the
installation's administrators see every entry. Nobody can change or delete one.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime, time
from typing import Any

from auditlog.models import LogEntry
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

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


def _filtered(request: HttpRequest) -> tuple[QuerySet[LogEntry], dict[str, str]]:
    entries = entries_for(request.user)
    form = {k: request.GET.get(k, "").strip() for k in ("q", "since", "until", "action")}
    if form["q"]:
        q = form["q"]
        entries = entries.filter(
            Q(object_repr__icontains=q) | Q(actor__username__icontains=q)
            | Q(actor_email__icontains=q) | Q(changes_text__icontains=q)
            | Q(remote_addr__icontains=q) | Q(content_type__model__icontains=q)
        )  # fmt: skip
    zone = timezone.get_current_timezone()
    for key, bound, lookup in (("since", time.min, "gte"), ("until", time.max, "lte")):
        day = parse_date(form[key]) if form[key] else None
        if day is not None:
            entries = entries.filter(
                **{f"timestamp__{lookup}": datetime.combine(day, bound, tzinfo=zone)}
            )
    if form["action"].isdigit():
        entries = entries.filter(action=int(form["action"]))
    return entries, form


def _changes(entry: LogEntry) -> str:
    """field: old → new; ... (a many-to-many change as what was added or removed)."""
    parts = []
    for field, value in (entry.changes_dict or {}).items():
        if isinstance(value, list | tuple) and len(value) == 2:
            parts.append(f"{field}: {_shown(value[0])} → {_shown(value[1])}")
        else:
            parts.append(f"{field}: {value}")
    return "; ".join(parts)


def _shown(value: Any) -> str:
    return "–" if value in (None, "None", "") else str(value)


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


@login_required
def search(request: HttpRequest) -> HttpResponse:
    entries, form = _filtered(request)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    rows = [(_row(e), e) for e in page.object_list]
    query = "&".join(f"{k}={v}" for k, v in form.items() if v)
    return render(request, "audit/search.html", {
        "page": page, "rows": rows, "form": form, "query": query,
        "actions": LogEntry.Action.choices,
    })  # fmt: skip


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
def export(request: HttpRequest) -> StreamingHttpResponse:
    entries, _form = _filtered(request)
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield writer.writerow(COLUMNS)
        for entry in entries.iterator(chunk_size=2000):
            yield writer.writerow(_row(entry))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="linja-audit.csv"'
    return response
