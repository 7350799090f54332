"""The task catalogue as plain, frozen values: tasks, who may do them, job descriptions.

No Django here: the catalogue is read from YAML and the rules in `rules.py`
work on these values, so both are tested without a database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

# The professions are defined once, in common/professions.py.
from tyonjako.common.professions import ALL_PROFESSIONS
from tyonjako.common.professions import COUNSELLOR as COUNSELLOR
from tyonjako.common.professions import LEAD_SOCIAL_WORKER as LEAD_SOCIAL_WORKER
from tyonjako.common.professions import OTHER as OTHER
from tyonjako.common.professions import PROFESSIONS as DIVIDED_BETWEEN
from tyonjako.common.professions import SERVICE_SECRETARY as SERVICE_SECRETARY
from tyonjako.common.professions import SOCIAL_WORKER as SOCIAL_WORKER

LANGUAGES = ("fi", "sv", "en")

#: Professions as `tyonjako.organisation.choices.Profession` spells them.
PROFESSIONS = ALL_PROFESSIONS
#: Professions that have job descriptions in the catalogue: those work is divided between.
DESCRIBED_PROFESSIONS = DIVIDED_BETWEEN

#: Who a task belongs to.
WHO_VALUES = ("social_worker_only", "counsellor", "either", "service_secretary", "other")
#: Why the law keeps a task from anyone but a social worker ("" = not reserved).
RESERVED_VALUES = ("", "licensed_social_worker", "public_office")
INDICATOR_KINDS = ("code", "reason")


@dataclass(frozen=True)
class Texts:
    """One text in Finnish, Swedish and English. English may be missing."""

    fi: str = ""
    sv: str = ""
    en: str = ""

    def get(self, language: str) -> str:
        """The text in `language`, else Finnish (the record language)."""
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}; use one of {', '.join(LANGUAGES)}")
        return str(getattr(self, language)) or self.fi

    def __bool__(self) -> bool:
        return bool(self.fi or self.sv or self.en)


@dataclass(frozen=True)
class Indicator:
    """A code (`ICD10:Z59.0`, `local:L02`) or a reason (`toimeentulo`) pointing at a task."""

    kind: Literal["code", "reason"]
    value: str


@dataclass(frozen=True)
class Task:
    code: str
    names: Texts
    descriptions: Texts
    category: str
    who: str
    reserved: str = ""
    legal_basis: Texts = field(default_factory=Texts)
    typical_minutes: int | None = None
    indicators: tuple[Indicator, ...] = ()


@dataclass(frozen=True)
class Category:
    key: str
    names: Texts


@dataclass(frozen=True)
class JobDescription:
    """One version of a profession's job description (tehtävänkuva / arbetsbeskrivning).

    `unit` is a unit code, or "" for a description that holds in every unit.
    """

    profession: str
    unit: str
    version: int
    effective_from: dt.date
    task_codes: frozenset[str]
    notes: Texts = field(default_factory=Texts)


@dataclass(frozen=True)
class Catalogue:
    key: str
    version: int
    names: Texts
    categories: tuple[Category, ...]
    tasks: Mapping[str, Task]  # in the file's order, which breaks ties
    descriptions: Texts = field(default_factory=Texts)
    job_descriptions: tuple[JobDescription, ...] = ()

    def task(self, code: str) -> Task | None:
        return self.tasks.get(code)

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        """Picklable (an import's parsing process derives tasks) although its tasks are
        a read-only view."""
        return _rebuild_catalogue, (
            self.key,
            self.version,
            self.names,
            self.categories,
            dict(self.tasks),
            self.descriptions,
            self.job_descriptions,
        )

    def order(self, code: str) -> int:
        """The task's place in the catalogue; unknown codes sort last."""
        return _positions(self).get(code, len(self.tasks))


def _rebuild_catalogue(
    key: str,
    version: int,
    names: Texts,
    categories: tuple[Category, ...],
    tasks: dict[str, Task],
    descriptions: Texts,
    job_descriptions: tuple[JobDescription, ...],
) -> Catalogue:
    return Catalogue(
        key=key,
        version=version,
        names=names,
        categories=categories,
        tasks=MappingProxyType(tasks),
        descriptions=descriptions,
        job_descriptions=job_descriptions,
    )


def _positions(catalogue: Catalogue) -> dict[str, int]:
    return {code: index for index, code in enumerate(catalogue.tasks)}
