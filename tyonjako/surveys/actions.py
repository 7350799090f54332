"""Every change to surveys, rounds, links and responses. Each runs in a transaction and
checks the writer's scope with the policy; surveys, versions and rounds are audited by
django-auditlog, the issuing of links by an explicit row on the round.

Answering writes NO audit row: a row per answer would tie a response to a moment and a
link. That is the point of docs/surveys.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from tyonjako.access.policy import Action, Scope
from tyonjako.access.subject import subject_of
from tyonjako.common.clock import today
from tyonjako.common.versions import Load, VersionInUse, decide_load
from tyonjako.organisation.models import Team, Unit, Worker

from .definition import Definition, DefinitionError, read_file, to_dict
from .expressions import Answer
from .models import (
    Audience,
    Draft,
    EnteredBy,
    NamedResponse,
    Response,
    Round,
    Survey,
    SurveyVersion,
    Token,
)


class SurveyError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# ---- scope ---------------------------------------------------------------------------------


def may_manage(user: User | None, unit: Unit | None) -> bool:
    """The command line (no user) may; otherwise MANAGE_SURVEYS over the round's unit."""
    if user is None:
        return True
    subject = subject_of(user)
    scope = subject.scope(Action.MANAGE_SURVEYS)
    if scope == Scope.ALL:
        return True
    if unit is None or scope == Scope.NONE:
        return False
    if scope == Scope.SERVICE_AREA:
        return unit.service_area_id in subject.service_area_ids
    return unit.pk in subject.unit_ids


def _require(user: User | None, unit: Unit | None) -> None:
    if not may_manage(user, unit):
        raise PermissionDenied


def _note(instance: Any, by: User | None, **changes: Any) -> None:
    LogEntry.objects.log_create(
        instance,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        changes={key: [None, str(value)] for key, value in changes.items()},
        actor=by,
    )


# ---- definitions ---------------------------------------------------------------------------


def _canonical(definition: object) -> str:
    return json.dumps(definition, sort_keys=True, ensure_ascii=False)


def load_survey(
    content: bytes, filename: str, *, key: str | None = None, by: User | None
) -> SurveyVersion:
    """Store a definition as the survey's next version. The latest version is replaced in
    place only while it has no responses; otherwise a new version is made.

    Raises DefinitionError naming each problem.
    """
    if by is not None and not subject_of(by).can(Action.MANAGE_SURVEYS):
        raise PermissionDenied
    definition = read_file(content, filename, key)
    if not definition.key.replace("-", "").replace("_", "").isalnum():
        raise DefinitionError([f"the key {definition.key!r} may hold letters, digits, - and _"])
    fmt = "yaml" if filename.lower().endswith((".yaml", ".yml")) else "xlsform"
    with transaction.atomic(), set_actor(by):
        survey, _created = Survey.objects.get_or_create(
            key=definition.key, defaults={"anonymous": definition.anonymous}
        )
        if survey.anonymous != definition.anonymous:
            if survey.versions.filter().exists() and any(
                v.has_responses() for v in survey.versions.all()
            ):
                raise DefinitionError(
                    ["a survey with responses cannot change between anonymous and named"]
                )
            survey.anonymous = definition.anonymous
            survey.save(update_fields=["anonymous"])
        latest = survey.versions.select_for_update().order_by("-version").first()
        stored = to_dict(definition)
        if latest is not None:
            # The one rule of versioned definitions (common/versions.py), applied to what
            # was read (a file saved again reads the same): a version in use never changes,
            # so a changed definition of a survey with responses becomes the next version.
            try:
                load = decide_load(
                    survey.key,
                    latest.version,
                    _canonical(latest.definition),
                    _canonical(stored),
                    in_use=latest.is_in_use(),
                )
            except VersionInUse:
                load = Load.NEW
            if load == Load.SAME:
                return latest
            if load == Load.REPLACE:
                latest.definition = stored
                latest.source = content
                latest.source_format = fmt
                latest.loaded_by = by
                latest.save()
                return latest
        return SurveyVersion.objects.create(
            survey=survey,
            key=survey.key,
            version=(latest.version + 1) if latest else 1,
            source_format=fmt,
            source=content,
            definition=stored,
            loaded_by=by,
        )


