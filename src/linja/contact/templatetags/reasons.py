from __future__ import annotations

from django import template

from linja.contact.reasons import label

register = template.Library()


@register.filter
def reason(code: str) -> str:
    """A pause reason as the person reads it."""
    return label(code)
