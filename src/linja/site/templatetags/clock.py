"""Durations as the live pages show them: 0:42, 12:05, 1:02:05."""

from __future__ import annotations

import math

from django import template

register = template.Library()


@register.filter
def duration(seconds: object) -> str:
    if not isinstance(seconds, int | float) or not math.isfinite(seconds):
        return "–"  # none (no contact yet), or unknown (nobody serves the queue: inf)
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@register.filter
def percent(value: object) -> str:
    if not isinstance(value, int | float) or not math.isfinite(value):
        return "–"
    return f"{value * 100:.0f} %"
