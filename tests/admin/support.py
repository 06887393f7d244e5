"""What the admin tests share: a browser in English, and an admin page's form as the
browser sends it, to change a field or two (and add rows to an inline) and post it back."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.test import Client

Form = dict[str, list[str]]


def in_english(client: Client) -> Client:
    """The pages in English, whatever the person's profile says (the language switch)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


class _Fields(HTMLParser):
    """The fields of the page's object form (``<form id="…_form">``) and their values."""

    def __init__(self) -> None:
        super().__init__()
        self.data: Form = {}
        self.inside = False
        self.select: tuple[str, bool] | None = None  # name, multiple
        self.options: list[tuple[str, bool]] = []  # value, selected
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self.inside = (a.get("id") or "").endswith("_form")
        name = a.get("name")
        if not self.inside or (name and "__prefix__" in name):
            return
        if tag == "input" and name:
            kind = a.get("type") or "text"
            if kind in ("submit", "button", "reset", "file", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            default = "on" if kind == "checkbox" else ""
            self.data.setdefault(name, []).append(a.get("value") or default)
        elif tag == "select" and name:
            self.select, self.options = (name, "multiple" in a), []
        elif tag == "option" and self.select is not None:
            self.options.append((a.get("value") or "", "selected" in a))
        elif tag == "textarea" and name:
            self.textarea, self.text = name, ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select is not None:
            name, multiple = self.select
            chosen = [value for value, selected in self.options if selected]
            if not chosen and not multiple and self.options:
                chosen = [self.options[0][0]]
            self.data[name] = chosen
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.data[self.textarea] = [self.text.removeprefix("\n")]
            self.textarea = None

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.text += data


def form_of(page: HttpResponse) -> Form:
    assert page.status_code == 200, page.status_code
    parser = _Fields()
    parser.feed(page.content.decode())
    return parser.data


def add_row(form: Form, prefix: str, **fields: Any) -> Form:
    """A new row in the inline ``prefix`` (the related name: ``roles``, ``closed_days``)."""
    n = int(form[f"{prefix}-TOTAL_FORMS"][0])
    for name, value in fields.items():
        form[f"{prefix}-{n}-{name}"] = [str(value)]
    form[f"{prefix}-TOTAL_FORMS"] = [str(n + 1)]
    return form


def post_changed(client: Client, url: str, rows: dict[str, list[dict[str, Any]]] | None = None,
                 **changes: Any) -> HttpResponse:  # fmt: skip
    """Open the admin page ``url``, change some fields, add ``rows`` to inlines, save."""
    form = form_of(client.get(url))
    for name, value in changes.items():
        if value is None or value is False:
            form.pop(name, None)
        else:
            form[name] = [str(v) for v in value] if isinstance(value, list) else [str(value)]
    for prefix, new in (rows or {}).items():
        for row in new:
            add_row(form, prefix, **row)
    response: HttpResponse = client.post(url, form)
    return response


def errors(page: HttpResponse) -> list[str]:
    """Every error the admin form shows: of the object's form and of its inlines."""
    forms = [page.context["adminform"].form]
    found: list[str] = []
    for inline in page.context["inline_admin_formsets"]:
        found += [str(m) for m in inline.formset.non_form_errors()]
        forms += inline.formset.forms
    return found + [str(m) for form in forms for messages in form.errors.values() for m in messages]


def listed(page: HttpResponse) -> set[str]:
    """The objects on an admin list page, by their names."""
    assert page.status_code == 200, page.status_code
    return {str(obj) for obj in page.context["cl"].result_list}
