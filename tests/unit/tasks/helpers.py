"""Small catalogues built in code, so that each test shows the values it relies on."""

from __future__ import annotations

import datetime as dt

from tyonjako.tasks.catalogue import Catalogue, Indicator, JobDescription, Task, Texts

MINIMAL_YAML = """\
key: test
version: 1
names: {fi: Testi, sv: Test}
categories:
  - key: work
    names: {fi: Työ, sv: Arbete}
tasks:
  - code: guidance
    category: work
    who: counsellor
    names: {fi: Ohjaus, sv: Handledning}
"""


def task(
    code: str,
    who: str = "either",
    *,
    reserved: str = "",
    minutes: int | None = None,
    indicators: tuple[tuple[str, str], ...] = (),
) -> Task:
    return Task(
        code=code,
        names=Texts(f"{code} fi", f"{code} sv", f"{code} en"),
        descriptions=Texts(),
        category="work",
        who=who,
        reserved=reserved,
        legal_basis=Texts("laki", "lag", "act") if reserved else Texts(),
        typical_minutes=minutes,
        indicators=tuple(Indicator(kind, value) for kind, value in indicators),  # type: ignore[arg-type]
    )


def catalogue(*tasks: Task) -> Catalogue:
    return Catalogue(
        key="test",
        version=1,
        names=Texts("Testi", "Test"),
        categories=(),
        tasks={t.code: t for t in tasks},
    )


def job(
    profession: str,
    version: int,
    effective_from: dt.date,
    codes: set[str] | frozenset[str] = frozenset(),
    unit: str = "",
) -> JobDescription:
    return JobDescription(profession, unit, version, effective_from, frozenset(codes))
