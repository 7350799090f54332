"""Display texts and value formatting shared by the XLSX and CSV exports.

``LABELS`` maps a group (a fixed breakdown of the encounter statistics, a sheet
name or a piece of document text) to a key and on to the text in Finnish,
Swedish and English.  Code lists (reasons, target groups, RS/ICD codes,
partners, referral sources and destinations) are *not* here: their labels come
from the caller, and a code without a label is shown as the code itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Final
from zoneinfo import ZoneInfo

from tyonjako.encounters.importing.values import band_label, band_of_code

LANGUAGES: Final = ("fi", "sv", "en")

Texts = dict[str, str]
LabelTable = dict[str, dict[str, Texts]]

LABELS: Final[LabelTable] = {
    "common": {
        "none": {"fi": "Ei kirjattu", "sv": "Ej registrerat", "en": "Not recorded"},
    },
    "contacts": {
        "visit": {"fi": "Käynnit", "sv": "Besök", "en": "Visits"},
        "phone": {"fi": "Puhelut", "sv": "Samtal", "en": "Phone calls"},
        "no_show": {
            "fi": "Peruuttamattomat käynnit",
            "sv": "Uteblivna besök",
            "en": "No-shows",
        },
        "home_visit": {"fi": "Kotikäynnit", "sv": "Hembesök", "en": "Home visits"},
        "remote": {"fi": "Etäasiointi", "sv": "Distanskontakter", "en": "Remote contacts"},
        "other": {"fi": "Muut", "sv": "Övriga", "en": "Other"},
        "consultation": {
            "fi": "Konsultaatiot (ilman asiakasta)",
            "sv": "Konsultationer (utan klient)",
            "en": "Consultations (without a client)",
        },
        "group": {
            "fi": "Ryhmätapaamiset (ilman asiakasta)",
            "sv": "Gruppträffar (utan klient)",
            "en": "Group sessions (without a client)",
        },
        "information": {
            "fi": "Infotilaisuudet (ilman asiakasta)",
            "sv": "Informationstillfällen (utan klient)",
            "en": "Information events (without a client)",
        },
        "total": {"fi": "Yhteensä", "sv": "Totalt", "en": "Total"},
    },
    "clients": {
        "clients": {"fi": "Asiakkaat", "sv": "Klienter", "en": "Clients"},
        "contacts_per_client": {
            "fi": "Yhteydenottoja asiakasta kohden",
            "sv": "Kontakter per klient",
            "en": "Contacts per client",
        },
    },
    "gender": {
        "female": {"fi": "Naiset", "sv": "Kvinnor", "en": "Women"},
        "male": {"fi": "Miehet", "sv": "Män", "en": "Men"},
        "other": {"fi": "Muu", "sv": "Annat", "en": "Other"},
        "unknown": {"fi": "Ei tiedossa", "sv": "Uppgift saknas", "en": "Not known"},
    },
    "age_groups": {
        "18_29": {"fi": "18–29-vuotiaat", "sv": "18–29 år", "en": "18–29 years"},
        "30_44": {"fi": "30–44-vuotiaat", "sv": "30–44 år", "en": "30–44 years"},
        "45_64": {"fi": "45–64-vuotiaat", "sv": "45–64 år", "en": "45–64 years"},
        "65_74": {"fi": "65–74-vuotiaat", "sv": "65–74 år", "en": "65–74 years"},
        "75_": {"fi": "75 vuotta täyttäneet", "sv": "75 år och äldre", "en": "75 years and over"},
        "unknown": {"fi": "Ei tiedossa", "sv": "Uppgift saknas", "en": "Not known"},
    },
    "employment": {
        "unemployed": {"fi": "Työttömät", "sv": "Arbetslösa", "en": "Unemployed"},
        "retired": {"fi": "Eläkeläiset", "sv": "Pensionärer", "en": "Retired"},
        "student": {"fi": "Opiskelijat", "sv": "Studerande", "en": "Students"},
        "employed": {"fi": "Työssä olevat", "sv": "I arbete", "en": "Employed"},
        "parental_leave": {
            "fi": "Vanhempainvapaalla",
            "sv": "Föräldralediga",
            "en": "On parental leave",
        },
        "sick_leave": {"fi": "Sairauslomalla", "sv": "Sjukskrivna", "en": "On sick leave"},
        "other": {"fi": "Muu", "sv": "Annat", "en": "Other"},
        "unknown": {"fi": "Ei tiedossa", "sv": "Uppgift saknas", "en": "Not known"},
    },
    "language": {
        "fi": {"fi": "Suomi", "sv": "Finska", "en": "Finnish"},
        "sv": {"fi": "Ruotsi", "sv": "Svenska", "en": "Swedish"},
        "other": {"fi": "Muu kieli", "sv": "Annat språk", "en": "Other language"},
    },
    "duration_bands": {
        "lt15": {"fi": "Alle 15 min", "sv": "Under 15 min", "en": "Under 15 min"},
        "15_29": {"fi": "15–29 min", "sv": "15–29 min", "en": "15–29 min"},
        "30_59": {"fi": "30–59 min", "sv": "30–59 min", "en": "30–59 min"},
        "60_89": {"fi": "60–89 min", "sv": "60–89 min", "en": "60–89 min"},
        "ge90": {"fi": "90 min tai yli", "sv": "90 min eller mer", "en": "90 min or more"},
        "unknown": {"fi": "Ei tiedossa", "sv": "Uppgift saknas", "en": "Not known"},
    },
    "provider": {
        "public": {"fi": "Julkinen", "sv": "Offentlig", "en": "Public"},
        "private": {"fi": "Yksityinen", "sv": "Privat", "en": "Private"},
        "unknown": {"fi": "Ei tiedossa", "sv": "Uppgift saknas", "en": "Not known"},
    },
    # Sheet names: at most 31 characters, none of []:*?/\ .
    "sheets": {
        "cover": {"fi": "Kansilehti", "sv": "Försättsblad", "en": "Cover"},
        "contacts": {"fi": "Yhteydenotot", "sv": "Kontakter", "en": "Contacts"},
        "clients": {"fi": "Asiakkaat", "sv": "Klienter", "en": "Clients"},
        "reasons": {"fi": "Asiointiperusteet", "sv": "Kontaktorsaker", "en": "Reasons"},
        "target_groups": {"fi": "Kohdejoukot", "sv": "Målgrupper", "en": "Target groups"},
        "codes": {"fi": "Koodit", "sv": "Koder", "en": "Codes"},
        "duration_bands": {"fi": "Kesto", "sv": "Tidsåtgång", "en": "Duration"},
        "partners": {"fi": "Yhteistyötahot", "sv": "Samarbetsparter", "en": "Partners"},
        "referrals": {"fi": "Ohjautuminen", "sv": "Hänvisningar", "en": "Referrals"},
        "provider": {"fi": "Palveluntuottaja", "sv": "Serviceproducent", "en": "Provider"},
    },
    # Sheet headings (row 1 of each topic sheet) and section headings.
    "headings": {
        "contacts": {
            "fi": "Yhteydenotot yhteydenottotavan mukaan",
            "sv": "Kontakter enligt kontaktsätt",
            "en": "Contacts by type of contact",
        },
        "clients": {
            "fi": "Asiakkaat ja asiakasprofiilit",
            "sv": "Klienter och klientprofiler",
            "en": "Clients and client profiles",
        },
        "reasons": {
            "fi": "Asiointiperuste sosiaaliohjaajan tapaamiseen",
            "sv": "Orsak till kontakt med socialhandledaren",
            "en": "Reason for contacting the social counsellor",
        },
        "target_groups": {"fi": "Kohdejoukko", "sv": "Målgrupp", "en": "Target group"},
        "codes": {
            "fi": "Kirjatut koodit (RS-koodit ja diagnoosit)",
            "sv": "Registrerade koder (RS-koder och diagnoser)",
            "en": "Recorded codes (RS codes and diagnoses)",
        },
        "duration_bands": {
            "fi": "Tapaamisen kesto",
            "sv": "Mötets längd",
            "en": "Duration of contact",
        },
        "partners": {
            "fi": "Yhteistyötahot",
            "sv": "Samarbetsparter",
            "en": "Cooperation partners",
        },
        "referrals": {
            "fi": "Ohjautuminen sosiaaliohjaukseen ja eteenpäin",
            "sv": "Hänvisning till socialhandledning och vidare",
            "en": "Referrals to social counselling and onward",
        },
        "provider": {
            "fi": "Palveluntuottaja (julkinen tai yksityinen)",
            "sv": "Serviceproducent (offentlig eller privat)",
            "en": "Service provider (public or private)",
        },
        "gender": {"fi": "Sukupuoli", "sv": "Kön", "en": "Gender"},
        "age_groups": {"fi": "Ikäryhmä", "sv": "Åldersgrupp", "en": "Age group"},
        "employment": {
            "fi": "Työmarkkina-asema",
            "sv": "Ställning på arbetsmarknaden",
            "en": "Employment status",
        },
        "language": {"fi": "Asiointikieli", "sv": "Kontaktspråk", "en": "Language of service"},
        "referred_by": {
            "fi": "Mistä asiakas ohjautui sosiaaliohjaajalle",
            "sv": "Varifrån klienten hänvisades till socialhandledaren",
            "en": "Who referred the client to the social counsellor",
        },
        "referred_to": {
            "fi": "Mihin sosiaaliohjaaja ohjasi asiakkaan eteenpäin",
            "sv": "Vart socialhandledaren hänvisade klienten vidare",
            "en": "Where the social counsellor referred the client onward",
        },
        "flows": {
            "fi": "Ohjautumisreitit: ohjaava taho → jatko-ohjaus",
            "sv": "Hänvisningsvägar: hänvisande instans → vidare hänvisning",
            "en": "Referral paths: referred by → referred onward to",
        },
    },
    # Column headers and other document text.
    "text": {
        "all_time": {
            "fi": "koko aika (ajanjaksoa ei rajattu)",
            "sv": "hela tiden (ingen period angiven)",
            "en": "all time (no period given)",
        },
        "contact_type": {"fi": "Yhteydenottotapa", "sv": "Kontaktsätt", "en": "Type of contact"},
        "item": {"fi": "Tieto", "sv": "Uppgift", "en": "Item"},
        "duration": {"fi": "Kesto", "sv": "Längd", "en": "Duration"},
        "provider": {"fi": "Palveluntuottaja", "sv": "Serviceproducent", "en": "Provider"},
        "code": {"fi": "Koodi", "sv": "Kod", "en": "Code"},
        "description": {"fi": "Selite", "sv": "Beskrivning", "en": "Description"},
        "source": {"fi": "Ohjaava taho", "sv": "Hänvisande instans", "en": "Referred by"},
        "destination": {"fi": "Jatko-ohjaus", "sv": "Vidare hänvisning", "en": "Referred to"},
        "unit": {"fi": "Yksikkö", "sv": "Enhet", "en": "Unit"},
        "unit_code": {"fi": "Yksikön tunnus", "sv": "Enhetskod", "en": "Unit code"},
        "period": {"fi": "Ajanjakso", "sv": "Period", "en": "Period"},
        "units": {
            "fi": "Yksiköt ja ajanjaksot",
            "sv": "Enheter och perioder",
            "en": "Units and periods",
        },
        "generated": {"fi": "Laadittu", "sv": "Uppgjord", "en": "Generated"},
        "contents": {"fi": "Sisältö", "sv": "Innehåll", "en": "Contents"},
        "no_data": {"fi": "Ei tietoja.", "sv": "Inga uppgifter.", "en": "No data."},
        "sources": {"fi": "Luvut: Työnjako", "sv": "Källa: Työnjako", "en": "Source: Työnjako"},
        "suppression": {
            "fi": (
                "Tietosuoja: alle {threshold} tapauksen luvut on peitetty, ja ne näytetään "
                "merkinnällä <{threshold}. Peitetty suhdeluku näytetään merkinnällä .."
            ),
            "sv": (
                "Dataskydd: tal som gäller färre än {threshold} fall har dolts och visas "
                "som <{threshold}. Ett dolt relationstal visas som .."
            ),
            "en": (
                "Data protection: counts below {threshold} have been suppressed and are "
                "shown as <{threshold}. A suppressed ratio is shown as .."
            ),
        },
        "suppression_short": {
            "fi": "<{threshold} = alle {threshold}, peitetty tietosuojan vuoksi",
            "sv": "<{threshold} = färre än {threshold}, dolt av dataskyddsskäl",
            "en": "<{threshold} = fewer than {threshold}, suppressed for data protection",
        },
        "protected_short": {
            "fi": "x = peitetty, jotta viereistä pientä lukua ei voisi päätellä; voi olla suuri",
            "sv": "x = dolt så att ett litet tal bredvid inte kan räknas ut; kan vara stort",
            "en": "x = hidden so that a small count beside it cannot be worked out; may be large",
        },
        "page": {"fi": "Sivu &P / &N", "sv": "Sida &P av &N", "en": "Page &P of &N"},
        "until": {"fi": "{date} saakka", "sv": "t.o.m. {date}", "en": "up to {date}"},
        "at": {"fi": "{date} klo {time}", "sv": "{date} kl. {time}", "en": "{date} at {time}"},
    },
}

#: Every section of the encounter statistics, in the order the page, the JSON, the
#: CSV and the XLSX show them — the one list (re-exported by tyonjako.reports.encounters).
SECTIONS: Final = (
    "contacts",
    "clients",
    "gender",
    "age_groups",
    "employment",
    "language",
    "reasons",
    "target_groups",
    "codes",
    "duration_bands",
    "partners",
    "referred_by",
    "referred_to",
    "flows",
    "provider",
)

#: The XLSX sheet each section is shown on, for every section of SECTIONS (sections
#: that share a sheet follow each other on it); the workbook's sheets come in the order
#: of SECTIONS, so a new section needs its place here.
XLSX_SHEET_OF: Final[Mapping[str, str]] = {
    "contacts": "contacts",
    "clients": "clients",
    "gender": "clients",
    "age_groups": "clients",
    "employment": "clients",
    "language": "clients",
    "reasons": "reasons",
    "target_groups": "target_groups",
    "codes": "codes",
    "duration_bands": "duration_bands",
    "partners": "partners",
    "referred_by": "referrals",
    "referred_to": "referrals",
    "flows": "referrals",
    "provider": "provider",
}


def xlsx_sheets() -> list[str]:
    """The XLSX's topic sheets, in the order of SECTIONS."""
    return list(dict.fromkeys(XLSX_SHEET_OF[section] for section in SECTIONS))


