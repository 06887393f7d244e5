"""The start page: what the person may see, by role."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from linja.orgs.access import visible
from linja.orgs.models import Organisation
from linja.queues.models import Queue


@login_required
def home(request: HttpRequest) -> HttpResponse:
    queues = visible(request.user, Queue.objects.select_related("unit__organisation", "centre"))
    organisations = visible(request.user, Organisation.objects.all())
    return render(request, "site/home.html", {"queues": queues, "organisations": organisations})
