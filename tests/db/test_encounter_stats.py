"""Statistics against hand-computed figures, and suppression that cannot be undone."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import Org
from tests.factories import ClientFactory
from tyonjako.encounters.models import CodeValue, Encounter, EncounterLink
from tyonjako.encounters.stats import StatsFilter, suppress_report, unit_statistics

pytestmark = pytest.mark.django_db


def encounter(
    client, team, kind: str, day: dt.date, *, minutes=None, band="", reason=None, source="x", **kw
):
    return Encounter.objects.create(
        source_system="t",
        source_id=f"{source}-{Encounter.objects.count()}",
        date=day,
        unit=team.unit,
        team=team,
        client=client,
        contact_type=kind,
        duration_min=minutes,
        duration_band=band,
        reason=reason,
        **kw,
    )


@pytest.fixture
def small_unit(org: Org):
    """Three clients in team A: two women, one man; five contacts in March 2023, one in April."""
    reason = CodeValue.objects.create(
        list="reason", code="R1", name_fi="Toimeentulo", name_sv="Utkomst"
    )
    kela = CodeValue.objects.create(list="destination", code="KELA", name_fi="Kela", name_sv="FPA")
    source = CodeValue.objects.create(
        list="referral_source", code="OSASTO", name_fi="Osasto", name_sv="Avd."
    )
    women = [
        ClientFactory(team=org.team_a, gender="female", employment="unemployed", birth_year=1990)
        for _ in range(2)
    ]
    man = ClientFactory(team=org.team_a, gender="male", employment="retired", birth_year=1950)
    march = dt.date(2023, 3, 10)
    e1 = encounter(
        women[0],
        org.team_a,
        "visit",
        march,
        minutes=45,
        band="30_59",
        reason=reason,
        referred_by=source,
    )
    EncounterLink.objects.create(encounter=e1, role="destination", value=kela)
    encounter(women[0], org.team_a, "phone", march, minutes=10, band="lt15")
    encounter(women[1], org.team_a, "visit", march, minutes=20, band="15_29", reason=reason)
    encounter(man, org.team_a, "no_show", march)
    encounter(man, org.team_a, "home_visit", march, minutes=95, band="ge90")
    encounter(man, org.team_a, "visit", dt.date(2023, 4, 2), minutes=30, band="30_59")
    return org


def test_contacts_clients_and_profile_match_the_hand_count(small_unit: Org) -> None:
    report = unit_statistics(
        StatsFilter(small_unit.team_a.code, dt.date(2023, 3, 1), dt.date(2023, 3, 31))
    )
    assert report["contacts"] == {
        "visit": 2,
        "phone": 1,
        "no_show": 1,
        "home_visit": 1,
        "remote": 0,
        "other": 0,
        "total": 5,
    }
    assert report["clients"] == 3 and report["contacts_per_client"] == 1.67
    assert report["gender"] == {"female": 2, "male": 1, "other": 0, "unknown": 0}
    assert report["employment"]["unemployed"] == 2 and report["employment"]["retired"] == 1
    assert report["age_groups"]["30_44"] == 2 and report["age_groups"]["65_74"] == 1
    assert report["reasons"] == {"R1": 2, "none": 3}
    assert report["duration_bands"] == {
        "lt15": 1,
        "15_29": 1,
        "30_59": 1,
        "60_89": 0,
        "ge90": 1,
        "unknown": 1,
    }
    assert report["referred_by"] == {"OSASTO": 1, "none": 4}
    assert report["referred_to"] == {"KELA": 1}
    assert report["flows"] == [{"from": "OSASTO", "to": "KELA", "count": 1}]


def test_a_cut_off_date_counts_everything_up_to_it(small_unit: Org) -> None:
    report = unit_statistics(StatsFilter(small_unit.team_a.code, None, dt.date(2023, 4, 30)))
    assert report["contacts"]["total"] == 6 and report["from"] is None


def test_the_unit_code_covers_all_its_teams(small_unit: Org) -> None:
    report = unit_statistics(StatsFilter(small_unit.team_a.unit.code))
    assert report["contacts"]["total"] == 6


def test_the_command_gives_one_unit_at_the_top_and_several_keyed(small_unit: Org, capsys) -> None:
    call_command(
        "report",
        "encounters",
        "--unit",
        small_unit.team_a.code,
        "--from",
        "1.3.2023",
        "--to",
        "31.3.2023",
    )
    one = json.loads(capsys.readouterr().out)
    assert one["contacts"]["total"] == 5 and set(one) >= {
        "contacts",
        "clients",
        "gender",
        "employment",
        "codes",
    }
    call_command(
        "report", "encounters", "--unit", small_unit.team_a.code, "--unit", small_unit.team_b.code
    )
    several = json.loads(capsys.readouterr().out)
    assert set(several) == {small_unit.team_a.code, small_unit.team_b.code}


def test_the_command_writes_xlsx(small_unit: Org, tmp_path) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "tilasto.xlsx"
    call_command(
        "report",
        "encounters",
        "--unit",
        small_unit.team_a.code,
        "--format",
        "xlsx",
        "--output",
        str(target),
    )
    assert len(load_workbook(target).sheetnames) > 3


def test_suppressed_report_hides_the_small_cells(small_unit: Org) -> None:
    report = suppress_report(unit_statistics(StatsFilter(small_unit.team_a.code)), 5)
    assert report["contacts"]["total"] == 6
    assert report["clients"] is None and report["gender"]["female"] is None


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["visit", "phone", "no_show", "home_visit", "remote", "other"]),
        st.integers(min_value=0, max_value=30),
        min_size=6,
    )
)
def test_no_suppressed_contact_count_can_be_recovered(counts: dict[str, int]) -> None:
    report = {
        "contacts": {**counts, "total": sum(counts.values())},
        "clients": 50,
        "contacts_per_client": 1.0,
        **{
            name: {"a": 3, "b": 40}
            for name in (
                "gender",
                "employment",
                "language",
                "age_groups",
                "reasons",
                "target_groups",
                "duration_bands",
                "referred_by",
                "provider",
            )
        },
        "codes": {},
        "partners": {},
        "referred_to": {},
        "flows": [],
    }
    hidden = suppress_report(report, 5)["contacts"]
    cells = {k: v for k, v in hidden.items() if k != "total"}
    for value in cells.values():
        assert value is None or value == 0 or value >= 5
    missing = [k for k, v in cells.items() if v is None]
    if hidden["total"] is not None and missing:
        shown = sum(v for v in cells.values() if v is not None)
        assert len(missing) >= 2 and hidden["total"] - shown > len(missing)