#: Order of the rows of each fixed breakdown (the keys of ``LABELS[group]``).
FIXED_GROUPS: Final = (
    "contacts",
    "gender",
    "age_groups",
    "employment",
    "language",
    "duration_bands",
    "provider",
)

#: The code lists whose labels the caller passes in.
CODE_LISTS: Final = (
    "reasons",
    "target_groups",
    "codes",
    "partners",
    "referred_by",
    "referred_to",
)

#: Rows of a fixed breakdown shown only when some report counts them (not as zeros).
SHOWN_WHEN_PRESENT: Final = {"contacts": ("consultation", "group", "information")}

HIDDEN_RATIO: Final = ".."
_EN_MONTHS: Final = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip
_LOCAL_TZ: Final = ZoneInfo("Europe/Helsinki")

CodeLabels = Mapping[str, Mapping[str, Mapping[str, str]]]


def check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    return language


def text(group: str, key: str, language: str) -> str:
    """The ``LABELS`` text, falling back to Finnish and then to the key."""
    texts = LABELS.get(group, {}).get(key)
    if not texts and group == "duration_bands":  # the county's own bands
        band = band_of_code(key)
        return band_label(band, language) if band else key
    if not texts:
        return key
    return texts.get(language) or texts.get("fi") or key


def shown_code(code: str) -> str:
    """A code as its own column shows it: "none" (not recorded) is no code, so blank."""
    return "" if code == "none" else code


