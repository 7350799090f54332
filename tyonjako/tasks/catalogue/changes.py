"""What changed between two versions of job descriptions, in whole sentences.

Imported through `rules.py`; kept apart so that the wording stays in one place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from .model import COUNSELLOR, SERVICE_SECRETARY, SOCIAL_WORKER, Catalogue, JobDescription, Texts


@dataclass(frozen=True)
class Change:
    """A task added to or removed from one profession's job description."""

    kind: Literal["added", "removed"]
    task_code: str
    profession: str
    effective_from: dt.date
    task_names: Texts = field(default_factory=Texts)


@dataclass(frozen=True)
class Move:
    """A task removed from one profession and added to another on the same date."""

    task_code: str
    from_profession: str
    to_profession: str
    effective_from: dt.date
    task_names: Texts = field(default_factory=Texts)


def diff_descriptions(
    old: JobDescription | None, new: JobDescription, catalogue: Catalogue
) -> list[Change]:
    """Tasks added, then tasks removed, each in the catalogue's order.

    With no old version every task of the new one counts as added.
    """
    if old is not None and old.profession != new.profession:
        raise ValueError(f"cannot compare {old.profession} with {new.profession}")
    before = old.task_codes if old is not None else frozenset()
    added = sorted(new.task_codes - before, key=lambda code: (catalogue.order(code), code))
    removed = sorted(before - new.task_codes, key=lambda code: (catalogue.order(code), code))
    return [
        Change("added", code, new.profession, new.effective_from, _names(catalogue, code))
        for code in added
    ] + [
        Change("removed", code, new.profession, new.effective_from, _names(catalogue, code))
        for code in removed
    ]


def moves(
    old_by_profession: dict[str, JobDescription | None],
    new_by_profession: dict[str, JobDescription],
    catalogue: Catalogue,
) -> list[Move]:
    """Tasks removed from one profession and added to another at the same date.

    Ordered by the catalogue, then by the professions' names.
    """
    changes = [
        change
        for profession, new in sorted(new_by_profession.items())
        for change in diff_descriptions(old_by_profession.get(profession), new, catalogue)
    ]
    removed = [c for c in changes if c.kind == "removed"]
    added = [c for c in changes if c.kind == "added"]
    found = [
        Move(r.task_code, r.profession, a.profession, a.effective_from, r.task_names)
        for r in removed
        for a in added
        if (r.task_code, r.effective_from) == (a.task_code, a.effective_from)
        and r.profession != a.profession
    ]
    return sorted(
        found,
        key=lambda m: (
            catalogue.order(m.task_code),
            m.task_code,
            m.from_profession,
            m.to_profession,
        ),
    )


def _names(catalogue: Catalogue, code: str) -> Texts:
    task = catalogue.task(code)
    return task.names if task is not None else Texts(code, code, code)


# ---------------------------------------------------------------- wording

# Profession names in the grammatical forms the sentences need.
_FORMS: dict[str, dict[str, str]] = {
    SOCIAL_WORKER: {
        "fi_gen": "sosiaalityöntekijän",
        "fi_abl": "sosiaalityöntekijältä",
        "fi_all": "sosiaalityöntekijälle",
        "sv_def": "socialarbetaren",
        "sv_gen": "socialarbetarens",
        "en": "social worker",
    },
    COUNSELLOR: {
        "fi_gen": "sosiaaliohjaajan",
        "fi_abl": "sosiaaliohjaajalta",
        "fi_all": "sosiaaliohjaajalle",
        "sv_def": "socialhandledaren",
        "sv_gen": "socialhandledarens",
        "en": "counsellor",
    },
    SERVICE_SECRETARY: {
        "fi_gen": "palvelusihteerin",
        "fi_abl": "palvelusihteeriltä",
        "fi_all": "palvelusihteerille",
        "sv_def": "servicesekreteraren",
        "sv_gen": "servicesekreterarens",
        "en": "service secretary",
    },
}

_CHANGE_SENTENCES = {
    ("added", "fi"): "Lisättiin {fi_gen} tehtävänkuvaan {date}: {task}",
    ("added", "sv"): "Lades till i {sv_gen} arbetsbeskrivning {date}: {task}",
    ("added", "en"): "Added to the {en}'s job description from {date}: {task}",
    ("removed", "fi"): "Poistettiin {fi_gen} tehtävänkuvasta {date}: {task}",
    ("removed", "sv"): "Togs bort ur {sv_gen} arbetsbeskrivning {date}: {task}",
    ("removed", "en"): "Removed from the {en}'s job description from {date}: {task}",
}

_MOVE_SENTENCES = {
    "fi": "Siirtyi {from_fi_abl} {to_fi_all} {date}: {task}",
    "sv": "Flyttades från {from_sv_def} till {to_sv_def} {date}: {task}",
    "en": "Moved from {from_en} to {to_en} from {date}: {task}",
}


def format_date(day: dt.date) -> str:
    """1.5.2023 – the same in every language, as Finnish and Swedish users write it."""
    return f"{day.day}.{day.month}.{day.year}"


def describe_change(change: Change, language: str) -> str:
    template = _sentence(_CHANGE_SENTENCES, (change.kind, language), language)
    return template.format(
        **_forms(change.profession),
        date=format_date(change.effective_from),
        task=change.task_names.get(language),
    )


def describe_move(move: Move, language: str) -> str:
    template = _sentence(_MOVE_SENTENCES, language, language)
    forms = {f"from_{k}": v for k, v in _forms(move.from_profession).items()}
    forms |= {f"to_{k}": v for k, v in _forms(move.to_profession).items()}
    return template.format(
        **forms, date=format_date(move.effective_from), task=move.task_names.get(language)
    )


def _sentence(table: Mapping[Any, str], key: object, language: str) -> str:
    if key not in table:
        raise ValueError(f"unknown language {language!r}; use fi, sv or en")
    return table[key]


def _forms(profession: str) -> dict[str, str]:
    if profession not in _FORMS:
        raise ValueError(f"no job descriptions for profession {profession!r}")
    return _FORMS[profession]