# ---- named viewers -------------------------------------------------------------------------


def worker_units(worker: Worker) -> set[Unit]:
    """The units a worker belongs to: the home unit and the units of their active teams."""
    day = today()
    units = {worker.home_unit} if worker.home_unit is not None else set()
    for membership in worker.memberships.select_related("team__unit"):
        if membership.is_active_on(day):
            units.add(membership.team.unit)
    return units


def may_name(user: User | None, worker: Worker) -> bool:
    """Whether `user` may name or unname `worker` as a viewer: MANAGE_SURVEYS over one of
    the worker's units (a lead over their own unit, an evaluator or admin over all)."""
    if user is not None and subject_of(user).scope(Action.MANAGE_SURVEYS) == Scope.ALL:
        return True
    return any(may_manage(user, unit) for unit in worker_units(worker))


def set_viewers(
    survey: Survey,
    *,
    add: Sequence[Worker] = (),
    remove: Sequence[Worker] = (),
    by: User | None,
) -> Survey:
    """Name (or unname) who besides the respondent sees a named survey's answers. Each
    worker must be within the writer's scope; the change is audited on the survey (worker
    ids only, no names)."""
    if by is not None and not subject_of(by).can(Action.MANAGE_SURVEYS):
        raise PermissionDenied
    if survey.anonymous:
        raise SurveyError(_("An anonymous survey has no named viewers."))
    for worker in (*add, *remove):
        if not may_name(by, worker):
            raise PermissionDenied
    with transaction.atomic(), set_actor(by):
        before = set(survey.viewers.values_list("pk", flat=True))
        survey.viewers.add(*add)
        survey.viewers.remove(*remove)
        after = set(survey.viewers.values_list("pk", flat=True))
        if before != after:
            _note(
                survey,
                by,
                viewers_added=sorted(after - before),
                viewers_removed=sorted(before - after),
            )
    return survey


# ---- rounds --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundPlan:
    name: str
    planned_start: Any
    planned_end: Any
    unit: Unit | None = None
    teams: Sequence[Team] = ()
    roles: Sequence[str] = ()
    audience: str = Audience.STAFF
    audience_note: str = ""
    minimum_n: int = 5


def create_round(version: SurveyVersion, plan: RoundPlan, *, by: User | None) -> Round:
    _require(by, plan.unit)
    if plan.planned_end < plan.planned_start:
        raise SurveyError(_("The planned end is before the planned start."))
    if plan.minimum_n < 1:
        raise SurveyError(_("The minimum number of responses must be at least 1."))
    with transaction.atomic(), set_actor(by):
        created = Round.objects.create(
            version=version,
            name=plan.name,
            unit=plan.unit,
            roles=list(plan.roles),
            audience=plan.audience,
            audience_note=plan.audience_note,
            planned_start=plan.planned_start,
            planned_end=plan.planned_end,
            minimum_n=plan.minimum_n,
        )
        created.teams.set(plan.teams)
    return created


def open_round(round_: Round, *, by: User | None, open_link: bool = False) -> Round:
    """Open for answers today (the actual start); optionally with an open link."""
    _require(by, round_.unit)
    with transaction.atomic(), set_actor(by):
        locked = Round.objects.select_for_update().get(pk=round_.pk)
        locked.opens_on = locked.opens_on or today()
        locked.closes_on = None
        if open_link and not locked.open_link:
            locked.open_link = secrets.token_urlsafe(18)
        locked.save()
    return locked


def close_round(round_: Round, *, by: User | None) -> Round:
    _require(by, round_.unit)
    with transaction.atomic(), set_actor(by):
        locked = Round.objects.select_for_update().get(pk=round_.pk)
        locked.closes_on = today()
        locked.save()
    return locked


