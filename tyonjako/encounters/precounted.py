"""Pre-counted site tables: a site's published figures for a period (seed 001).

Seed 001 compares the sote centres of Hämeenlinna, Jyväskylä and Tampere with
tables their sites counted by hand: "1.4.–30.6.2018: käynnit 30, puhelut 6,
peruuttamattomat käynnit 2, muut 1, yht. 39; naisia 8, miehiä 7 …". Such a table
holds aggregates only — no client, no encounter — and is kept apart from what
Työnjako counts: it is entered from a file, shown beside counted units in the
comparison, and marked as pre-counted wherever it appears, with its source.

This module is pure: it reads and checks a table file and shapes a stored
table as a report of the encounter statistics (the same sections, so the page,
the JSON, the CSV and the XLSX show it like any unit). A section the table does
not give is shown as "–" (not in the table), never as 0.

File format (YAML)::

    tables:
      - unit: HML-SOTE            # the unit of the organisation that holds it
        site: Hämeenlinna         # the name the published table uses
        from: 1.4.2018
        to: 30.6.2018
        source: "Sosiaaliohjauksen kuvaus valinnanvapauskokeiluissa, 2018"
        contacts: {visit: 30, phone: 6, no_show: 2, home_visit: 1, total: 39}
        clients: 15
        gender: {female: 8, male: 7}
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Final

from django.utils.translation import gettext as _

from tyonjako.common.dates import parse_input_date
from tyonjako.common.yamlines import (
    YamlSyntaxError,
    duplicate_keys,
    key_line,
    line_of,
    load_with_lines,
    visible,
)

from .exports.labels import LABELS, NOT_IN_TABLE, PRECOUNTED_MARK

__all__ = ["NOT_IN_TABLE", "TableFileError", "TableSpec", "as_report", "parse_tables"]

#: The breakdowns a pre-counted table may give, each with the keys it may use.
GROUPS: Final = ("contacts", "gender", "employment", "age_groups", "language", "provider")

_FIELDS: Final = frozenset({"unit", "site", "from", "to", "source", "clients", *GROUPS})


def allowed_keys(group: str) -> list[str]:
    return [key for key in LABELS[group] if key != "total"]


@dataclass(frozen=True)
class TableSpec:
    """One table as read from a file, checked."""

    unit: str
    site: str
    start: dt.date
    end: dt.date
    source: str
    figures: dict[str, Any] = field(default_factory=dict)
    line: int = 0


class TableFileError(ValueError):
    """The file cannot be loaded; `problems` are (line, message) pairs, all of them."""

    def __init__(self, problems: list[tuple[int, str]]):
        self.problems = problems
        super().__init__("; ".join(f"line {line}: {message}" for line, message in problems))


def _date(value: Any) -> dt.date | None:
    try:
        return parse_input_date(value.isoformat() if isinstance(value, dt.date) else str(value))
    except (ValueError, TypeError):
        return None


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def parse_tables(text: str) -> list[TableSpec]:
    """Every table of a file, or `TableFileError` listing every problem with its line."""
    try:
        data = load_with_lines(text)
    except YamlSyntaxError as error:
        raise TableFileError([(error.line, _("The file is not valid YAML."))]) from None
    if not isinstance(data, dict) or not isinstance(data.get("tables"), list):
        raise TableFileError([(1, _("The file must have a list named “tables”."))])
    problems: list[tuple[int, str]] = []
    specs: list[TableSpec] = []
    seen: set[tuple[str, str, dt.date, dt.date]] = set()
    for entry in data["tables"]:
        if not isinstance(entry, dict):
            problems.append((0, _("Each table must be a mapping of its fields.")))
            continue
        before = len(problems)
        spec = _table(entry, problems)
        if spec is None or len(problems) > before:
            continue
        identity = (spec.unit, spec.site, spec.start, spec.end)
        if identity in seen:
            problems.append((spec.line, _("The same site and period is given twice.")))
            continue
        seen.add(identity)
        specs.append(spec)
    if problems:
        raise TableFileError(problems)
    if not specs:
        raise TableFileError([(1, _("The file has no tables."))])
    return specs


def _table(entry: dict[str, Any], problems: list[tuple[int, str]]) -> TableSpec | None:
    line = line_of(entry)
    for key, key_at in duplicate_keys(entry):
        problems.append((key_at, _("Field “%(field)s” is given twice.") % {"field": key}))
    for key in visible(entry):
        if key not in _FIELDS:
            problems.append(
                (key_line(entry, key), _("Unknown field “%(field)s”.") % {"field": key})
            )
    texts: dict[str, str] = {}
    for name in ("unit", "site", "source"):
        value = entry.get(name)
        if name == "site" and value is None:
            value = entry.get("unit")
        if not isinstance(value, str) or not value.strip():
            problems.append(
                (key_line(entry, name), _("Field “%(field)s” is required.") % {"field": name})
            )
        else:
            texts[name] = value.strip()
    start, end = _date(entry.get("from")), _date(entry.get("to"))
    if start is None or end is None:
        problems.append(
            (line, _("Fields “from” and “to” are required dates (31.12.2023 or 2023-12-31)."))
        )
    elif start > end:
        problems.append((key_line(entry, "to"), _("The period ends before it starts.")))
    figures: dict[str, Any] = {}
    if "contacts" not in entry:
        problems.append((line, _("Field “contacts” is required.")))
    for group in GROUPS:
        if group in entry:
            counts = _group(entry, group, problems)
            if counts is not None:
                figures[group] = counts
    if "clients" in entry:
        clients = _count(entry["clients"])
        if clients is None:
            problems.append((key_line(entry, "clients"), _("A count must be a whole number ≥ 0.")))
        else:
            figures["clients"] = clients
    if start is None or end is None or len(texts) < 3:
        return None
    return TableSpec(
        texts["unit"], texts["site"][:120], start, end, texts["source"][:300], figures, line
    )


def _group(
    entry: dict[str, Any], group: str, problems: list[tuple[int, str]]
) -> dict[str, int] | None:
    value, line = entry[group], key_line(entry, group)
    if not isinstance(value, dict):
        problems.append((line, _("“%(field)s” must map keys to counts.") % {"field": group}))
        return None
    allowed = allowed_keys(group)
    counts: dict[str, int] = {}
    for key, at in duplicate_keys(value):
        problems.append((at, _("Key “%(key)s” is given twice.") % {"key": key}))
    for key, raw in visible(value).items():
        count = _count(raw)
        if key not in allowed and not (group == "contacts" and key == "total"):
            problems.append(
                (
                    key_line(value, key),
                    _("“%(key)s” is not a key of “%(field)s” (use one of: %(keys)s).")
                    % {"key": key, "field": group, "keys": ", ".join(allowed)},
                )
            )
        elif count is None:
            problems.append((key_line(value, key), _("A count must be a whole number ≥ 0.")))
        else:
            counts[key] = count
    if group == "contacts" and "total" in counts:
        total = counts.pop("total")
        if total != sum(counts.values()):
            problems.append(
                (
                    key_line(value, "total"),
                    _("The total %(total)s is not the sum of the contacts (%(sum)s).")
                    % {"total": total, "sum": sum(counts.values())},
                )
            )
    return counts


def as_report(
    *,
    table_id: int,
    unit: str,
    site: str,
    start: dt.date,
    end: dt.date,
    source: str,
    figures: dict[str, Any],
) -> dict[str, Any]:
    """A stored table as a report of the encounter statistics (`encounters.stats`),
    before suppression. Sections it does not give are listed apart; the exports and
    the page show them as NOT_IN_TABLE."""
    given = [group for group in GROUPS if group in figures]
    contacts = dict(figures.get("contacts", {}))
    total = sum(contacts.values())
    clients = figures.get("clients")
    report: dict[str, Any] = {
        "unit": unit,
        "unit_name": {lang: f"{site} ({mark})" for lang, mark in PRECOUNTED_MARK.items()},
        "from": start.isoformat(),
        "to": end.isoformat(),
        "contacts": {**{key: 0 for key in allowed_keys("contacts")}, **contacts, "total": total},
        "clients": clients if clients is not None else 0,
        "contacts_per_client": round(total / clients, 2) if clients else None,
        "suppressed": False,
        "threshold": None,
        "precounted": {
            "id": table_id,
            "site": site,
            "source": source,
            "sections": [*given, *(["clients"] if clients is not None else [])],
        },
    }
    for group in GROUPS[1:]:
        report[group] = (
            {**{key: 0 for key in allowed_keys(group)}, **figures[group]}
            if group in figures
            else {}
        )
    for name in (
        "reasons",
        "target_groups",
        "codes",
        "partners",
        "referred_by",
        "referred_to",
        "duration_bands",
    ):
        report[name] = {}
    report["flows"] = []
    return report


def finish_report(report: dict[str, Any]) -> dict[str, Any]:
    """After suppression: what the table does not give reads NOT_IN_TABLE."""
    given = report["precounted"]["sections"]
    if "clients" not in given:
        report["clients"] = NOT_IN_TABLE
        report["contacts_per_client"] = None
    return report


def given(report: Any, section: str) -> bool:
    """Whether a report gives a section (a counted report gives every one)."""
    precounted = report.get("precounted") if hasattr(report, "get") else None
    return not precounted or section in precounted["sections"]
