"""Demo encounters: a year of contacts by each client's workers, coded with the
shipped EXAMPLE code lists (not official values)."""

from __future__ import annotations

import datetime as dt
import random
import uuid

from tyonjako.caseload.models import Assignment, AssignmentKind
from tyonjako.encounters.bands import county_bands
from tyonjako.encounters.codes import load_examples
from tyonjako.encounters.importing import duration_band
from tyonjako.encounters.models import CodeValue, Encounter, EncounterLink, LinkRole
from tyonjako.encounters.tallies import mark_stale

CONTACT_WEIGHTS = {"visit": 45, "phone": 35, "no_show": 5, "home_visit": 5, "remote": 7, "other": 3}
DURATION = {
    "visit": (20, 75),
    "phone": (5, 25),
    "no_show": (0, 0),
    "home_visit": (45, 120),
    "remote": (15, 50),
    "other": (5, 30),
}


def create_encounters(rng: random.Random, day: dt.date) -> int:
    load_examples()
    lists: dict[str, list[CodeValue]] = {}
    for value in CodeValue.objects.all():
        lists.setdefault(value.list, []).append(value)
    encounters: list[Encounter] = []
    picks: list[tuple[int, list[tuple[str, CodeValue]]]] = []
    rows = (
        Assignment.objects.filter(kind=AssignmentKind.PERSONAL_WORKER)
        .select_related("client__team", "worker")
        .order_by("client_id")
    )
    for assignment in rows:
        client = assignment.client
        first = max(assignment.start, day - dt.timedelta(days=365))
        last = min(assignment.end or day, day)
        if first > last:
            continue
        for _ in range(rng.choices([1, 2, 3, 5, 8], [30, 25, 20, 15, 10])[0]):
            when = first + dt.timedelta(days=rng.randint(0, (last - first).days))
            kind = rng.choices(list(CONTACT_WEIGHTS), list(CONTACT_WEIGHTS.values()))[0]
            low, high = DURATION[kind]
            minutes = rng.randint(low, high) if high else 0
            encounters.append(
                Encounter(
                    source_system="demo",
                    source_id=uuid.UUID(int=rng.getrandbits(128)).hex,
                    date=when,
                    unit_id=client.team.unit_id,
                    team=client.team,
                    worker=assignment.worker,
                    client=client,
                    contact_type=kind,
                    duration_min=minutes,
                    duration_band=duration_band(minutes, county_bands()),
                    reason=rng.choice(lists["reason"]) if rng.random() < 0.9 else None,
                    target_group=rng.choice(lists["target_group"]) if rng.random() < 0.7 else None,
                    referred_by=rng.choice(lists["referral_source"])
                    if rng.random() < 0.4
                    else None,
                    provider="public" if rng.random() < 0.92 else "private",
                    consent=rng.random() < 0.85,
                )
            )
            links: list[tuple[str, CodeValue]] = [
                (LinkRole.CODE, v)
                for v in rng.sample(lists["code"], rng.choices([0, 1, 2], [40, 45, 15])[0])
            ]
            links += [
                (LinkRole.PARTNER, v)
                for v in rng.sample(lists["partner"], rng.choices([0, 1, 2], [50, 35, 15])[0])
            ]
            links += [
                (LinkRole.DESTINATION, v)
                for v in rng.sample(lists["destination"], rng.choices([0, 1], [70, 30])[0])
            ]
            picks.append((len(encounters) - 1, links))
    created = Encounter.objects.bulk_create(encounters, batch_size=1000)
    EncounterLink.objects.bulk_create(
        [
            EncounterLink(encounter=created[index], role=role, value=value)
            for index, links in picks
            for role, value in links
        ],
        batch_size=2000,
    )
    mark_stale((encounter.unit_id, encounter.date) for encounter in created)
    # Tasks derived from codes and reasons, as for any written encounter.
    from tyonjako.tasks.linking import link_tasks

    link_tasks([encounter.pk for encounter in created])
    return len(created)