def is_open(round_: Round) -> bool:
    day = today()
    return (
        round_.opens_on is not None
        and round_.opens_on <= day
        and (round_.closes_on is None or day < round_.closes_on)
    )


# ---- links ---------------------------------------------------------------------------------


def _signature(nonce: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"survey-token:{nonce}".encode(), hashlib.sha256).hexdigest()[:16]


def link_token(token: Token) -> str:
    return f"{token.nonce}{_signature(token.nonce)}"


def find_token(raw: str) -> Token | None:
    raw = raw.strip()
    nonce, signature = raw[:-16], raw[-16:]
    if len(raw) < 32 or not hmac.compare_digest(_signature(nonce), signature):
        return None
    return Token.objects.select_related("round__version__survey").filter(nonce=nonce).first()


def issue_tokens(round_: Round, count: int, *, team_code: str = "", by: User | None) -> list[str]:
    """Links for a printed sheet (a ward, a waiting room): returns the link tokens."""
    _require(by, round_.unit)
    if not 1 <= count <= 1000:
        raise SurveyError(_("Give a number of links between 1 and 1000."))
    with transaction.atomic(), set_actor(by):
        tokens = Token.objects.bulk_create(
            Token(round=round_, nonce=secrets.token_hex(8), team_code=team_code)
            for _ in range(count)
        )
        _note(round_, by, printed_links=count)
    return [link_token(t) for t in tokens]


def audience_workers(round_: Round) -> list[Worker]:
    day = today()
    workers = (
        Worker.objects.filter(is_active=True, memberships__team__in=round_.teams.all())
        .select_related("user")
        .distinct()
    )
    if round_.roles:
        workers = workers.filter(role__in=round_.roles)
    return [w for w in workers if any(m.is_active_on(day) for m in w.memberships.all())]


def send_links(round_: Round, link_for: Any, *, by: User | None, link_base: str = "") -> int:
    """One link per worker of the round's audience, by e-mail; workers who already have a
    link are skipped. `link_for(token_string)` makes the absolute URL; `link_base` (the
    site's address the links were made on) is kept so the scheduled reminders resend them."""
    _require(by, round_.unit)
    with transaction.atomic(), set_actor(by):
        if link_base and round_.link_base != link_base:
            round_.link_base = link_base
            Round.objects.filter(pk=round_.pk).update(link_base=link_base)
        have = set(Token.objects.filter(round=round_).values_list("worker_id", flat=True))
        created = []
        for worker in audience_workers(round_):
            if worker.pk in have or not worker.user.email:
                continue
            team = worker.memberships.filter(team__in=round_.teams.all()).first()
            created.append(
                Token(
                    round=round_,
                    nonce=secrets.token_hex(8),
                    worker=worker,
                    team_code=team.team.code if team else "",
                )
            )
        Token.objects.bulk_create(created)
        _mail(round_, created, link_for, reminder=False)
        _note(round_, by, links_sent=len(created))
    return len(created)


def remind(round_: Round, link_for: Any, *, by: User | None) -> int:
    """Send the same link again to those whose link is still unused."""
    _require(by, round_.unit)
    with transaction.atomic(), set_actor(by):
        pending = list(
            Token.objects.filter(round=round_, used=False, worker__isnull=False).select_related(
                "worker__user"
            )
        )
        _mail(round_, pending, link_for, reminder=True)
        for token in pending:
            token.reminders += 1
        Token.objects.bulk_update(pending, ["reminders"])
        _note(round_, by, reminders_sent=len(pending))
    return len(pending)


