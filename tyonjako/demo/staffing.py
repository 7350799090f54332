"""The demo's cost table and a saved scenario, so that `make run` shows one at /staffing/."""

from __future__ import annotations

import datetime as dt

from tyonjako.organisation.models import Unit
from tyonjako.staffing.models import CostParameterVersion, Scenario
from tyonjako.staffing.rules import default_parameters


def create_staffing(day: dt.date) -> None:
    parameters = default_parameters(dt.date(2024, 1, 1)).as_dict()
    parameters.pop("effective_from")
    CostParameterVersion.objects.update_or_create(
        effective_from=dt.date(2024, 1, 1),
        defaults={"data": parameters, "note": "Talentia 2024; sivukulut 2024 (demo)"},
    )
    unit = Unit.objects.filter(code="KESKI-ASTY").first()
    if unit is not None:
        Scenario.objects.create(
            key="keski-convert-two-vacancies",
            name="Kaksi avointa sosiaalityöntekijän vakanssia sosiaaliohjaajan vakansseiksi",
            unit=unit,
            changes=[{"op": "convert", "count": 2, "to": "counsellor", "grade": "", "fill": True}],
        )
