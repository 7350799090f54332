"""Recording encounters by hand: one transaction each, audited with the acting user."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from auditlog.context import set_actor
from django.db import transaction
from django.utils.translation import gettext as _

from tyonjako.clients.models import Client
from tyonjako.organisation.models import Team, Worker

from .bands import county_bands
from .importing import duration_band
from .models import (
    CLIENTLESS_CONTACT_TYPES,
    CodeValue,
    Encounter,
    EncounterLink,
    LinkRole,
    PrecountedTable,
)
from .precounted import TableFileError, TableSpec

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class EncounterError(ValueError):
    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.message = message


@dataclass(frozen=True)
class EncounterData:
    date: dt.date
    team: Team
    contact_type: str
    time: dt.time | None = None
    duration_min: int | None = None
    reason: CodeValue | None = None
    target_group: CodeValue | None = None
    referred_by: CodeValue | None = None
    codes: tuple[CodeValue, ...] = ()
    partners: tuple[CodeValue, ...] = ()
    referred_to: tuple[CodeValue, ...] = ()
    provider: str = ""
    consent: bool | None = None
    task_code: str = ""
    task_flag: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def _check(data: EncounterData, today: dt.date, *, has_client: bool = True) -> None:
    if not has_client and data.contact_type not in CLIENTLESS_CONTACT_TYPES:
        raise EncounterError(
            "client",
            _(
                "Give the client, or choose consultation, group session or information "
                "event as the contact type."
            ),
        )
    if data.date > today:
        raise EncounterError("date", _("The date cannot be in the future."))
    if data.duration_min is not None and not 0 <= data.duration_min <= 1440:
        raise EncounterError("duration_min", _("The duration is 0–1440 minutes."))


def _fill(encounter: Encounter, data: EncounterData) -> None:
    encounter.date, encounter.time = data.date, data.time
    encounter.team, encounter.unit_id = data.team, data.team.unit_id
    encounter.contact_type = data.contact_type
    encounter.duration_min = data.duration_min
    encounter.duration_band = (
        duration_band(data.duration_min, county_bands()) if data.duration_min is not None else ""
    )
    encounter.reason, encounter.target_group, encounter.referred_by = (
        data.reason,
        data.target_group,
        data.referred_by,
    )
    encounter.provider, encounter.consent = data.provider, data.consent
    encounter.task_code, encounter.task_flag = data.task_code, data.task_flag


def _links(encounter: Encounter, data: EncounterData) -> list[EncounterLink]:
    pairs = (
        [(LinkRole.CODE, v) for v in data.codes]
        + [(LinkRole.PARTNER, v) for v in data.partners]
        + [(LinkRole.DESTINATION, v) for v in data.referred_to]
    )
    unique = {(role, value.pk): value for role, value in pairs}
    return [EncounterLink(encounter=encounter, role=role, value_id=pk) for role, pk in unique]


def _check_team(data: EncounterData, by: User) -> None:
    """The encounter's team must be one the writer records for today (RECORD_ENCOUNTER)."""
    from tyonjako.access.policy import Action
    from tyonjako.access.subject import subject_of
    from tyonjako.organisation.access import covers_team

    if not covers_team(subject_of(by), Action.RECORD_ENCOUNTER, data.team):
        raise EncounterError("team", _("Choose one of your teams."))


def may_correct(encounter: Encounter, by: User) -> bool:
    """A worker may read and correct an encounter she recorded while its team is still hers."""
    from tyonjako.access.policy import Action
    from tyonjako.access.subject import subject_of
    from tyonjako.organisation.access import covers_team

    team = encounter.team
    return (
        encounter.recorded_by_id == by.pk
        and team is not None
        and covers_team(subject_of(by), Action.RECORD_ENCOUNTER, team)
    )


def _checked_task(data: EncounterData, worker: Worker | None) -> EncounterData:
    """The data with the task's flag for the recording worker's profession; a task the
    law reserves for a social worker is refused here, whoever calls the action."""
    if not data.task_code:
        return data
    # The task catalogue sits above encounters: imported where it is needed.
    from dataclasses import replace

    from tyonjako.common.professions import profession_of_title
    from tyonjako.tasks.linking import task_flag
    from tyonjako.tasks.services import active_catalogue

    profession = profession_of_title(worker.job_title if worker else None)
    flag = task_flag(active_catalogue(), data.task_code, profession)
    if flag == "reserved":
        raise EncounterError(
            "task", _("The law reserves this task for a social worker (in public office).")
        )
    return replace(data, task_flag=flag)


def record_encounter(
    client: Client | None, data: EncounterData, *, by: User, today: dt.date
) -> Encounter:
    """Record an encounter; without a client only a consultation, group session or
    information event (counted as a contact and its time, never as a client)."""
    _check(data, today, has_client=client is not None)
    _check_team(data, by)
    worker = Worker.objects.filter(user_id=by.pk).first()
    data = _checked_task(data, worker)
    with transaction.atomic(), set_actor(by):
        encounter = Encounter(
            source_system="manual",
            source_id=uuid.uuid4().hex,
            client=client,
            worker=worker,
            recorded_by=by,
        )
        _fill(encounter, data)
        encounter.save()
        EncounterLink.objects.bulk_create(_links(encounter, data))
    return encounter


def correct_encounter(
    encounter: Encounter, data: EncounterData, *, by: User, today: dt.date
) -> Encounter:
    """A worker corrects an encounter they recorded (imported ones: in the source system)."""
    if not may_correct(encounter, by):
        raise EncounterError(
            "encounter", _("You can correct only the encounters you recorded in your teams.")
        )
    _check(data, today, has_client=encounter.client_id is not None)
    _check_team(data, by)
    data = _checked_task(data, Worker.objects.filter(user_id=by.pk).first())
    with transaction.atomic(), set_actor(by):
        _fill(encounter, data)
        encounter.save()
        encounter.links.all().delete()
        EncounterLink.objects.bulk_create(_links(encounter, data))
    return encounter


def load_precounted_tables(specs: list[TableSpec], *, by: User | None) -> list[PrecountedTable]:
    """Store a file's pre-counted site tables (seed 001), all or none. Each names a unit
    of the organisation that the loader may import into (IMPORT_DATA; the command line
    everywhere); a table of the same unit, site and period is replaced (the audit log
    keeps what it held)."""
    from tyonjako.access.policy import Action
    from tyonjako.access.subject import subject_of
    from tyonjako.organisation.access import covers_unit
    from tyonjako.organisation.models import Unit

    units = {unit.code: unit for unit in Unit.objects.filter(code__in={s.unit for s in specs})}
    problems: list[tuple[int, str]] = []
    for spec in specs:
        unit = units.get(spec.unit)
        if unit is None:
            problems.append(
                (spec.line, _("Unit %(code)s is not in the organisation.") % {"code": spec.unit})
            )
        elif by is not None and not covers_unit(subject_of(by), Action.IMPORT_DATA, unit):
            problems.append(
                (
                    spec.line,
                    _("Unit %(code)s is unknown or not in your scope.") % {"code": spec.unit},
                )
            )
    if problems:
        raise TableFileError(problems)
    stored = []
    with transaction.atomic(), set_actor(by):
        for spec in specs:
            table, _created = PrecountedTable.objects.update_or_create(
                unit=units[spec.unit],
                site=spec.site,
                start=spec.start,
                end=spec.end,
                defaults={"source": spec.source, "figures": spec.figures, "loaded_by": by},
            )
            stored.append(table)
    return stored
