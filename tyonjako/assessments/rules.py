"""Pure rules around an assessment decision (no database)."""

from __future__ import annotations

import datetime as dt
import re
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


SOCIAL_WORKER = "social_worker"

#: The law the refusals and the confirmation name (shown to users in full).
SECTION_42 = "Sosiaalihuoltolaki 1301/2014 §42"


def decision_breaks_section_42(decided: Decision) -> bool:
    """Special support whose personal worker may be other than a social worker
    ("counsellor", "either" or any other value) without a social-worker pair
    breaks §42: a social worker takes part in the work of every such client."""
    return (
        decided.special_support
        and decided.personal_worker != SOCIAL_WORKER
        and not decided.pair_required
    )


def needs_confirmation(
    recommended: Decision | None, decided: Decision, decider_may_confirm: bool
) -> bool:
    """Whether the decision waits for a licensed social worker in public office.

    Special support, or a decision against a recommendation of special support
    (the §42 application guide: the service-need assessment of a person who
    needs special support is made by a social worker in public office), waits
    unless the person deciding is one.
    """
    if decider_may_confirm:
        return False
    recommended_special = recommended is not None and recommended.special_support
    return decided.special_support or recommended_special


def status_after_decision(
    recommended: Decision | None, decided: Decision, decider_may_confirm: bool
) -> str:
    """`awaiting_confirmation` or `completed`: the state a lawful decision leaves."""
    if needs_confirmation(recommended, decided, decider_may_confirm):
        return "awaiting_confirmation"
    return "completed"


#: The decided personal worker when §42 lets the worker be left out: "clearly
#: unnecessary" (e.g. short contacts in health social work). Needs a reason.
NO_PERSONAL_WORKER = "unnecessary"


def section_42_problem(decided: Decision, note: str) -> str:
    """Why a decision breaks §42, as a key ("" when lawful); pure, for every combination.

    - `special_support_without_social_worker`: special support, the personal worker
      may be other than a social worker, and no social-worker pair;
    - `special_support_needs_personal_worker`: special support with "clearly unnecessary";
    - `unnecessary_needs_reason`: "clearly unnecessary" without a written reason.
    """
    if decided.special_support and decided.personal_worker == NO_PERSONAL_WORKER:
        return "special_support_needs_personal_worker"
    if decision_breaks_section_42(decided):
        return "special_support_without_social_worker"
    if decided.personal_worker == NO_PERSONAL_WORKER and not note.strip():
        return "unnecessary_needs_reason"
    return ""


def intake_answers(
    item_keys: frozenset[str] | set[str],
    *,
    pending_since: dt.date | None,
    birth_year: int | None,
    assessment_start_by: dt.date | None,
    today: dt.date,
) -> dict[str, object]:
    """What intake already knows, as answers to carry into a new assessment form.

    The pending date as entered; urgency (the start deadline set at intake is the
    pending day itself); and from the birth year "75 or over" and "under 18" (by
    year: the worker checks the borderline year). Only items the instrument has.
    """
    known: dict[str, object] = {}
    if pending_since is not None:
        known["pending_since"] = pending_since
        if assessment_start_by is not None and assessment_start_by == pending_since:
            known["urgent"] = True
    if birth_year is not None:
        age = today.year - birth_year
        known["over_75"] = age >= 75
        known["under_18"] = age < 18
    return {key: value for key, value in known.items() if key in item_keys}


#: The §36 completion deadline an instrument may set (three months from pending).
COMPLETION_DEADLINE = "assessment_complete_by"


def is_child(birth_year: int | None, on: dt.date) -> bool:
    """Under 18 by the birth year on the given day (the worker checks the borderline year)."""
    return birth_year is not None and on.year - birth_year < 18


@dataclass(frozen=True)
class Completion:
    """When the service need assessment must be completed (Sosiaalihuoltolaki §36).

    `deadline` is a date only for a child who needs special support (three months
    from the matter becoming pending); everyone else's assessment is completed
    "without undue delay", shown with the days elapsed since the pending date.
    """

    deadline: dt.date | None
    days_elapsed: int

    @property
    def without_undue_delay(self) -> bool:
        return self.deadline is None


def three_month_completion_applies(*, child: bool, special_support: bool | None) -> bool:
    """§36: the three-month completion deadline is the law's only for a child who needs
    special support; the over-75s and the highest care allowance get the seven-weekday
    start only, and completion without undue delay."""
    return child and bool(special_support)


def lawful_completion(
    deadline: dt.date | None,
    *,
    child: bool,
    special_support: bool | None,
    pending_since: dt.date,
    until: dt.date,
) -> Completion:
    """The completion the law sets, whatever an instrument version computed.

    A deadline from a rule that gave three months to others (e.g. rule DC1 of
    erityisen-tuen-tarve@1 for adults over 75) is not shown as a deadline; the
    days elapsed count from the pending date to `until` (the decision day, or today).
    """
    elapsed = max(0, (until - pending_since).days)
    if deadline is not None and three_month_completion_applies(
        child=child, special_support=special_support
    ):
        return Completion(deadline, elapsed)
    return Completion(None, elapsed)


_INTERNAL_LABEL = re.compile(r"\s*\(seed \d{3}\)")
_INTERNAL_PHRASES = (
    ("not from the seeds", "not from the county programmes"),
    ("not in the seeds", "not in the county programmes"),
)


def public_text(text: str) -> str:
    """A stored explanation or legal basis as a user sees it: real sources only.

    Versions in use never change, so texts of the first version that still carry
    this project's internal source labels ("(seed 004)") are shown without them;
    the sources they stand for are named in the text itself.
    """
    cleaned = _INTERNAL_LABEL.sub("", text)
    for internal, public in _INTERNAL_PHRASES:
        cleaned = cleaned.replace(internal, public)
    return cleaned
