"""Who may do what: refusal where the law reserves a task, a warning elsewhere."""

from __future__ import annotations

import pytest

from tyonjako.tasks.catalogue import Permission, Texts, may_do
from tyonjako.tasks.catalogue.model import PROFESSIONS

from .helpers import task

ALLOWED = Permission(True, False, "allowed", Texts())
LAW = Texts("laki", "lag", "act")

SW, LEAD, SO, SECRETARY, OTHER = (
    "social_worker",
    "lead_social_worker",
    "counsellor",
    "service_secretary",
    "other",
)

# (who, reserved) -> {profession: (allowed, refusal, reason_code)}
TABLE: dict[tuple[str, str], dict[str, tuple[bool, bool, str]]] = {
    ("social_worker_only", "public_office"): {
        SW: (True, False, "allowed"),
        LEAD: (True, False, "allowed"),
        SO: (False, True, "reserved_public_office"),
        SECRETARY: (False, True, "reserved_public_office"),
        OTHER: (False, True, "reserved_public_office"),
    },
    ("social_worker_only", "licensed_social_worker"): {
        SW: (True, False, "allowed"),
        LEAD: (True, False, "allowed"),
        SO: (False, True, "reserved_licensed_social_worker"),
        SECRETARY: (False, True, "reserved_licensed_social_worker"),
        OTHER: (False, True, "reserved_licensed_social_worker"),
    },
    ("social_worker_only", ""): {
        SW: (True, False, "allowed"),
        LEAD: (True, False, "allowed"),
        SO: (False, False, "social_worker_task"),
        SECRETARY: (False, False, "social_worker_task"),
        OTHER: (False, False, "social_worker_task"),
    },
    ("counsellor", ""): {
        SW: (True, False, "allowed"),
        LEAD: (True, False, "allowed"),
        SO: (True, False, "allowed"),
        SECRETARY: (False, False, "counsellor_task"),
        OTHER: (False, False, "counsellor_task"),
    },
    ("either", ""): {
        SW: (True, False, "allowed"),
        LEAD: (True, False, "allowed"),
        SO: (True, False, "allowed"),
        SECRETARY: (False, False, "social_welfare_task"),
        OTHER: (False, False, "social_welfare_task"),
    },
    ("service_secretary", ""): {
        SW: (False, False, "service_secretary_task"),
        LEAD: (False, False, "service_secretary_task"),
        SO: (False, False, "service_secretary_task"),
        SECRETARY: (True, False, "allowed"),
        OTHER: (False, False, "service_secretary_task"),
    },
    ("other", ""): {profession: (True, False, "allowed") for profession in PROFESSIONS},
}

CASES = [
    (who, reserved, profession, expected)
    for (who, reserved), row in TABLE.items()
    for profession, expected in row.items()
]


def test_the_table_covers_every_who_and_profession() -> None:
    assert {who for who, _ in TABLE} == {
        "social_worker_only",
        "counsellor",
        "either",
        "service_secretary",
        "other",
    }
    for row in TABLE.values():
        assert set(row) == set(PROFESSIONS)


@pytest.mark.parametrize(("who", "reserved", "profession", "expected"), CASES)
def test_may_do(who: str, reserved: str, profession: str, expected: tuple[bool, bool, str]) -> None:
    permission = may_do(task("t", who, reserved=reserved), profession)
    assert (permission.allowed, permission.refusal, permission.reason_code) == expected


def test_a_refusal_carries_the_legal_basis() -> None:
    permission = may_do(task("t", "social_worker_only", reserved="public_office"), SO)
    assert permission.refusal and permission.legal_basis == LAW


def test_an_allowed_task_is_never_a_refusal() -> None:
    for who, reserved, profession, _ in CASES:
        permission = may_do(task("t", who, reserved=reserved), profession)
        assert not (permission.allowed and permission.refusal)


def test_unknown_profession_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown profession 'nurse'"):
        may_do(task("t"), "nurse")


def test_allowed_is_the_shared_shape() -> None:
    assert may_do(task("t", "other"), SO) == ALLOWED