def code_label(labels: CodeLabels, list_name: str, code: str, language: str) -> str:
    """The caller's label of a code, falling back to Finnish and then to the code.

    "none" (not recorded) is never shown as the code: it has its own text."""
    texts = labels.get(list_name, {}).get(code)
    if not texts:
        return text("common", "none", language) if code == "none" else code
    return texts.get(language) or texts.get("fi") or code


def unit_name(report: Mapping[str, Any], language: str) -> str:
    names = report.get("unit_name") or {}
    if isinstance(names, str):
        return names
    return str(names.get(language) or names.get("fi") or report.get("unit") or "")


def _as_date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def format_date(value: dt.date, language: str) -> str:
    """31.12.2023 in Finnish and Swedish, 31 Dec 2023 in English."""
    if language == "en":
        return f"{value.day} {_EN_MONTHS[value.month - 1]} {value.year}"
    return f"{value.day}.{value.month}.{value.year}"


def format_period(report: Mapping[str, Any], language: str) -> str:
    """ "1.3.2023–31.10.2023", or "31.10.2023 saakka" for a cut-off (no start)."""
    start = _as_date(report.get("from"))
    end = _as_date(report.get("to"))
    if start is None and end is None:
        return text("text", "all_time", language)  # said, never left blank
    if start is None:
        assert end is not None
        return text("text", "until", language).format(date=format_date(end, language))
    if end is None:
        return format_date(start, language) + "–"
    separator = " – " if language == "en" else "–"
    return format_date(start, language) + separator + format_date(end, language)


