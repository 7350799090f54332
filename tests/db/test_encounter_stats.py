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
        "consultation": 0,
        "group": 0,
        "information": 0,
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
    for key, value in cells.items():
        # "<5" (None) only for a count under 5; "x" for a larger one hidden to protect it
        assert value in (None, "x") or value == 0 or value >= 5
        assert value is not None or 0 < counts[key] < 5
        assert value != "x" or counts[key] >= 5
    missing = [k for k, v in cells.items() if not isinstance(v, int)]
    if isinstance(hidden["total"], int) and missing:
        shown = sum(v for v in cells.values() if isinstance(v, int))
        assert len(missing) >= 2 and hidden["total"] - shown > len(missing)


# ------------------------------------------- against a reference computed in Python


def reference_statistics(flt: StatsFilter) -> dict:
    """The report computed the plain way: every Encounter row read and tested in Python."""
    from collections import Counter

    from tyonjako.clients.models import Employment, Gender
    from tyonjako.common.professions import SOCIAL_WORKER_TITLES
    from tyonjako.encounters.importing import DEFAULT_BANDS
    from tyonjako.encounters.models import ContactType, Provider
    from tyonjako.encounters.stats import AGE_GROUPS
    from tyonjako.organisation.models import Team, Unit

    team = Team.objects.filter(code=flt.code).first()
    unit = None if team else Unit.objects.get(code=flt.code)

    def counted(e: Encounter) -> bool:
        title = e.worker.job_title if e.worker else None
        return (
            (e.team_id == team.pk if team else e.unit_id == unit.pk)
            and (flt.start is None or e.date >= flt.start)
            and (flt.end is None or e.date <= flt.end)
            and (not flt.worker_ids or e.worker_id in flt.worker_ids)
            and (flt.profession != "social_worker" or title in SOCIAL_WORKER_TITLES)
            and (flt.profession != "counsellor" or title == "counsellor")
        )

    encounters = [
        e
        for e in Encounter.objects.select_related(
            "worker", "client", "reason", "target_group", "referred_by"
        )
        if counted(e)
    ]
    links = [
        link
        for link in EncounterLink.objects.select_related("value")
        if link.encounter_id in {e.pk for e in encounters}
    ]
    clients = {e.client_id: e.client for e in encounters}.values()

    def table(values, keys, missing):
        result = dict.fromkeys(keys, 0)
        for value in values:
            key = value if value in keys else missing
            result[key] = result.get(key, 0) + 1
        return result

    def by_code(values):
        """Codes in order, "none" (not recorded) first, as the report lists them."""
        counts = Counter(value.code if value and value.code else "none" for value in values)
        return {key: counts[key] for key in sorted(counts, key=lambda key: (key != "none", key))}

    def by_link(role, qualified=False):
        chosen = sorted(
            (link.value for link in links if link.role == role),
            key=lambda value: (value.system, value.code),
        )
        counts = Counter(value.qualified if qualified else value.code for value in chosen)
        return dict(counts)

    def age_group(birth_year):
        age = (flt.end or dt.date(2026, 11, 25)).year - birth_year if birth_year else -1
        return next((name for name, low, high in AGE_GROUPS if low <= age <= high), "unknown")

    contacts = table([e.contact_type for e in encounters], list(ContactType.values), "other")
    flows = Counter(
        (link.encounter.referred_by.code if link.encounter.referred_by else "none", link.value.code)
        for link in links
        if link.role == "destination"
    )
    place = team or unit
    return {
        "unit": flt.code,
        "unit_name": {
            "fi": place.name_fi,
            "sv": place.name_sv,
            "en": place.name_en or place.name_fi,
        },
        "from": flt.start.isoformat() if flt.start else None,
        "to": flt.end.isoformat() if flt.end else None,
        "contacts": {**contacts, "total": len(encounters)},
        "clients": len(clients),
        "contacts_per_client": round(len(encounters) / len(clients), 2) if clients else None,
        "gender": table([c.gender for c in clients], list(Gender.values), "unknown"),
        "employment": table([c.employment for c in clients], list(Employment.values), "unknown"),
        "language": table([c.language for c in clients], ["fi", "sv", "other"], "other"),
        "age_groups": table(
            [age_group(c.birth_year) for c in clients],
            [name for name, _low, _high in AGE_GROUPS] + ["unknown"],
            "unknown",
        ),
        "reasons": by_code([e.reason for e in encounters]),
        "target_groups": by_code([e.target_group for e in encounters]),
        "codes": by_link("code", qualified=True),
        "duration_bands": table(
            [e.duration_band for e in encounters], [band.code for band in DEFAULT_BANDS], "unknown"
        ),
        "partners": by_link("partner"),
        "referred_by": by_code([e.referred_by for e in encounters]),
        "referred_to": by_link("destination"),
        "flows": sorted(
            ({"from": a, "to": b, "count": n} for (a, b), n in flows.items()),
            key=lambda flow: (-flow["count"], flow["from"], flow["to"]),
        ),
        "provider": table([e.provider for e in encounters], list(Provider.values), "unknown"),
        "suppressed": False,
        "threshold": None,
    }


