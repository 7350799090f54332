"""The model description in Innokylä's structure, prefilled from the pilot.

The ten sections of a model description (seed 003) and the fields of a
development path (seed 002). A section the working group has written keeps its
text; an empty one is prefilled from the pilot: goals, actors, period,
indicators at the latest frozen checkpoint, conclusions and the decision.
Pure: plain values in, texts out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from .definition import PilotDef

SECTIONS: tuple[tuple[str, Any], ...] = (
    ("what_is_it", _("What is it about?")),
    ("actors", _("Actors involved")),
    ("starting_point", _("Starting point, need and goals")),
    ("short_description", _("Short description")),
    ("what_was_tried", _("What was tried")),
    ("evaluation", _("Evaluation and lessons learnt")),
    ("conditions", _("Prerequisites, frames and limits")),
    ("further_development", _("Further development and embedding")),
    ("expansion", _("Expansion")),
    ("links", _("Links, tips and contacts")),
)
PATH_FIELDS: tuple[tuple[str, Any], ...] = (
    ("ideation", _("Ideation")),
    ("idea_choice", _("Choice of the idea")),
    ("client_testing", _("Testing with clients")),
    ("trial_goals", _("Goals of the trial")),
    ("learnt", _("What was learnt")),
    ("conditions_for_use", _("Conditions for it to work and be adopted")),
    ("tips", _("Tips for adopters")),
)
SECTION_KEYS = tuple(key for key, _label in SECTIONS + PATH_FIELDS)

ROLE_LABELS = {
    "pilot_lead": _("pilot lead"),
    "project_worker": _("project worker"),
    "evaluator": _("evaluator"),
    "member": _("member"),
}


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    text: str
    prefilled: bool


def _lines(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


def _bullets(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items if item)


def prefill(
    pilot: PilotDef,
    language: str,
    *,
    indicator_lines: list[str],
    conclusions: str,
    decision: str,
    place_names: list[str],
) -> dict[str, str]:
    """Texts drawn from the pilot for the sections the data can answer."""
    lang = language
    period = f"{pilot.period.start:%-d.%-m.%Y}–{pilot.period.end:%-d.%-m.%Y}"
    sub_goals = _bullets([goal.get(lang) for goal in pilot.sub_goals])
    benefits = _bullets([goal.get(lang) for goal in pilot.benefit_goals])
    members = _bullets(
        [f"{member.title.get(lang)} ({ROLE_LABELS[member.role]})" for member in pilot.working_group]
    )
    questions = _bullets([question.text.get(lang) for question in pilot.questions])
    return {
        "what_is_it": _lines(
            pilot.main_goal.get(lang), sub_goals, f"{period}: {', '.join(place_names)}"
        ),
        "actors": _lines(", ".join(place_names), members),
        "starting_point": _lines(pilot.main_goal.get(lang), benefits),
        "short_description": _lines(
            f"{pilot.name.get(lang)} ({period})", pilot.main_goal.get(lang)
        ),
        "what_was_tried": questions,
        "evaluation": _lines(_bullets(indicator_lines), conclusions),
        "further_development": decision,
        "trial_goals": sub_goals,
        "learnt": conclusions,
    }


def sections(
    saved: Mapping[str, Mapping[str, str]], prefilled: Mapping[str, str], language: str
) -> list[Section]:
    """Every section and path field: the saved text, else the prefilled one."""
    out = []
    for key, title in SECTIONS + PATH_FIELDS:
        written = (saved.get(key) or {}).get(language, "")
        text = written or prefilled.get(key, "")
        out.append(Section(key, str(title), text, prefilled=bool(text) and not written))
    return out


def as_markdown(title: str, items: list[Section], path_title: str) -> str:
    """The description as Markdown: the ten numbered sections, then the development path."""
    parts = [f"# {title}", ""]
    for number, section in enumerate(items[: len(SECTIONS)], start=1):
        parts += [f"## {number}. {section.title}", "", section.text or "–", ""]
    parts += [f"## {path_title}", ""]
    for section in items[len(SECTIONS) :]:
        parts += [f"### {section.title}", "", section.text or "–", ""]
    return "\n".join(parts)