def format_generated(value: dt.datetime, language: str) -> str:
    """ "31.12.2023 klo 14.30", "31.12.2023 kl. 14.30", "31 Dec 2023 at 14:30".

    An aware datetime is shown in Finnish time (Europe/Helsinki); a naive one as is.
    """
    if value.tzinfo is not None:
        value = value.astimezone(_LOCAL_TZ)
    if language == "en":
        time = f"{value.hour:02d}:{value.minute:02d}"
    else:
        time = f"{value.hour}.{value.minute:02d}"
    return text("text", "at", language).format(date=format_date(value.date(), language), time=time)


def hidden_marker(report: Mapping[str, Any]) -> str:
    return f"<{report.get('threshold') or 5}"


def is_suppressed(report: Mapping[str, Any]) -> bool:
    return bool(report.get("suppressed"))


def union_keys(reports: Sequence[Mapping[str, Any]], section: str) -> list[str]:
    """The keys of one code-list section over all reports, in first-seen order."""
    seen: dict[str, None] = {}
    for report in reports:
        for key in report.get(section) or {}:
            seen.setdefault(str(key), None)
    return list(seen)


def fixed_keys(reports: Sequence[Mapping[str, Any]], group: str) -> list[str]:
    """The keys of a fixed breakdown: the ``LABELS`` order, then any unknown keys."""
    # The duration bands are the county's (the report lists every one, in order).
    keys = [] if group == "duration_bands" else list(LABELS[group])
    for key in union_keys(reports, group):
        if key not in keys:
            keys.append(key)
    # Work without a client is shown only where some report has it.
    optional = SHOWN_WHEN_PRESENT.get(group, ())
    return [
        key
        for key in keys
        if key not in optional
        or any(section_count(r, group, key) not in (0, NOT_IN_TABLE) for r in reports)
    ]


