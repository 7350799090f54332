"""Every problem in a catalogue file is reported with its line and path."""

from __future__ import annotations

from pathlib import Path

import pytest

from tyonjako.tasks.catalogue import CatalogueError, load_catalogue

from .helpers import MINIMAL_YAML

TASK = """\
  - code: {code}
    category: work
    who: {who}
    names: {{fi: Nimi, sv: Namn}}
"""


def errors_of(text: str) -> list[str]:
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(text)
    return caught.value.errors


def with_task(extra: str = "", *, code: str = "second", who: str = "either") -> str:
    return MINIMAL_YAML + TASK.format(code=code, who=who) + extra


def test_the_minimal_catalogue_loads() -> None:
    catalogue = load_catalogue(MINIMAL_YAML)
    assert list(catalogue.tasks) == ["guidance"]
    assert catalogue.tasks["guidance"].names.get("en") == "Ohjaus"  # falls back to Finnish


def test_a_path_given_as_text_is_read(tmp_path: Path) -> None:
    path = tmp_path / "catalogue.yaml"
    path.write_text(MINIMAL_YAML, encoding="utf-8")
    assert load_catalogue(str(path)).key == "test"


def test_unknown_who_names_line_path_and_choices() -> None:
    # lines 1-10 are the minimal catalogue; the new task starts on line 12
    assert errors_of(with_task(who="nurse")) == [
        "line 14: tasks[1].who: unknown value 'nurse'; use one of "
        "social_worker_only, counsellor, either, service_secretary, other"
    ]


def test_missing_who_is_an_unknown_empty_value() -> None:
    text = MINIMAL_YAML + "  - code: x\n    category: work\n    names: {fi: A, sv: B}\n"
    assert errors_of(text) == [
        "line 12: tasks[1].who: unknown value ''; use one of "
        "social_worker_only, counsellor, either, service_secretary, other"
    ]


def test_unknown_keys_at_every_level() -> None:
    text = MINIMAL_YAML.replace("version: 1", "version: 1\nauthor: me").replace(
        "    who: counsellor", "    who: counsellor\n    colour: red"
    )
    text += "    indicators:\n      - nurse: Z59\n"
    assert errors_of(text) == [
        "line 3: catalogue.author: unknown key; use one of "
        "key, version, names, descriptions, categories, tasks, job_descriptions",
        "line 12: tasks[0].colour: unknown key; use one of code, names, descriptions, "
        "category, who, reserved, legal_basis, typical_minutes, indicators",
        "line 15: tasks[0].indicators[0].nurse: unknown key; use one of code, reason",
    ]


def test_a_key_given_twice_is_reported() -> None:
    text = MINIMAL_YAML.replace("    who: counsellor", "    who: counsellor\n    who: either")
    assert errors_of(text) == ["line 11: tasks[0].who: given twice"]


def test_duplicate_task_codes_point_at_the_first() -> None:
    assert errors_of(with_task(code="guidance")) == [
        "line 12: tasks[1].code: duplicate task code 'guidance' (first on line 8)"
    ]


def test_missing_finnish_or_swedish_name() -> None:
    text = MINIMAL_YAML.replace("{fi: Ohjaus, sv: Handledning}", "{fi: Ohjaus, en: Guidance}")
    assert errors_of(text) == ["line 11: tasks[0].names.sv: required"]
    text = MINIMAL_YAML.replace("    names: {fi: Ohjaus, sv: Handledning}\n", "")
    assert errors_of(text) == ["line 8: tasks[0].names: required, with fi and sv"]
    text = MINIMAL_YAML.replace("names: {fi: Testi, sv: Test}", "names: {sv: Test, se: Test}")
    assert errors_of(text) == [
        "line 3: catalogue.names.se: unknown key; use one of fi, sv, en",
        "line 3: catalogue.names.fi: required",
    ]


def test_bad_reserved_value() -> None:
    text = with_task("    reserved: office\n", who="social_worker_only")
    assert errors_of(text) == [
        "line 16: tasks[1].reserved: unknown value 'office'; "
        "use one of '', licensed_social_worker, public_office"
    ]


@pytest.mark.parametrize("who", ["counsellor", "either", "service_secretary", "other"])
def test_a_reserved_task_must_be_social_worker_only(who: str) -> None:
    text = with_task("    reserved: public_office\n", who=who)
    assert errors_of(text) == [
        f"line 16: tasks[1].reserved: a task reserved for 'public_office' must have "
        f"who: social_worker_only, not {who!r}"
    ]


def test_reserved_social_worker_only_task_loads() -> None:
    text = with_task("    reserved: licensed_social_worker\n", who="social_worker_only")
    assert load_catalogue(text).tasks["second"].reserved == "licensed_social_worker"


