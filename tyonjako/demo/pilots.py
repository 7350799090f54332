"""The demo's pilot: seed 000's evaluation plan moved to the demo's year.

Its first two checkpoints are frozen (their cut-offs have passed); the final one
is left for the person trying the demo to freeze."""

from __future__ import annotations

import datetime as dt
import re

from tyonjako.pilots import actions
from tyonjako.pilots.definition import DEFAULT_INDICATORS_PATH
from tyonjako.pilots.models import Pilot

SEED_PILOT = DEFAULT_INDICATORS_PATH.with_name("seinajoki-2023.yaml")
FROZEN = ("interim-1", "interim-2")


def shifted_pilot_text(day: dt.date) -> str:
    """The seed's pilot with its years moved so that the pilot runs in `day`'s year
    (the plan's dates, 1.3.–31.12., kept; the key names the year)."""
    text = SEED_PILOT.read_text(encoding="utf-8")
    year = day.year if day >= dt.date(day.year, 11, 1) else day.year - 1

    def move(match: re.Match[str]) -> str:
        return str(int(match.group(0)) - 2023 + year)

    return re.sub(r"(?<![0-9])20(22|23)(?![0-9])", move, text)


def create_pilot(day: dt.date) -> Pilot:
    pilot = actions.load_pilot(shifted_pilot_text(day), by=None)
    for checkpoint in pilot.checkpoints.filter(
        key__in=FROZEN, cut_off__lt=day, frozen_at__isnull=True
    ):
        actions.freeze_checkpoint(checkpoint, by=None)
    actions.record_meeting(
        pilot,
        date=pilot.start + dt.timedelta(days=160),
        kind="evaluation",
        title="Arviointipalaveri: tilastokatsaus",
        memo=(
            "Käytiin läpi tilastokatsaus 31.7. tilanteesta. Sosiaaliohjaajien käynnit painottuvat "
            "osastoille A21 ja A22; kirjaamisen koodeja tarkennetaan."
        ),
        by=None,
    )
    return pilot