def flow_pairs(reports: list[Mapping[str, Any]]) -> list[tuple[str, str]]:
    seen: dict[tuple[str, str], None] = {}
    for report in reports:
        for flow in report.get("flows") or []:
            seen.setdefault((str(flow.get("from")), str(flow.get("to"))), None)
    return list(seen)


def flow_count(report: Mapping[str, Any], pair: tuple[str, str]) -> Any:
    """The count of one source → destination pair; 0 when the report lacks the pair."""
    total: Any = 0
    for flow in report.get("flows") or []:
        if (str(flow.get("from")), str(flow.get("to"))) == pair:
            count = flow.get("count")
            if count is None:
                return None
            total += count
    return total


#: A section a pre-counted table does not give (`encounters.precounted`): never 0.
NOT_IN_TABLE: Final = "–"

#: How a pre-counted table is marked beside its site's name.
PRECOUNTED_MARK: Final = {
    "fi": "valmiiksi laskettu taulukko",
    "sv": "färdigt räknad tabell",
    "en": "pre-counted table",
}


def column_label(report: Mapping[str, Any], language: str = "fi") -> str:
    """A report's column heading: the unit's code, or a pre-counted table's site, marked."""
    if report.get("precounted"):
        site = report["precounted"]["site"]
        return f"{site} ({PRECOUNTED_MARK.get(language, PRECOUNTED_MARK['fi'])})"
    return str(report.get("unit") or "")


def section_count(report: Mapping[str, Any], section: str, key: str) -> Any:
    """A count of one section; 0 when the report lacks the key (or the section), and
    NOT_IN_TABLE for a section that a pre-counted table does not give."""
    precounted = report.get("precounted")
    if precounted and section not in precounted["sections"]:
        return NOT_IN_TABLE
    values = report.get(section) or {}
    return values.get(key, 0)
