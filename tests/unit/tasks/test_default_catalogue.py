"""The shipped catalogue loads cleanly and keeps its promises."""

from __future__ import annotations

import datetime as dt

from tyonjako.tasks.catalogue import (
    DEFAULT_CATALOGUE_PATH,
    default_catalogue,
    effective_description,
    load_catalogue,
    may_do,
)
from tyonjako.tasks.catalogue.model import DESCRIBED_PROFESSIONS, WHO_VALUES

EXAMPLES = DEFAULT_CATALOGUE_PATH.parents[2] / "encounters" / "codelists" / "examples"


def _example_values(name: str) -> set[str]:
    lines = (EXAMPLES / name).read_text(encoding="utf-8").splitlines()[1:]
    values = set()
    for line in lines:
        _, system, code, *_ = line.split(",")
        values.add(f"{system}:{code}" if system else code)
    return values


def test_the_default_catalogue_loads_with_its_key_and_version() -> None:
    catalogue = load_catalogue(DEFAULT_CATALOGUE_PATH)
    assert catalogue.key == "aikuissosiaalityo-ja-terveyssosiaalityo"
    assert catalogue.version == 1
    assert 25 <= len(catalogue.tasks) <= 30


def test_it_says_it_is_a_starting_point_in_every_language() -> None:
    descriptions = default_catalogue().descriptions
    assert "LÄHTÖKOHTA" in descriptions.fi
    assert "UTGÅNGSPUNKT" in descriptions.sv
    assert "STARTING POINT" in descriptions.en


def test_every_task_and_category_has_names_in_three_languages() -> None:
    catalogue = default_catalogue()
    for item in [*catalogue.tasks.values(), *catalogue.categories]:
        assert item.names.fi and item.names.sv and item.names.en, item
    for task in catalogue.tasks.values():
        assert task.descriptions.fi and task.descriptions.sv and task.descriptions.en, task.code
        assert task.typical_minutes, task.code


def test_every_reserved_task_is_social_worker_only_and_has_a_legal_basis() -> None:
    reserved = [t for t in default_catalogue().tasks.values() if t.reserved]
    assert {t.code for t in reserved} >= {
        "erityisen-tuen-palvelutarpeen-arviointi",
        "erityisen-tuen-paatokset",
    }
    for task in reserved:
        assert task.who == "social_worker_only", task.code
        assert task.legal_basis.fi and task.legal_basis.sv, task.code


def test_every_kind_of_who_is_used_and_every_category_has_tasks() -> None:
    catalogue = default_catalogue()
    assert {t.who for t in catalogue.tasks.values()} == set(WHO_VALUES)
    assert {c.key for c in catalogue.categories} == {t.category for t in catalogue.tasks.values()}


def test_indicators_use_values_from_the_example_code_lists() -> None:
    codes = _example_values("example-codes.csv")
    reasons = _example_values("example-reasons.csv")
    for task in default_catalogue().tasks.values():
        for indicator in task.indicators:
            known = codes if indicator.kind == "code" else reasons
            assert indicator.value in known, (task.code, indicator)


def test_no_code_or_reason_indicates_two_tasks() -> None:
    seen: dict[tuple[str, str], str] = {}
    for task in default_catalogue().tasks.values():
        for indicator in task.indicators:
            key = (indicator.kind, indicator.value)
            assert key not in seen, (key, seen.get(key), task.code)
            seen[key] = task.code


def test_job_descriptions_cover_the_pilot_dates() -> None:
    jobs = default_catalogue().job_descriptions
    before = dt.date(2023, 4, 30)
    after = dt.date(2023, 5, 1)
    for profession in DESCRIBED_PROFESSIONS:
        assert effective_description(jobs, profession, "", before) is not None, profession
    assert effective_description(jobs, "counsellor", "", after).version == 2  # type: ignore[union-attr]
    assert effective_description(jobs, "social_worker", "", after).version == 2  # type: ignore[union-attr]
    assert effective_description(jobs, "counsellor", "", dt.date(2023, 2, 28)) is None


def test_every_job_description_holds_only_tasks_its_profession_may_do() -> None:
    catalogue = default_catalogue()
    for job in catalogue.job_descriptions:
        for code in job.task_codes:
            assert may_do(catalogue.tasks[code], job.profession).allowed, (job, code)


def test_the_widening_gave_the_counsellor_more_tasks() -> None:
    jobs = {(j.profession, j.version): j for j in default_catalogue().job_descriptions}
    assert jobs["counsellor", 1].task_codes < jobs["counsellor", 2].task_codes
    assert jobs["social_worker", 2].task_codes < jobs["social_worker", 1].task_codes


def test_the_counsellor_is_a_personal_worker_as_the_routing_allows() -> None:
    """Seed 002: the routing sends cooperation and guidance clients to a counsellor, so the
    counsellor's current job description includes acting as personal worker."""
    from tyonjako.tasks.catalogue import default_catalogue

    counsellor = max(
        (d for d in default_catalogue().job_descriptions if d.profession == "counsellor"),
        key=lambda d: d.version,
    )
    assert "omatyontekijyys" in counsellor.task_codes
