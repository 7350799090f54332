"""Which job description is in force, what changed, and what moved – in fi, sv and en."""

from __future__ import annotations

import datetime as dt

import pytest

from tyonjako.tasks.catalogue import (
    Change,
    Move,
    Texts,
    default_catalogue,
    describe_change,
    describe_move,
    diff_descriptions,
    effective_description,
    moves,
)

from .helpers import catalogue, job, task

MARCH = dt.date(2023, 3, 1)
MAY = dt.date(2023, 5, 1)
V1 = job("counsellor", 1, MARCH, {"a"})
V2 = job("counsellor", 2, MAY, {"a", "b"})
WARD = job("counsellor", 1, dt.date(2023, 4, 1), {"a", "c"}, unit="A21")
SW1 = job("social_worker", 1, MARCH, {"x"})
ALL = [V1, V2, WARD, SW1]


@pytest.mark.parametrize(
    ("day", "unit", "expected"),
    [
        (dt.date(2023, 2, 28), "", None),
        (MARCH, "", V1),
        (dt.date(2023, 4, 30), "", V1),
        (MAY, "", V2),
        (dt.date(2030, 1, 1), "", V2),
        (dt.date(2023, 3, 31), "A21", V1),  # before the ward's own version
        (dt.date(2023, 4, 1), "A21", WARD),
        (dt.date(2023, 6, 1), "A21", WARD),  # the unit's own wins over a later general one
        (MAY, "A22", V2),  # another unit gets the general one
    ],
)
def test_effective_description(day: dt.date, unit: str, expected: object) -> None:
    assert effective_description(ALL, "counsellor", unit, day) == expected


def test_effective_description_keeps_to_the_profession() -> None:
    assert effective_description(ALL, "social_worker", "", MAY) == SW1
    assert effective_description(ALL, "service_secretary", "", MAY) is None


def test_same_date_twice_takes_the_higher_version() -> None:
    v3 = job("counsellor", 3, MAY, {"z"})
    assert effective_description([V2, v3], "counsellor", "", MAY) == v3


CAT = catalogue(task("a"), task("b"), task("c"), task("d"))


def test_diff_lists_added_then_removed_in_catalogue_order() -> None:
    old = job("counsellor", 1, MARCH, {"a", "d"})
    new = job("counsellor", 2, MAY, {"c", "b", "a"})
    assert [(c.kind, c.task_code) for c in diff_descriptions(old, new, CAT)] == [
        ("added", "b"),
        ("added", "c"),
        ("removed", "d"),
    ]


def test_diff_without_old_version_adds_everything() -> None:
    changes = diff_descriptions(None, V2, CAT)
    assert [(c.kind, c.task_code, c.effective_from) for c in changes] == [
        ("added", "a", MAY),
        ("added", "b", MAY),
    ]


def test_diff_of_two_professions_is_an_error() -> None:
    with pytest.raises(ValueError, match="cannot compare"):
        diff_descriptions(SW1, V2, CAT)


def test_unknown_task_codes_are_named_by_their_code() -> None:
    change = diff_descriptions(None, job("counsellor", 1, MAY, {"zz"}), CAT)[0]
    assert describe_change(change, "en") == (
        "Added to the counsellor's job description from 1.5.2023: zz"
    )


def test_moves_need_the_same_date_and_two_professions() -> None:
    old = {"social_worker": job("social_worker", 1, MARCH, {"a", "b", "c"}), "counsellor": V1}
    new = {
        "social_worker": job("social_worker", 2, MAY, {"c"}),
        "counsellor": job("counsellor", 2, MAY, {"a", "b"}),
        "service_secretary": job("service_secretary", 1, dt.date(2023, 6, 1), {"b"}),
    }
    found = moves(old, new, CAT)
    # "a" was already the counsellor's; "b" moved; the secretary's "b" is on another date
    assert [(m.task_code, m.from_profession, m.to_profession) for m in found] == [
        ("b", "social_worker", "counsellor")
    ]


