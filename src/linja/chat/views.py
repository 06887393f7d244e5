"""The web chat for citizens: no login. A citizen picks the service from the menu of the
organisation's services, and the chat's secret address is theirs from then on (the
secret, not a cookie, is what lets them write in it — so the chat also works in the
widget's frame on the organisation's own site, where the browser sends no cookies)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from linja.chat.parts import parts
from linja.contact import actions
from linja.contact.models import ChatSession
from linja.errors import LinjaError
from linja.queues.models import Menu, MenuChoice
from linja.site.answers import done_or_refused

LANGUAGES = ("nb", "nn", "en")


def _language() -> str:
    language = (translation.get_language() or "nb")[:2]
    return language if language in LANGUAGES else "nb"


@xframe_options_exempt
def services(request: HttpRequest) -> HttpResponse:
    menus = Menu.objects.select_related("unit__organisation").order_by("unit__organisation__name",
                                                                         "name")  # fmt: skip
    return render(request, "chat/services.html", {"menus": menus, "embed": "embed" in request.GET})


@xframe_options_exempt
@csrf_exempt
def start(request: HttpRequest, menu: str) -> HttpResponse:
    found = get_object_or_404(Menu.objects.select_related("unit__organisation"), code=menu)
    language = _language()
    choices = list(found.choices.select_related("queue", "submenu"))
    error = ""
    if request.method == "POST":
        key = request.POST.get("choice", "")
        choice = next((c for c in choices if c.key == key and c.queue_id), None)
        if choice is None or choice.queue is None:
            error = _("Choose what your question is about.")
        else:
            try:
                session = actions.start_chat(choice.queue, language=language)
            except LinjaError as exc:
                error = str(exc)
            else:
                return redirect("chat", secret=session.secret)
    return render(request, "chat/start.html", {
        "menu": found, "greeting": found.text(language), "error": error,
        "choices": [(c, c.text(language)) for c in choices],
        "embed": "embed" in request.GET,
    }, status=422 if error else 200)  # fmt: skip


def _session(secret: str) -> ChatSession:
    session = ChatSession.objects.select_related("contact").filter(secret=secret).first()
    if session is None:
        raise Http404(_("There is no such chat: it may have been closed."))
    return session


@xframe_options_exempt
def chat(request: HttpRequest, secret: str) -> HttpResponse:
    session = _session(secret)
    with translation.override(session.language):
        return render(request, "chat/chat.html", {"session": session, "parts": parts(session)})


@xframe_options_exempt
@csrf_exempt
@require_POST
def say(request: HttpRequest, secret: str) -> HttpResponse:
    session = _session(secret)
    with translation.override(session.language):
        return done_or_refused(lambda: actions.say(session.contact, request.POST.get("text", "")))


@csrf_exempt
@require_POST
def leave(request: HttpRequest, secret: str) -> HttpResponse:
    """The citizen closed the chat (the button, or the tab: the page sends a beacon)."""
    session = _session(secret)
    actions.leave_chat(session)
    if request.headers.get("HX-Request"):
        return HttpResponse("")
    return HttpResponse(status=204)


def widget(request: HttpRequest) -> HttpResponse:
    """A script an organisation puts on its own site: a button that opens the chat."""
    menu = request.GET.get("menu", "")
    if menu and not MenuChoice.objects.filter(menu__code=menu).exists():
        menu = ""
    base = request.build_absolute_uri("/chat/")
    target = f"{base}{menu}/?embed" if menu else f"{base}?embed"
    body = render(request, "chat/widget.js", {"target": target}).content
    return HttpResponse(body, content_type="text/javascript; charset=utf-8")
