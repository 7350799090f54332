"""Cell values of an encounter export: aliases and parsers.

Every parser takes what a reader produced (text, or a number / date / datetime
from a spreadsheet) and returns the canonical value, or raises
:class:`ValueError` with a message meant for the person fixing the file.
Messages echo the offending value through :func:`show`, which never prints
anything shaped like a personal identity code.

Aliases are matched case-insensitively after trimming; Finnish (fi) and
Swedish (sv) words are accepted beside the canonical English codes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from itertools import pairwise
from typing import NamedTuple

from tyonjako.common.dates import parse_date
from tyonjako.common.pseudonym import looks_like_hetu

from .errors import Problem

Parser = Callable[..., object]

# --------------------------------------------------------------------------- text


def text(value: object) -> str:
    """A cell as trimmed text. Whole floats from spreadsheets lose their ".0"."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def fold(value: str) -> str:
    """The key aliases are looked up by: trimmed, case-folded, inner spaces collapsed."""
    return " ".join(value.casefold().split())


def show(value: object, limit: int = 60) -> str:
    """A value quoted for an error message, without ever echoing an identity code."""
    raw = text(value)
    if looks_like_hetu(raw) or _HETU_INSIDE.search(raw):
        return "(a value shaped like a personal identity code, not shown)"
    if len(raw) > limit:
        raw = raw[:limit] + "…"
    return repr(raw)


_HETU_INSIDE = re.compile(r"\d{6}[-+A-FU-Y]\d{3}[0-9A-Z]", re.IGNORECASE)


# ------------------------------------------------------------------------ aliases


