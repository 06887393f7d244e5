"""The language of the pages: what the person chose (the switch, kept in their profile),
else what their browser asks for, else bokmål."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

LANGUAGES = {code for code, _name in settings.LANGUAGES}


class PersonLanguage:
    """After authentication: a logged-in person without a language cookie gets the
    language of their profile. The switch (``set_language``) sets the cookie, and
    :func:`remember` keeps the choice in the profile for the next browser."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if user is not None and user.is_authenticated and chosen not in LANGUAGES:
            language = getattr(user, "language", None)
            if language in LANGUAGES:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if (
            request.path.startswith("/i18n/setlang")
            and request.method == "POST"
            and user is not None
            and user.is_authenticated
        ):
            remember(user, request.POST.get("language", ""))
        return response


def remember(user: Any, language: str) -> None:
    if language in LANGUAGES and getattr(user, "language", None) != language:
        user.language = language
        user.save(update_fields=["language"])