def _mail(round_: Round, tokens: Iterable[Token], link_for: Any, *, reminder: bool) -> None:
    from .definition import pick

    title = round_.version.parsed().title
    messages = []
    for token in tokens:
        worker = token.worker
        if worker is None or not worker.user.email:
            continue
        language = (worker.languages or ["fi"])[0] if worker.languages else "fi"
        with translation.override(language if language in ("fi", "sv", "en") else "fi"):
            subject = (_("Reminder: %(title)s") if reminder else _("Survey: %(title)s")) % {
                "title": pick(title, language)
            }
            body = _(
                "You are asked to answer a survey. The link is personal and works once; "
                "your answers are not linked to you.\n\n%(link)s\n"
            ) % {"link": link_for(link_token(token))}
        messages.append((subject, body, None, [worker.user.email]))
    send_mass_mail(messages, fail_silently=False)


# ---- the schedule --------------------------------------------------------------------------


def set_schedule(
    round_: Round,
    *,
    scheduled: bool,
    remind_every_days: int,
    reminders_max: int,
    by: User | None,
) -> Round:
    """Whether the round opens and closes on its planned dates, and how often the unused
    links are reminded (0: never). Audited like every change to a round."""
    _require(by, round_.unit)
    if not 0 <= remind_every_days <= 60 or not 0 <= reminders_max <= 10:
        raise SurveyError(_("Remind every 0–60 days, at most 10 times."))
    with transaction.atomic(), set_actor(by):
        locked = Round.objects.select_for_update().get(pk=round_.pk)
        locked.scheduled = scheduled
        locked.remind_every_days = remind_every_days
        locked.reminders_max = reminders_max
        locked.save()
    return locked


def run_schedule(day: Any, link_path: Any) -> dict[str, list[int]]:
    """The daily job: open the scheduled rounds whose planned start has come, close those
    whose planned end has passed (answers are taken through the planned end), and remind
    the unused links of open rounds whose reminder is due. `link_path(token)` is the
    answering path; the round's `link_base` makes it absolute. Reminders tell nobody who
    answered: a token knows only that it was used."""
    from .rules import reminder_due

    opened, closed, reminded = [], [], []
    for round_ in Round.objects.filter(scheduled=True, opens_on__isnull=True).select_related(
        "unit"
    ):
        if round_.planned_start <= day <= round_.planned_end:
            with transaction.atomic():
                Round.objects.filter(pk=round_.pk).update(opens_on=round_.planned_start)
                _note(round_, None, opened_on_schedule=round_.planned_start)
            opened.append(round_.pk)
    for round_ in Round.objects.filter(
        scheduled=True, opens_on__isnull=False, closes_on__isnull=True, planned_end__lt=day
    ):
        closes = round_.planned_end + dt.timedelta(days=1)
        with transaction.atomic():
            Round.objects.filter(pk=round_.pk).update(closes_on=closes)
            _note(round_, None, closed_on_schedule=closes)
        closed.append(round_.pk)
    for round_ in Round.objects.filter(remind_every_days__gt=0).exclude(link_base=""):
        if not is_open(round_) or not reminder_due(
            day,
            opened=round_.opens_on,
            last=round_.last_reminded_on,
            every=round_.remind_every_days,
            sent=round_.reminders_sent,
            most=round_.reminders_max,
        ):
            continue
        base = round_.link_base.rstrip("/")
        remind(round_, lambda token, base=base: f"{base}{link_path(token)}", by=None)
        Round.objects.filter(pk=round_.pk).update(
            last_reminded_on=day, reminders_sent=round_.reminders_sent + 1
        )
        reminded.append(round_.pk)
    return {"opened": opened, "closed": closed, "reminded": reminded}


# ---- answering -----------------------------------------------------------------------------


def save_draft(token: Token, answers: Mapping[str, Answer], page: int) -> Draft:
    """Save-and-continue: the answers so far, tied to the link until submitted."""
    if token.used:
        raise SurveyError(_("This link has already been used."))
    with transaction.atomic():
        draft, _created = Draft.objects.select_for_update().get_or_create(token=token)
        draft.answers = {**draft.answers, **answers}
        draft.page = page
        draft.save()
    return draft


