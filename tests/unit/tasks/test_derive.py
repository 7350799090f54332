"""Which task an encounter's codes and reason point at."""

from __future__ import annotations

import pytest

from tyonjako.tasks.catalogue import default_catalogue, derive_task

from .helpers import catalogue, task

CAT = catalogue(
    task(
        "crisis", "social_worker_only", indicators=(("code", "local:L04"), ("reason", "vakivalta"))
    ),
    task("housing", "counsellor", indicators=(("code", "ICD10:Z59"), ("reason", "asuminen"))),
    task("shelter", "either", indicators=(("code", "ICD10:Z59.0"), ("reason", "vakivalta"))),
    task("money", "counsellor", indicators=(("reason", "toimeentulo"),)),
)


@pytest.mark.parametrize(
    ("codes", "reason", "expected"),
    [
        ([], None, None),
        ([], "", None),
        (["ICD10:Z99"], "tuntematon", None),
        (["local:L04"], None, "crisis"),
        ([], "toimeentulo", "money"),
        (["local:L04"], "toimeentulo", "crisis"),  # a code beats a reason
        (["ICD10:Z59.0"], None, "housing"),  # Z59 covers Z59.0 and comes first
        (["ICD10:Z59.1"], None, "housing"),
        (["ICD10:Z590"], None, None),  # a prefix only counts up to a dot
        ([" icd10:z59.0 "], None, "housing"),  # case and spaces do not matter
        (["ICD10:Z59.0", "local:L04"], None, "crisis"),  # the catalogue order breaks ties
        ([], "vakivalta", "crisis"),
        ([], " Asuminen ", "housing"),
    ],
)
def test_derive_task(codes: list[str], reason: str | None, expected: str | None) -> None:
    assert derive_task(codes, reason, CAT) == expected


@pytest.mark.parametrize(
    ("codes", "reason", "profession", "expected"),
    [
        ([], "vakivalta", "counsellor", "shelter"),  # crisis is not the counsellor's
        ([], "vakivalta", "social_worker", "crisis"),
        (["local:L04"], "toimeentulo", "counsellor", "money"),  # an allowed reason wins
        (["local:L04"], None, "counsellor", "crisis"),  # nothing allowed: first match
        (["local:L04"], None, "service_secretary", "crisis"),
    ],
)
def test_derive_task_prefers_what_the_profession_may_do(
    codes: list[str], reason: str | None, profession: str, expected: str
) -> None:
    assert derive_task(codes, reason, CAT, profession=profession) == expected


def test_default_catalogue_derivations() -> None:
    catalogue = default_catalogue()
    assert derive_task(["ICD10:Z59.0"], None, catalogue) == "asumisen-ohjaus"
    assert derive_task(["local:L02"], "toimeentulo", catalogue) == "etuuksien-hakeminen"
    assert derive_task([], "toimeentulo", catalogue) == "toimeentulon-selvittely"
    assert derive_task([], "kotiutuminen", catalogue) == "kotiutumisen-suunnittelu"
    assert derive_task(["ICD10:Z65.4"], None, catalogue) == "kriisityo"
    assert derive_task([], "palveluohjaus", catalogue, profession="counsellor") == "palveluohjaus"
    assert derive_task(["ICD10:Z99.9"], None, catalogue) is None
