"""The forms team leads use every day: opening hours, closures, who answers."""

from __future__ import annotations

from datetime import time
from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from linja.orgs.models import Person
from linja.queues.models import WEEKDAYS

# Times and dates are typed as Norwegians write them (14:30, 18.03.2026), not with the
# browser's own picker, which follows the computer's language and may show 2:30 PM.
TIME = forms.TimeInput(
    format="%H:%M",
    attrs={"inputmode": "numeric", "placeholder": _("hh:mm"), "size": 5, "maxlength": 5,
           "pattern": "([01]?[0-9]|2[0-3])[:.][0-5][0-9]", "autocomplete": "off",
           "class": "clock"},
)  # fmt: skip
TIME_FORMATS = ["%H:%M", "%H.%M", "%H:%M:%S"]
MOMENT_FORMATS = ["%d.%m.%Y %H:%M", "%d.%m.%Y %H.%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def _moment() -> forms.DateTimeInput:
    return forms.DateTimeInput(
        format="%d.%m.%Y %H:%M",
        attrs={"placeholder": _("dd.mm.yyyy hh:mm"), "size": 16, "autocomplete": "off"},
    )


class OpeningHoursForm(forms.Form):
    """One line per weekday: from and to, empty for a closed day; a second span for a
    day in two parts."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for day, name in WEEKDAYS:
            for part in (1, 2):
                for end in ("start", "end"):
                    label = _("%(day)s, from") if end == "start" else _("%(day)s, to")
                    self.fields[f"d{day}_{part}_{end}"] = forms.TimeField(
                        label=label % {"day": name}, required=False, widget=TIME,
                        input_formats=TIME_FORMATS,
                    )  # fmt: skip

    def rows(self) -> list[tuple[str, list[tuple[Any, Any]]]]:
        return [
            (str(name), [(self[f"d{day}_{p}_start"], self[f"d{day}_{p}_end"]) for p in (1, 2)])
            for day, name in WEEKDAYS
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        spans: dict[int, list[tuple[time, time]]] = {}
        for day, name in WEEKDAYS:
            for part in (1, 2):
                start, end = data.get(f"d{day}_{part}_start"), data.get(f"d{day}_{part}_end")
                if start is None and end is None:
                    continue
                if start is None or end is None:
                    self.add_error(
                        f"d{day}_{part}_{'start' if start is None else 'end'}",
                        _("%(day)s: give both from and to, or neither.") % {"day": capfirst(name)},
                    )
                    continue
                spans.setdefault(day, []).append((start, end))
        data["spans"] = spans
        return data

    @classmethod
    def initial_for(cls, hours: list[Any]) -> dict[str, time]:
        initial: dict[str, time] = {}
        seen: dict[int, int] = {}
        for h in sorted(hours, key=lambda h: (h.weekday, h.start)):
            part = seen.get(h.weekday, 0) + 1
            seen[h.weekday] = part
            if part <= 2:
                initial[f"d{h.weekday}_{part}_start"] = h.start
                initial[f"d{h.weekday}_{part}_end"] = h.end
        return initial


class DailyClosureForm(forms.Form):
    start = forms.TimeField(label=_("from"), widget=TIME, input_formats=TIME_FORMATS)
    end = forms.TimeField(label=_("to"), widget=TIME, input_formats=TIME_FORMATS)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("weekdays"), choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple,
        initial=[0, 1, 2, 3, 4],
    )  # fmt: skip
    reason = forms.CharField(label=_("reason"), max_length=100, initial=_("lunch"))


class PlannedClosureForm(forms.Form):
    start = forms.DateTimeField(label=_("from"), widget=_moment(), input_formats=MOMENT_FORMATS)
    end = forms.DateTimeField(label=_("to"), widget=_moment(), input_formats=MOMENT_FORMATS)
    reason = forms.CharField(label=_("reason"), max_length=100)


class MembershipForm(forms.Form):
    person = forms.ModelChoiceField(label=_("person"), queryset=Person.objects.none())
    level = forms.TypedChoiceField(
        label=_("skill level"), coerce=int,
        choices=[(1, _("1 (main skill)")), (2, "2"), (3, "3"), (4, "4"), (5, "5")],
    )  # fmt: skip

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["person"].queryset = people  # type: ignore[attr-defined]