def submit_token(token: Token, answers: Mapping[str, Answer]) -> None:
    """Write the response with no link to the token, delete the draft, mark the link used."""
    with transaction.atomic():
        locked = (
            Token.objects.select_for_update(of=("self",))
            .select_related("round", "worker")
            .get(pk=token.pk)
        )
        if locked.used:
            raise SurveyError(_("This link has already been used."))
        if not is_open(locked.round):
            raise SurveyError(_("This survey is not open."))
        draft = Draft.objects.filter(token=locked).first()
        merged = {**(draft.answers if draft else {}), **answers}
        Response.objects.create(
            round=locked.round,
            received_on=today(),
            answers=merged,
            **_attributes(locked.worker, locked.team_code),
        )
        Draft.objects.filter(token=locked).delete()
        locked.used = True
        locked.save(update_fields=["used"])


def submit_open(round_: Round, answers: Mapping[str, Answer], entered_by: str) -> None:
    """An answer through the open link (rate limited by the view)."""
    if entered_by not in EnteredBy.values or entered_by == EnteredBy.WEBROPOL:
        raise SurveyError(_("Unknown way of entering."))
    with transaction.atomic():
        if not is_open(round_):
            raise SurveyError(_("This survey is not open."))
        Response.objects.create(
            round=round_, received_on=today(), answers=dict(answers), entered_by=entered_by
        )


def _attributes(worker: Worker | None, team_code: str) -> dict[str, str]:
    area = ""
    if team_code:
        team = Team.objects.select_related("unit__service_area").filter(code=team_code).first()
        area = team.unit.service_area.code if team else ""
    return {
        "team_code": team_code,
        "area_code": area,
        "profession": worker.role if worker is not None else "",
    }


def may_answer(round_: Round, worker: Worker) -> bool:
    """A named round is answered by its audience: workers of its teams (and roles)."""
    if round_.roles and worker.role not in round_.roles:
        return False
    return not round_.teams.exists() or round_.teams.filter(memberships__worker=worker).exists()


def save_named(
    round_: Round,
    answers: Mapping[str, Answer],
    page: int,
    *,
    submit: bool,
    by: User,
) -> NamedResponse:
    """A named survey (the monthly self-assessment): the respondent's own answers."""
    worker = Worker.objects.filter(user=by, is_active=True).first()
    if worker is None:
        raise PermissionDenied
    if round_.version.survey.anonymous:
        raise SurveyError(_("This survey is anonymous."))
    if not may_answer(round_, worker):
        raise PermissionDenied
    with transaction.atomic(), set_actor(by):
        team = worker.memberships.select_related("team").first()
        response, _created = NamedResponse.objects.select_for_update().get_or_create(
            round=round_,
            respondent=worker,
            defaults=_attributes(worker, team.team.code if team else ""),
        )
        if response.submitted:
            raise SurveyError(_("You have already answered this round."))
        if submit and not is_open(round_):
            raise SurveyError(_("This survey is not open."))
        response.answers = {**response.answers, **answers}
        response.page = page
        if submit:
            response.submitted = True
            response.received_on = today()
        response.save()
    return response


# ---- Webropol ------------------------------------------------------------------------------


def import_responses(
    round_: Round,
    rows: Sequence[Mapping[str, Answer]],
    *,
    by: User | None,
) -> int:
    """Responses mapped from a Webropol export (see `tyonjako.surveys.webropol`)."""
    _require(by, round_.unit)
    if round_.version.survey.anonymous is False:
        raise SurveyError(_("Only anonymous surveys take imported responses."))
    day = round_.closes_on or round_.planned_end
    with transaction.atomic(), set_actor(by):
        Response.objects.bulk_create(
            Response(
                round=round_, received_on=day, answers=dict(row), entered_by=EnteredBy.WEBROPOL
            )
            for row in rows
        )
        _note(round_, by, webropol_rows=len(rows))
    return len(rows)


__all__ = ["Definition", "DefinitionError", "SurveyError"]
