"""Pure rules around an assessment decision (no database)."""

from __future__ import annotations

from dataclasses import dataclass

# Heavier first: an override "up" moves towards the top of these lists.
SEGMENT_ORDER = ("care", "cooperation", "guidance", "self_service")
PROFESSIONAL_ORDER = ("social_worker", "either", "counsellor")


@dataclass(frozen=True)
class Decision:
    special_support: bool
    segment: str
    personal_worker: str
    pair_required: bool


def differs(recommended: Decision, decided: Decision) -> bool:
    return recommended != decided


def direction(order: tuple[str, ...], recommended: str, decided: str) -> str:
    """'heavier', 'lighter' or 'same' – the direction of a change along an order."""
    if recommended == decided or recommended not in order or decided not in order:
        return "same"
    return "heavier" if order.index(decided) < order.index(recommended) else "lighter"


def override_direction(recommended: Decision, decided: Decision) -> str:
    """The direction of an override, judged by the professional first, then the segment."""
    by_professional = direction(
        PROFESSIONAL_ORDER, recommended.personal_worker, decided.personal_worker
    )
    if by_professional != "same":
        return by_professional
    by_segment = direction(SEGMENT_ORDER, recommended.segment, decided.segment)
    if by_segment != "same":
        return by_segment
    if recommended.special_support != decided.special_support:
        return "heavier" if decided.special_support else "lighter"
    if recommended.pair_required != decided.pair_required:
        return "heavier" if decided.pair_required else "lighter"
    return "same"


def may_confirm_special_support(licence: str, public_office: bool) -> bool:
    """The special-support conclusion is confirmed by a licensed social worker in
    public office (Sosiaalihuoltolaki §36; Pohde 2024; Talentia ethics board)."""
    return licence == "social_worker" and public_office


def decision_breaks_section_42(decided: Decision) -> bool:
    """Special support with a counsellor and no social-worker pair breaks §42."""
    return (
        decided.special_support
        and decided.personal_worker == "counsellor"
        and not decided.pair_required
    )