def _aliases(table: Mapping[str, Sequence[str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for canonical, words in table.items():
        out[fold(canonical)] = canonical
        for word in words:
            out[fold(word)] = canonical
    return out


CONTACT_TYPES = (
    "visit",
    "phone",
    "no_show",
    "home_visit",
    "remote",
    "other",
    "consultation",
    "group",
    "information",
)
#: The contact types a row may have without a client (no client or hetu cell).
CLIENTLESS_CONTACT_TYPES = frozenset({"consultation", "group", "information"})
CONTACT_TYPE_ALIASES = _aliases(
    {
        "visit": ["käynti", "besök", "vastaanotto"],
        "phone": ["puhelu", "samtal", "puhelinkontakti"],
        "no_show": [
            "peruuttamaton",
            "uteblivet",
            "peruuttamaton käynti",
            "uteblivet besök",
            "no-show",
            "no show",
        ],
        "home_visit": ["kotikäynti", "hembesök", "home visit"],
        "remote": ["etä", "etäkäynti", "etäasiointi", "distans", "distanskontakt", "video"],
        "other": ["muu", "annat", "muu yhteydenotto"],
        "consultation": ["konsultaatio", "konsultation", "konsultointi"],
        "group": ["ryhmä", "ryhmätapaaminen", "grupp", "gruppträff", "group session"],
        "information": [
            "info",
            "infotilaisuus",
            "tiedotustilaisuus",
            "informationstillfälle",
            "information event",
        ],
    }
)

GENDERS = ("female", "male", "other", "unknown")
# NB: "m" is mies (Finnish) = man (Swedish) = male, and "n" is nainen = female;
# "k" is kvinna (Swedish) = female. Nothing here reads "m" as anything else.
GENDER_ALIASES = _aliases(
    {
        "female": ["nainen", "n", "kvinna", "k"],
        "male": ["mies", "m", "man"],
        "other": ["muu", "annat"],
        "unknown": ["", "tuntematon", "okänd", "ei tiedossa"],
    }
)

LANGUAGES = ("fi", "sv", "other")
LANGUAGE_ALIASES = _aliases(
    {
        "fi": ["suomi", "finska", "finnish", "fin"],
        "sv": ["ruotsi", "svenska", "swedish", "swe"],
        "other": ["muu", "annat"],
    }
)

EMPLOYMENTS = (
    "unemployed",
    "retired",
    "student",
    "employed",
    "parental_leave",
    "sick_leave",
    "other",
)
EMPLOYMENT_ALIASES = _aliases(
    {
        "unemployed": ["työtön", "arbetslös"],
        "retired": ["eläkeläinen", "pensionär", "eläkkeellä"],
        "student": ["opiskelija", "studerande"],
        "employed": ["työssä", "työssäkäyvä", "i arbete", "anställd"],
        "parental_leave": ["vanhempainvapaa", "föräldraledig", "perhevapaa"],
        "sick_leave": ["sairausloma", "sjukledig", "sjukskriven"],
        "other": ["muu", "annat"],
    }
)

PROVIDERS = ("public", "private")
PROVIDER_ALIASES = _aliases(
    {"public": ["julkinen", "offentlig"], "private": ["yksityinen", "privat"]}
)

CONSENT_ALIASES: dict[str, bool] = {
    **{fold(w): True for w in ("yes", "kyllä", "k", "ja", "x", "1", "true")},
    **{fold(w): False for w in ("no", "ei", "nej", "0", "false", "")},
}


def _lookup(value: object, aliases: Mapping[str, str], what: str, allowed: Sequence[str]) -> str:
    key = fold(text(value))
    try:
        return aliases[key]
    except KeyError:
        raise Problem(
            "unknown_choice", what=what, value=show(value), allowed=", ".join(allowed)
        ) from None


def parse_contact_type(value: object) -> str:
    if not text(value):
        raise Problem("contact_type_required")
    return _lookup(value, CONTACT_TYPE_ALIASES, "contact type", CONTACT_TYPES)


def parse_gender(value: object) -> str:
    """Empty means ``unknown``. "m" is mies/man = male, never anything else."""
    return _lookup(value, GENDER_ALIASES, "gender", GENDERS)


def parse_language(value: object) -> str | None:
    """fi / sv; any other non-empty language is ``other``; empty is ``None``."""
    raw = text(value)
    if not raw:
        return None
    return LANGUAGE_ALIASES.get(fold(raw), "other")


def parse_employment(value: object) -> str | None:
    if not text(value):
        return None
    return _lookup(value, EMPLOYMENT_ALIASES, "employment status", EMPLOYMENTS)


def parse_provider(value: object) -> str | None:
    if not text(value):
        return None
    return _lookup(value, PROVIDER_ALIASES, "provider", PROVIDERS)


def parse_consent(value: object) -> bool:
    """kyllä/k/ja/x/1/true/yes → True; ei/nej/0/false/no and an empty cell → False."""
    if isinstance(value, bool):
        return value
    key = fold(text(value))
    try:
        return CONSENT_ALIASES[key]
    except KeyError:
        raise Problem("not_consent", value=show(value)) from None


# -------------------------------------------------------------------------- dates

_TIME = re.compile(r"^(?:klo\s*)?(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:\.\d+)?)?$", re.IGNORECASE)


def parse_date_time(value: object, today: dt.date | None = None) -> tuple[dt.date, dt.time | None]:
    """A date with an optional time of day.

    Accepts a ``date`` or ``datetime`` cell, ``31.12.2023``, ``2023-12-31``,
    and either followed by a time: ``31.12.2023 14:30``, ``31.12.2023 klo 14.30``,
    ``2023-12-31T14:30``, ``2023-12-31 14:30:00``. A spreadsheet datetime at
    exactly midnight is taken as a date without a time. With ``today`` a date
    after it is refused.
    """
    day: dt.date
    clock: dt.time | None = None
    if isinstance(value, dt.datetime):
        day = value.date()
        clock = value.time().replace(microsecond=0, tzinfo=None)
        if clock == dt.time(0, 0):
            clock = None
    elif isinstance(value, dt.date):
        day = value
    else:
        raw = text(value)
        if not raw:
            raise Problem("date_required")
        date_part, sep, time_part = raw.replace("T", " ", 1).partition(" ")
        try:
            day = parse_date(date_part)
        except ValueError:
            raise Problem("not_a_date", value=show(value)) from None
        if sep:
            match = _TIME.match(time_part.strip())
            hour, minute, second = (
                (int(match.group(1)), int(match.group(2)), int(match.group(3) or 0))
                if match
                else (99, 0, 0)
            )
            if not (hour < 24 and minute < 60 and second < 60):
                raise Problem("not_a_time", value=show(time_part))
            clock = dt.time(hour, minute, second)
    if today is not None and day > today:
        raise Problem("future_date", date=day.strftime("%d.%m.%Y"))
    return day, clock


# ----------------------------------------------------------------------- numbers

MAX_MINUTES = 24 * 60


def _whole_number(value: object) -> int | None:
    """An integer from 45, 45.0, "45", "45,0", " 45.0 "; None if not a whole number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    raw = text(value).replace(",", ".").replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"[+-]?\d+", raw):
        return int(raw)
    if re.fullmatch(r"[+-]?\d+\.\d*", raw):
        number = float(raw)
        return int(number) if number.is_integer() else None
    return None


def parse_duration(value: object) -> int | None:
    """Minutes, a whole number 0..1440; an empty cell is ``None``.

    Also accepts a spreadsheet duration cell (``timedelta``) of whole minutes.
    """
    if isinstance(value, dt.timedelta):
        seconds = value.total_seconds()
        minutes = int(seconds // 60) if seconds % 60 == 0 else None
    else:
        if not text(value):
            return None
        minutes = _whole_number(value)
    if minutes is None:
        raise Problem("not_minutes", value=show(value))
    if not 0 <= minutes <= MAX_MINUTES:
        raise Problem("duration_range", max=MAX_MINUTES, minutes=minutes)
    return minutes


def parse_birth_year(value: object, today: dt.date) -> int | None:
    if not text(value):
        return None
    year = _whole_number(value)
    if year is None:
        raise Problem("not_a_year", value=show(value))
    if not 1900 <= year <= today.year:
        raise Problem("birth_year_range", max=today.year, year=year)
    return year


# ------------------------------------------------------------------ duration bands


class Band(NamedTuple):
    """Minutes ``lower <= m < upper``; ``upper=None`` is open-ended."""

    code: str
    lower: int
    upper: int | None


DEFAULT_BANDS: tuple[Band, ...] = (
    Band("lt15", 0, 15),
    Band("15_29", 15, 30),
    Band("30_59", 30, 60),
    Band("60_89", 60, 90),
    Band("ge90", 90, None),
)


def check_bands(bands: Sequence[Band | tuple[str, int, int | None]]) -> tuple[Band, ...]:
    """Bands must start at 0, be contiguous and ascending, and end open-ended."""
    result = tuple(Band(*band) for band in bands)
    if not result:
        raise ValueError("at least one duration band is needed")
    expected = 0
    for band in result[:-1]:
        if band.lower != expected or band.upper is None or band.upper <= band.lower:
            raise ValueError(f"duration bands must be contiguous from 0: {band.code}")
        expected = band.upper
    last = result[-1]
    if last.lower != expected or last.upper is not None:
        raise ValueError(f"the last duration band must start at {expected} and be open-ended")
    if len({band.code for band in result}) != len(result):
        raise ValueError("duration band codes must be unique")
    return result


def bands_from_bounds(bounds: Sequence[int]) -> tuple[Band, ...]:
    """The bands between ascending minute bounds, e.g. (15, 30, 60, 90) → the default
    bands: "lt15", "15_29", "30_59", "60_89", "ge90" (codes made from the bounds)."""
    if not bounds:
        raise ValueError("at least one duration band bound is needed")
    if any(b <= 0 for b in bounds) or list(bounds) != sorted(set(bounds)):
        raise ValueError("duration band bounds must be ascending whole minutes above 0")
    edges = [0, *bounds]
    bands = [
        Band(f"lt{upper}" if lower == 0 else f"{lower}_{upper - 1}", lower, upper)
        for lower, upper in pairwise(edges)
    ]
    bands.append(Band(f"ge{bounds[-1]}", bounds[-1], None))
    return check_bands(bands)


_BAND_WORDS = {
    "fi": ("Alle {m} min", "{m} min tai yli"),
    "sv": ("Under {m} min", "{m} min eller mer"),
    "en": ("Under {m} min", "{m} min or more"),
}


def band_label(band: Band, language: str) -> str:
    """A band in words: "Alle 15 min", "15–29 min", "90 min tai yli" (fi, sv, en)."""
    under, over = _BAND_WORDS.get(language, _BAND_WORDS["fi"])
    if band.upper is None:
        return over.format(m=band.lower)
    if band.lower == 0:
        return under.format(m=band.upper)
    return f"{band.lower}–{band.upper - 1} min"


def band_of_code(code: str) -> Band | None:
    """The band a code made by `bands_from_bounds` stands for ("lt15", "15_29", "ge90")."""
    if match := re.fullmatch(r"lt(\d+)", code):
        return Band(code, 0, int(match[1]))
    if match := re.fullmatch(r"ge(\d+)", code):
        return Band(code, int(match[1]), None)
    if match := re.fullmatch(r"(\d+)_(\d+)", code):
        return Band(code, int(match[1]), int(match[2]) + 1)
    return None


def parse_band(value: object, bands: Sequence[Band] = DEFAULT_BANDS) -> str | None:
    """A duration band given as its code ("15_29") or its label in Finnish, Swedish or
    English ("15–29 min", "alle 15 min"); case, spaces and the kind of dash do not matter."""
    raw = text(value)
    if not raw:
        return None

    def squeeze(s: str) -> str:
        return re.sub(r"\s+", "", s.lower().replace("\u2013", "-").replace("\u2014", "-"))

    wanted = squeeze(raw)
    for band in bands:
        names = {band.code, *(band_label(band, language) for language in _BAND_WORDS)}
        if wanted in {squeeze(name) for name in names}:
            return band.code
    known = ", ".join(band.code for band in bands)
    raise Problem("unknown_band", value=show(value), known=known)


def duration_band(minutes: int, bands: Sequence[Band] = DEFAULT_BANDS) -> str:
    """The code of the band that holds ``minutes``."""
    if minutes < 0:
        raise ValueError(f"negative duration: {minutes}")
    for band in bands:
        if band.lower <= minutes and (band.upper is None or minutes < band.upper):
            return band.code
    raise ValueError(f"no duration band holds {minutes} minutes")


# ---------------------------------------------------------------------- code lists

CODE_SYSTEM = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,31}$")


def split_list(value: object, separator: str) -> tuple[str, ...]:
    """Split a list cell; items are trimmed, empty items and repeats dropped."""
    raw = text(value)
    if not raw:
        return ()
    seen: dict[str, None] = {}
    for item in raw.split(separator):
        item = item.strip()
        if item:
            seen.setdefault(item, None)
    return tuple(seen)


def parse_code(item: str, default_system: str) -> tuple[str, str]:
    """``SYSTEM:CODE`` (``ICD10:Z59.0``, ``RS:RS123``) or a bare code in ``default_system``."""
    if ":" not in item:
        return default_system, item.strip()
    system, _, code = item.partition(":")
    system, code = system.strip(), code.strip()
    if not CODE_SYSTEM.match(system) or not code or ":" in code:
        raise Problem("not_a_code", value=show(item))
    return system, code
