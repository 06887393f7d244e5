"""Words and number formats of the reports, in bokmål (default), nynorsk and English.

The indicator names are the ones the health trusts use (seed 000 is in nynorsk). JSON
field names never change with the language; only what a person reads does.
"""

from __future__ import annotations

from linja.engine.targets import AT_MOST
from linja.errors import LinjaError

LANGS = ("nb", "nn", "en")
DEFAULT_LANG = "nb"

_WORDS: dict[str, tuple[str, str, str]] = {
    # key: (bokmål, nynorsk, English)
    "offered": ("Innkommende", "Innkomande", "Offered"),
    "answered": ("Besvart", "Svara", "Answered"),
    "abandoned": ("Tapt", "Tapt", "Abandoned"),
    "answer_rate": ("Svarprosent", "Svarprosent", "Answer rate"),
    "service_level": ("Servicegrad", "Servicegrad", "Service level"),
    "asa_seconds": ("Gjennomsnittlig ventetid", "Gjennomsnittleg ventetid", "Mean wait"),
    "abandon_rate": ("Andel tapte", "Del tapte", "Abandon rate"),
    "aht_seconds": (
        "Gjennomsnittlig behandlingstid",
        "Gjennomsnittleg handsamingstid",
        "Average handling time",
    ),
    "no_repeat_24h_rate": ("Ringer ikke tilbake", "Ringer ikkje tilbake", "No repeat call in 24 h"),
    "resolution_rate": ("Løsningsgrad", "Løysingsgrad", "Resolution rate"),
    "knowledge_use_rate": ("Bruk av kunnskapsbase", "Bruk av kunnskapsbase", "Knowledge use"),
    # group keys
    "unit": ("Enhet", "Eining", "Unit"),
    "queue": ("Kø", "Kø", "Queue"),
    "channel": ("Kanal", "Kanal", "Channel"),
    "hour": ("Time", "Time", "Hour"),
    "day": ("Dag", "Dag", "Day"),
    "week": ("Uke", "Veke", "Week"),
    "month": ("Måned", "Månad", "Month"),
    "year": ("År", "År", "Year"),
    "total": ("Totalt", "Totalt", "Total"),
    # report words
    "indicator": ("Indikator", "Indikator", "Indicator"),
    "target": ("Mål", "Mål", "Target"),
    "met": ("nådd", "nådd", "met"),
    "missed": ("ikke nådd", "ikkje nådd", "missed"),
    "within": ("innen", "innan", "within"),
    "at_most": ("høyst", "høgst", "at most"),
    "at_least": ("minst", "minst", "at least"),
    "seconds_short": ("s", "s", "s"),
    "title": (
        "Nøkkeltall for kontaktsenteret",
        "Nøkkeltal for kontaktsenteret",
        "Contact centre indicators",
    ),
    "period": ("Periode", "Periode", "Period"),
    "records": ("kontakter", "kontaktar", "contacts"),
    "generated": ("Laget", "Laga", "Generated"),
    "no_data": (
        "Ingen kontakter i utvalget.",
        "Ingen kontaktar i utvalet.",
        "No contacts in the selection.",
    ),
    "over_time": ("Over tid", "Over tid", "Over time"),
    "sources": ("Kilder", "Kjelder", "Sources"),
    "definitions": ("Definisjoner", "Definisjonar", "Definitions"),
    "not_computable": ("kan ikke beregnes", "kan ikkje reknast ut", "not computable"),
    "all_units": ("Alle enheter", "Alle einingar", "All units"),
}

DEFINITIONS: dict[str, tuple[str, str, str]] = {
    "answer_rate": ("besvarte / innkommende", "svara / innkomande", "answered / offered"),
    "service_level": (
        "besvart innen T sekunder / innkommende",
        "svara innan T sekund / innkomande",
        "answered within T seconds / offered",
    ),
    "asa_seconds": (
        "snitt av ventetid for besvarte",
        "snitt av ventetid for svara",
        "mean wait of answered contacts",
    ),
    "abandon_rate": ("tapte / innkommende", "tapte / innkomande", "abandoned / offered"),
    "aht_seconds": (
        "snitt av samtaletid + etterarbeid for besvarte",
        "snitt av samtaletid + etterarbeid for svara",
        "mean talk time + after-contact work of answered contacts",
    ),
    "no_repeat_24h_rate": (
        "andel innringere med kjent nummer som ikke ringer samme enhet igjen innen 24 timer",
        "del innringarar med kjent nummer som ikkje ringer same eining att innan 24 timar",
        "share of callers with a known number who do not contact the same unit again within 24 h",
    ),
    "resolution_rate": (
        "løst / kontakter med registrert utfall",
        "løyst / kontaktar med registrert utfall",
        "resolved / contacts with a recorded resolution",
    ),
    "knowledge_use_rate": (
        "kunnskapsbase brukt / kontakter der det er registrert",
        "kunnskapsbase brukt / kontaktar der det er registrert",
        "knowledge base used / contacts where it was recorded",
    ),
}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise LinjaError(f"--lang: '{lang}' is not a language; expected one of {', '.join(LANGS)}")
    return lang


def word(key: str, lang: str) -> str:
    return _WORDS[key][LANGS.index(lang)]


def definition(indicator: str, lang: str) -> str:
    return DEFINITIONS[indicator][LANGS.index(lang)] if indicator in DEFINITIONS else ""


def _decimal(text: str, lang: str) -> str:
    return text if lang == "en" else text.replace(".", ",")


def fmt_count(value: int | None, lang: str) -> str:
    if value is None:
        return "–"
    text = f"{value:,}"
    return text if lang == "en" else text.replace(",", "\u00a0")


def fmt_rate(value: float | None, lang: str, digits: int = 1) -> str:
    if value is None:
        return "–"
    return _decimal(f"{value * 100:.{digits}f}", lang) + "\u00a0%"


def fmt_seconds(value: float | None, lang: str) -> str:
    if value is None:
        return "–"
    return f"{value:.0f}\u00a0{word('seconds_short', lang)}"


def fmt_value(indicator: str, value: float | int | None, lang: str) -> str:
    if indicator in ("offered", "answered", "abandoned"):
        return fmt_count(None if value is None else int(value), lang)
    if indicator.endswith("_seconds"):
        return fmt_seconds(value, lang)
    return fmt_rate(value, lang)


def fmt_target(indicator: str, target: float | None, lang: str, sl_seconds: float | None) -> str:
    """'≥ 80,0 % innen 60 s', '≤ 60 s' ..."""
    if target is None:
        return ""
    sign = "≤" if indicator in AT_MOST else "≥"
    text = f"{sign} {fmt_value(indicator, target, lang)}"
    if indicator == "service_level" and sl_seconds is not None:
        text += f" {word('within', lang)} {fmt_seconds(sl_seconds, lang)}"
    return text