@pytest.fixture
def varied_data(org: Org) -> Org:
    """Encounters of three teams (one of them in another unit) and of no team, by workers
    of every profession and none, over 2022-2024, with values outside every list, values
    not recorded, several links each, and clients with missing or odd attributes."""
    import random

    from tests.factories import WorkerFactory

    rng = random.Random(2026)
    workers = [
        None,
        org.counsellor,
        org.social_worker,
        org.lead,
        org.secretary,
        org.outsider,
        WorkerFactory(job_title="student_substitute", role="social_worker"),
    ]

    def values(list_name, codes, system=""):
        return [
            CodeValue.objects.create(
                list=list_name, system=system, code=code, name_fi=code, name_sv=code
            )
            for code in codes
        ]

    reasons = [None, *values("reason", ["R2", "R1", "R10", "Ä"])]
    # The same code in another list: counted together with the reason R1 by code.
    reasons.append(values("target_group", ["R1"])[0])
    groups = [None, *values("target_group", ["TG1", "TG2"])]
    sources = [None, *values("referral_source", ["OSASTO", "KOTI", "A"])]
    codes = [
        *values("code", ["C2", "C1"], system="local"),
        *values("code", ["A01"], system="ICD10"),
        *values("code", ["X"]),
    ]
    partners = values("partner", ["KELA", "TE", "AA"])
    destinations = values("destination", ["KELA", "PSYK", "B"])
    clients = [
        ClientFactory(
            team=rng.choice([org.team_a, org.team_a2, org.team_b]),
            gender=rng.choice(["female", "male", "other", "unknown", ""]),
            employment=rng.choice(["unemployed", "retired", "student", "unknown", "", "odd"]),
            language=rng.choice(["fi", "sv", "other", "en", ""]),
            birth_year=rng.choice([None, 1940, 1955, 1980, 1995, 2003, 2012]),
        )
        for _ in range(25)
    ]
    for i in range(300):
        team = rng.choice([org.team_a, org.team_a, org.team_a2, org.team_b, None])
        e = Encounter.objects.create(
            source_system="t",
            source_id=f"v-{i}",
            date=dt.date(2022, 11, 1) + dt.timedelta(days=rng.randint(0, 500)),
            unit=team.unit if team else org.team_a.unit,
            team=team,
            worker=rng.choice(workers),
            client=rng.choice(clients),
            contact_type=rng.choice(["visit", "phone", "no_show", "remote", "other", "chat", ""]),
            duration_band=rng.choice(["lt15", "15_29", "30_59", "ge90", "", "odd"]),
            provider=rng.choice(["public", "private", "", "mixed"]),
            reason=rng.choice(reasons),
            target_group=rng.choice(groups),
            referred_by=rng.choice(sources),
        )
        for role, choices in (
            ("code", codes),
            ("partner", partners),
            ("destination", destinations),
        ):
            for value in rng.sample(choices, rng.choice([0, 0, 1, 2])):
                EncounterLink.objects.create(encounter=e, role=role, value=value)
    return org


@pytest.mark.parametrize(
    "make_filter",
    [
        lambda org: StatsFilter(org.team_a.code, dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
        lambda org: StatsFilter(org.team_a.unit.code, dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
        lambda org: StatsFilter(org.team_a.unit.code, None, dt.date(2023, 6, 30)),
        lambda org: StatsFilter(org.team_b.code),
        lambda org: StatsFilter(org.team_a2.code, dt.date(2023, 3, 1), dt.date(2023, 3, 31)),
        lambda org: StatsFilter(org.team_a.unit.code, profession="social_worker"),
        lambda org: StatsFilter(
            org.team_a.code, dt.date(2023, 1, 1), None, profession="counsellor"
        ),
        lambda org: StatsFilter(
            org.team_a.unit.code,
            dt.date(2023, 1, 1),
            dt.date(2023, 12, 31),
            worker_ids=(org.social_worker.pk, org.lead.pk),
        ),
        lambda org: StatsFilter(org.team_a.code, dt.date(2030, 1, 1), dt.date(2030, 12, 31)),
    ],
    ids=[
        "team-year",
        "unit-year",
        "unit-cut-off",
        "other-unit-team-open",
        "team-month",
        "social-workers",
        "counsellors",
        "workers",
        "empty",
    ],
)
def test_statistics_match_a_reference_computed_row_by_row(varied_data: Org, make_filter) -> None:
    flt = make_filter(varied_data)
    report = unit_statistics(flt)
    expected = reference_statistics(flt)
    assert report == expected
    # Same order too: the exports list code values in the order the report gives them.
    for name in ("reasons", "target_groups", "referred_by", "codes", "partners", "referred_to"):
        assert list(report[name]) == list(expected[name]), name