def widening() -> tuple[list[Change], list[Move]]:
    cat = default_catalogue()
    jobs = cat.job_descriptions
    before = dt.date(2023, 4, 30)
    old = {p: effective_description(jobs, p, "", before) for p in ("social_worker", "counsellor")}
    new = {p: effective_description(jobs, p, "", MAY) for p in ("social_worker", "counsellor")}
    assert None not in new.values()
    current = {p: d for p, d in new.items() if d is not None}
    changes = [c for p in current for c in diff_descriptions(old[p], current[p], cat)]
    return changes, moves(old, current, cat)


MOVED = ["asumisen-ohjaus", "etuuksien-hakeminen", "toimeentulon-selvittely"]


def test_the_widening_of_1_5_2023_moves_three_tasks_to_the_counsellor() -> None:
    changes, found = widening()
    assert [m.task_code for m in found] == MOVED
    assert {(m.from_profession, m.to_profession, m.effective_from) for m in found} == {
        ("social_worker", "counsellor", MAY)
    }
    added = [c.task_code for c in changes if c.kind == "added"]
    assert added == [*MOVED, "kotiutumisen-suunnittelu"]  # added, but not moved


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        (
            "fi",
            "Siirtyi sosiaalityöntekijältä sosiaaliohjaajalle 1.5.2023: "
            "Etuuksien hakemisessa avustaminen",
        ),
        (
            "sv",
            "Flyttades från socialarbetaren till socialhandledaren 1.5.2023: "
            "Hjälp med att ansöka om förmåner",
        ),
        (
            "en",
            "Moved from social worker to counsellor from 1.5.2023: Help with benefit applications",
        ),
    ],
)
def test_describe_move(language: str, sentence: str) -> None:
    _, found = widening()
    benefits = next(m for m in found if m.task_code == "etuuksien-hakeminen")
    assert describe_move(benefits, language) == sentence


@pytest.mark.parametrize(
    ("language", "added", "removed"),
    [
        (
            "fi",
            "Lisättiin sosiaaliohjaajan tehtävänkuvaan 1.5.2023: Asumisen ohjaus",
            "Poistettiin sosiaalityöntekijän tehtävänkuvasta 1.5.2023: Asumisen ohjaus",
        ),
        (
            "sv",
            "Lades till i socialhandledarens arbetsbeskrivning 1.5.2023: "
            "Handledning i boendefrågor",
            "Togs bort ur socialarbetarens arbetsbeskrivning 1.5.2023: Handledning i boendefrågor",
        ),
        (
            "en",
            "Added to the counsellor's job description from 1.5.2023: Housing guidance",
            "Removed from the social worker's job description from 1.5.2023: Housing guidance",
        ),
    ],
)
def test_describe_change(language: str, added: str, removed: str) -> None:
    changes, _ = widening()
    housing = [c for c in changes if c.task_code == "asumisen-ohjaus"]
    by_kind = {c.kind: describe_change(c, language) for c in housing}
    assert by_kind == {"added": added, "removed": removed}


def test_the_secretary_has_sentences_too() -> None:
    move = Move("t", "service_secretary", "counsellor", dt.date(2024, 12, 31), Texts("T", "U"))
    assert (
        describe_move(move, "fi") == "Siirtyi palvelusihteeriltä sosiaaliohjaajalle 31.12.2024: T"
    )
    assert describe_move(move, "sv") == (
        "Flyttades från servicesekreteraren till socialhandledaren 31.12.2024: U"
    )
    assert describe_move(move, "en") == (
        "Moved from service secretary to counsellor from 31.12.2024: T"  # English falls back to fi
    )


def test_unknown_language_is_an_error() -> None:
    _, found = widening()
    with pytest.raises(ValueError, match="unknown language 'de'"):
        describe_move(found[0], "de")