def test_bad_indicators() -> None:
    text = with_task(
        "    indicators:\n"
        "      - code: Z59.0\n"
        "      - {code: ICD10:Z59.0, reason: asuminen}\n"
        "      - reason: ''\n"
        "      - just text\n"
    )
    assert errors_of(text) == [
        "line 17: tasks[1].indicators[0].code: 'Z59.0': give the system, e.g. ICD10:Z59.0",
        "line 18: tasks[1].indicators[1]: give exactly one of code: or reason:",
        "line 19: tasks[1].indicators[2].reason: required",
        "line 16: tasks[1].indicators[3]: must be a mapping (key: value lines)",
    ]


@pytest.mark.parametrize("value", ["0", "-5", "1.5", "'45'", "true", "many"])
def test_typical_minutes_must_be_a_positive_whole_number(value: str) -> None:
    errors = errors_of(with_task(f"    typical_minutes: {value}\n"))
    assert len(errors) == 1
    assert errors[0].startswith("line 16: tasks[1].typical_minutes: must be a positive whole")


def test_unknown_category_and_bad_code() -> None:
    text = MINIMAL_YAML.replace("category: work", "category: play").replace(
        "code: guidance", "code: ohjaus ja neuvonta"
    )
    assert errors_of(text) == [
        "line 8: tasks[0].code: 'ohjaus ja neuvonta': use letters, digits, '-', '_' and '.', "
        "no spaces",
        "line 9: tasks[0].category: unknown category 'play'; use one of work",
    ]


JOBS = """\
job_descriptions:
  - profession: counsellor
    version: 1
    effective_from: 1.3.2023
    tasks: [guidance]
"""


def test_job_descriptions_load_with_finnish_and_iso_dates() -> None:
    text = (
        MINIMAL_YAML
        + JOBS
        + ("  - profession: counsellor\n    version: 2\n    effective_from: 2023-05-01\n")
    )
    jobs = load_catalogue(text).job_descriptions
    assert [(j.version, j.effective_from.isoformat(), j.unit) for j in jobs] == [
        (1, "2023-03-01", ""),
        (2, "2023-05-01", ""),
    ]
    assert jobs[0].task_codes == frozenset({"guidance"})


def test_job_description_errors() -> None:
    text = (
        MINIMAL_YAML
        + JOBS
        + (
            "  - profession: nurse\n"  # line 17
            "    version: 0\n"
            "    effective_from: 31.2.2023\n"
            "    tasks: [guidance, nothing, guidance]\n"
            "  - profession: counsellor\n"  # line 21
            "    version: 1\n"
            "    effective_from: 1.3.2023\n"
        )
    )
    assert errors_of(text) == [
        "line 17: job_descriptions[1].profession: unknown value 'nurse'; "
        "use one of social_worker, counsellor, service_secretary",
        "line 18: job_descriptions[1].version: must be a positive whole number, not 0",
        "line 19: job_descriptions[1].effective_from: "
        "not a date (31.12.2023 or 2023-12-31): '31.2.2023'",
        "line 20: job_descriptions[1].tasks[1]: unknown task code 'nothing'",
        "line 20: job_descriptions[1].tasks[2]: task 'guidance' listed twice",
        "line 22: job_descriptions[2].version: counsellor (all units) already has version 1 "
        "on line 14",
        "line 23: job_descriptions[2].effective_from: counsellor (all units) already has "
        "effective_from 1.3.2023 on line 15",
    ]


def test_a_job_description_may_not_hold_a_task_its_profession_may_not_do() -> None:
    text = with_task("    reserved: public_office\n", who="social_worker_only") + (
        "job_descriptions:\n"
        "  - profession: counsellor\n"
        "    version: 1\n"
        "    effective_from: 1.3.2023\n"
        "    tasks: [second]\n"
        "  - profession: service_secretary\n"
        "    version: 1\n"
        "    effective_from: 1.3.2023\n"
        "    tasks: [guidance]\n"
    )
    assert errors_of(text) == [
        "line 21: job_descriptions[0].tasks[0]: task 'second' is reserved by law "
        "(public_office); not for a counsellor",
        "line 25: job_descriptions[1].tasks[0]: task 'guidance' (who: counsellor) "
        "does not belong to a service_secretary",
    ]


def test_every_problem_is_reported_not_only_the_first() -> None:
    text = with_task("    typical_minutes: 0\n", who="nurse").replace("version: 1", "version: x")
    assert len(errors_of(text)) == 3


def test_broken_yaml_names_its_line() -> None:
    assert errors_of("key: test\ntasks: [\n  - a\n") == [
        "line 3: not valid YAML: expected the node content, but found '-'"
    ]


@pytest.mark.parametrize("text", ["", "- a list\n", "just text"])
def test_a_file_that_is_not_a_mapping(text: str) -> None:
    assert errors_of(text) == ["line 1: catalogue: must be a mapping (key: value lines)"]
