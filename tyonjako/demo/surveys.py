"""Demo surveys: the October staff survey with a baseline and a follow-up round, and the
counsellors' monthly self-assessment, so `make run` shows results and a comparison."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from tyonjako.organisation.models import Team, Worker
from tyonjako.surveys import actions
from tyonjako.surveys.definition import Definition
from tyonjako.surveys.expressions import Answer
from tyonjako.surveys.models import NamedResponse, Response, Round, SurveyVersion

LIBRARY = Path(__file__).resolve().parent.parent / "surveys" / "library"


def _load(name: str) -> SurveyVersion:
    path = LIBRARY / f"{name}.yaml"
    return actions.load_survey(path.read_bytes(), path.name, by=None)


def _staff_answer(rng: random.Random, shift: float) -> dict[str, Answer]:
    def scale() -> str:
        return str(min(5, max(1, round(rng.gauss(2.9 + shift, 1.0)))))

    cooperation = rng.sample(["consultation", "referral", "meeting"], k=rng.randint(1, 2))
    return {
        "respondent_role": rng.choice(["doctor", "nurse", "nurse", "therapist", "social"]),
        "cooperation": cooperation,
        "reachable": scale(),
        "clear_roles": scale(),
        "clients_helped": scale(),
        "fits_health_care": scale(),
        "overall": str(min(10, max(0, round(rng.gauss(6.5 + shift * 2, 1.8))))),
    }


def _self_assessment(
    rng: random.Random, month: dt.date, definition: Definition
) -> dict[str, Answer]:
    answers: dict[str, Answer] = {"month": f"{month.day}.{month.month}.{month.year}"}
    for question in definition.answered:
        if question.list_name == "coping5":
            answers[question.name] = str(rng.choice([3, 4, 4, 5]))
    answers["needed_consultation"] = rng.choice(["yes", "no"])
    if answers["needed_consultation"] == "yes":
        answers["consultations"] = str(rng.randint(1, 6))
    return answers


def create_surveys(rng: random.Random, day: dt.date) -> int:
    """Returns the number of responses made."""
    counsellor = Worker.objects.filter(user__username="ohjaaja").first()
    if counsellor is None:
        return 0
    team = counsellor.memberships.select_related("team__unit__service_area").first()
    if team is None:
        return 0
    unit = team.team.unit
    teams = list(Team.objects.filter(unit=unit))
    for name in sorted(p.stem for p in LIBRARY.glob("*.yaml")):
        _load(name)
    staff = _load("october-staff-survey")
    baseline = actions.create_round(
        staff,
        actions.RoundPlan(
            "Lähtötaso 10/2025",
            day.replace(year=day.year - 1, month=10, day=1),
            day.replace(year=day.year - 1, month=10, day=15),
            unit,
            teams,
        ),
        by=None,
    )
    Round.objects.filter(pk=baseline.pk).update(
        opens_on=baseline.planned_start + dt.timedelta(days=2),
        closes_on=baseline.planned_end + dt.timedelta(days=5),
    )
    follow_up = actions.create_round(
        staff,
        actions.RoundPlan(
            "Seuranta",
            day - dt.timedelta(days=10),
            day + dt.timedelta(days=5),
            unit,
            teams,
        ),
        by=None,
    )
    follow_up = actions.open_round(follow_up, by=None, open_link=True)
    count = 0
    for round_, size, shift, received in (
        (baseline, 42, 0.0, baseline.planned_end),
        (follow_up, 36, 0.8, day),
    ):
        Response.objects.bulk_create(
            Response(
                round=round_,
                received_on=received,
                answers=_staff_answer(rng, shift),
                team_code=rng.choice(teams).code,
                area_code=unit.service_area.code,
                profession="",
            )
            for _ in range(size)
        )
        count += size
    monthly = _load("monthly-self-assessment")
    counsellors = list(
        Worker.objects.filter(role="counsellor", memberships__team__unit=unit).distinct()
    )
    definition = monthly.parsed()
    for months_back in (2, 1):
        month = (day.replace(day=1) - dt.timedelta(days=28 * months_back)).replace(day=1)
        round_ = actions.create_round(
            monthly,
            actions.RoundPlan(
                f"{month.month}/{month.year}",
                month,
                month + dt.timedelta(days=27),
                unit,
                teams,
            ),
            by=None,
        )
        Round.objects.filter(pk=round_.pk).update(
            opens_on=month, closes_on=month + dt.timedelta(days=28)
        )
        for worker in counsellors:
            if worker.pk == counsellor.pk and months_back == 1:
                continue
            NamedResponse.objects.create(
                round=round_,
                respondent=worker,
                answers=_self_assessment(rng, month, definition),
                submitted=True,
                received_on=month + dt.timedelta(days=rng.randint(20, 27)),
                team_code=team.team.code,
                area_code=unit.service_area.code,
                profession="counsellor",
            )
            count += 1
    current = actions.create_round(
        monthly,
        actions.RoundPlan(
            f"{day.month}/{day.year}", day.replace(day=1), day + dt.timedelta(days=5), unit, teams
        ),
        by=None,
    )
    actions.open_round(current, by=None)
    # The pilot names the lead social worker to read the self-assessments one by one
    # (docs/surveys.md, named surveys); the follow-up reminds unused links weekly.
    lead = Worker.objects.filter(user__username="johtava").first()
    if lead is not None:
        actions.set_viewers(monthly.survey, add=[lead], by=None)
    actions.set_schedule(follow_up, scheduled=True, remind_every_days=7, reminders_max=2, by=None)
    return count
