"""The demo wellbeing area: bilingual, three service areas and a hospital.

Names of places and municipality codes are real; people and client numbers
are invented.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from tyonjako.organisation.loader import Record

DEMO_PASSWORD = "demo"


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    description: str


DEMO_USERS = (
    DemoUser("ohjaaja", "counsellor", "social counsellor, adults 30–64, central"),
    DemoUser(
        "sosiaalityontekija",
        "social_worker",
        "social worker in public office, adults 30–64, central",
    ),
    DemoUser("johtava", "lead", "lead social worker, central adult teams"),
    DemoUser("sihteeri", "secretary", "service secretary, central adult social work"),
    DemoUser("johtaja", "director", "unit director, central service area"),
    DemoUser("arvioija", "evaluator", "evaluator of the pilot"),
    DemoUser("paakayttaja", "admin", "administrator"),
)

AREA = {
    "code": "POHJ",
    "name_fi": "Pohjanmaan hyvinvointialue",
    "name_sv": "Välfärdsområdet i Österbotten",
    "name_en": "Ostrobothnia wellbeing services county",
}

SERVICE_AREAS = (
    (
        "ETELA",
        "Eteläinen palvelualue",
        "Södra serviceområdet",
        "Southern service area",
        0.55,
        ("545", "287", "231", "280"),
    ),
    (
        "KESKI",
        "Keskinen palvelualue",
        "Mellersta serviceområdet",
        "Central service area",
        0.3,
        ("905", "499", "475", "399", "152"),
    ),
    (
        "POHJOINEN",
        "Pohjoinen palvelualue",
        "Norra serviceområdet",
        "Northern service area",
        0.5,
        ("598", "893", "599", "440", "946"),
    ),
)
"""code, names, share of Swedish-speaking clients, municipality codes."""

HOSPITAL_UNIT = "KESKI-SAIR"
HOSPITAL_WARDS = (
    ("SAIR-A21", "Osasto A21", "Avdelning A21", "Ward A21"),
    ("SAIR-A22", "Osasto A22", "Avdelning A22", "Ward A22"),
)

FIRST_FI = (
    "Aino",
    "Elina",
    "Sanna",
    "Jussi",
    "Mikko",
    "Laura",
    "Heikki",
    "Tiina",
    "Paula",
    "Antti",
    "Riikka",
    "Johanna",
    "Kaisa",
    "Ville",
    "Marja",
    "Outi",
)
FIRST_SV = (
    "Annika",
    "Johan",
    "Sofia",
    "Mikael",
    "Linnea",
    "Henrik",
    "Maria",
    "Fredrik",
    "Ida",
    "Camilla",
)
LAST_FI = (
    "Virtanen",
    "Mäkinen",
    "Koskinen",
    "Heikkilä",
    "Laine",
    "Järvinen",
    "Lehtonen",
    "Salo",
    "Kallio",
    "Hakala",
    "Niemi",
    "Rantala",
)
LAST_SV = ("Holmström", "Lindqvist", "Sjöberg", "Björkman", "Nyman", "Ek", "Granholm", "Forsman")


def adult_unit(area_code: str) -> str:
    return f"{area_code}-ASTY"


def adult_teams(area_code: str) -> tuple[str, str]:
    return f"{area_code}-1829", f"{area_code}-3064"


def organisation_records(rng: random.Random, start: str) -> list[Record]:
    records = [Record("area", 0, dict(AREA))]
    for code, fi, sv, en, _share, _municipalities in SERVICE_AREAS:
        records.append(
            Record(
                "service_area",
                0,
                {"code": code, "parent": "POHJ", "name_fi": fi, "name_sv": sv, "name_en": en},
            )
        )
        records.append(
            Record(
                "unit",
                0,
                {
                    "code": adult_unit(code),
                    "parent": code,
                    "name_fi": f"Aikuissosiaalityö – {fi}",
                    "name_sv": f"Vuxensocialarbete – {sv}",
                    "name_en": f"Adult social work – {en}",
                },
            )
        )
        young, adults = adult_teams(code)
        records.append(
            _team(
                young,
                adult_unit(code),
                "Nuoret aikuiset 18–29",
                "Unga vuxna 18–29",
                "Young adults 18–29",
                18,
                29,
            )
        )
        records.append(
            _team(adults, adult_unit(code), "Aikuiset 30–64", "Vuxna 30–64", "Adults 30–64", 30, 64)
        )
    records.append(
        Record(
            "unit",
            0,
            {
                "code": HOSPITAL_UNIT,
                "parent": "KESKI",
                "name_fi": "Keskussairaalan terveyssosiaalityö",
                "name_sv": "Centralsjukhusets hälsosociala arbete",
                "name_en": "Central hospital health social work",
            },
        )
    )
    for code, fi, sv, en in HOSPITAL_WARDS:
        records.append(
            Record(
                "team",
                0,
                {
                    "code": code,
                    "parent": HOSPITAL_UNIT,
                    "name_fi": fi,
                    "name_sv": sv,
                    "name_en": en,
                    "team_kind": "health_social_work",
                },
            )
        )
    records.extend(_workers(rng, start))
    return records


def _team(code: str, unit: str, fi: str, sv: str, en: str, low: int, high: int) -> Record:
    return Record(
        "team",
        0,
        {
            "code": code,
            "parent": unit,
            "name_fi": fi,
            "name_sv": sv,
            "name_en": en,
            "team_kind": "adult_social_work",
            "age_min": low,
            "age_max": high,
        },
    )


def _person(rng: random.Random, swedish: bool) -> tuple[str, str]:
    if swedish:
        return rng.choice(FIRST_SV), rng.choice(LAST_SV)
    return rng.choice(FIRST_FI), rng.choice(LAST_FI)


class _Staff:
    """Builds worker, membership and post records with unique usernames."""

    def __init__(self, rng: random.Random, start: str) -> None:
        self.rng, self.start = rng, start
        self.records: list[Record] = []
        self.serial = 0

    def add(
        self,
        role: str,
        job_title: str,
        licence: str,
        unit: str,
        teams: tuple[str, ...],
        *,
        username: str | None = None,
        swedish_share: float = 0.3,
        fte: str = "1.00",
        public_office: bool = False,
        post: str | None = None,
    ) -> None:
        self.serial += 1
        swedish = self.rng.random() < swedish_share
        first, last = _person(self.rng, swedish)
        name = username or f"{first.lower()}.{last.lower()}{self.serial}".translate(
            str.maketrans("äöå", "aoa")
        )
        languages = (
            ["sv", "fi"] if swedish else (["fi", "sv"] if self.rng.random() < 0.35 else ["fi"])
        )
        self.records.append(
            Record(
                "worker",
                0,
                {
                    "username": name,
                    "first_name": first,
                    "last_name": last,
                    "role": role,
                    "job_title": job_title,
                    "licence": licence,
                    "fte": fte,
                    "public_office": public_office,
                    "languages": languages,
                    "home_unit": unit,
                    "valvira_number": f"{10000000000 + self.serial * 7919}"
                    if licence != "none"
                    else "",
                },
            )
        )
        for team in teams:
            self.records.append(
                Record("membership", 0, {"username": name, "team": team, "start": self.start})
            )
        if post:
            self.records.append(
                Record(
                    "post",
                    0,
                    {
                        "code": f"{post}-{self.serial:03d}",
                        "unit": unit,
                        "team": teams[0] if teams else None,
                        "profession": post,
                        "fte": fte,
                        "public_office": public_office,
                        "holder": name,
                    },
                )
            )


def _workers(rng: random.Random, start: str) -> list[Record]:
    staff = _Staff(rng, start)
    for code, _fi, _sv, _en, share, _m in SERVICE_AREAS:
        unit, teams = adult_unit(code), adult_teams(code)
        central = code == "KESKI"
        staff.add(
            "lead",
            "lead_social_worker",
            "social_worker",
            unit,
            teams,
            swedish_share=share,
            public_office=True,
            username="johtava" if central else None,
            post="lead_social_worker",
        )
        for team in teams:
            for index in range(2):
                staff.add(
                    "social_worker",
                    "social_worker",
                    "social_worker",
                    unit,
                    (team,),
                    swedish_share=share,
                    public_office=True,
                    post="social_worker",
                    username="sosiaalityontekija"
                    if central and team.endswith("3064") and index == 0
                    else None,
                )
            for index in range(3):
                staff.add(
                    "counsellor",
                    "counsellor",
                    "sosionomi",
                    unit,
                    (team,),
                    swedish_share=share,
                    fte="0.80" if index == 2 else "1.00",
                    post="counsellor",
                    username="ohjaaja"
                    if central and team.endswith("3064") and index == 0
                    else None,
                )
        staff.add(
            "secretary",
            "service_secretary",
            "none",
            unit,
            teams,
            swedish_share=share,
            username="sihteeri" if central else None,
            post="service_secretary",
        )
        # Open social-worker posts per area: the vacancies seed 003 talks about, one
        # in recruitment with a round that found no qualified applicant, one approved.
        staff.records.append(
            Record(
                "post",
                0,
                {
                    "code": f"{code}-STT-AVOIN",
                    "unit": unit,
                    "team": teams[1],
                    "profession": "social_worker",
                    "fte": "1.00",
                    "public_office": True,
                    "status": "recruiting",
                    "vacant_since": start,
                    "rounds": [
                        {
                            "opened": start,
                            "applicants": 2,
                            "qualified": 0,
                            "outcome": "no_qualified",
                        }
                    ],
                },
            )
        )
        staff.records.append(
            Record(
                "post",
                0,
                {
                    "code": f"{code}-STT-AVOIN-2",
                    "unit": unit,
                    "team": teams[0],
                    "profession": "social_worker",
                    "fte": "1.00",
                    "public_office": True,
                    "status": "approved",
                    "vacant_since": start,
                },
            )
        )
    wards = tuple(code for code, *_ in HOSPITAL_WARDS)
    staff.add(
        "lead",
        "lead_social_worker",
        "social_worker",
        HOSPITAL_UNIT,
        wards,
        public_office=True,
        post="lead_social_worker",
    )
    for ward in wards:
        staff.add(
            "social_worker",
            "social_worker",
            "social_worker",
            HOSPITAL_UNIT,
            (ward,),
            public_office=True,
            post="social_worker",
        )
    # Seed 003: counsellors at 1.5 FTE in the hospital pilot.
    staff.add("counsellor", "counsellor", "sosionomi", HOSPITAL_UNIT, wards, post="counsellor")
    staff.add(
        "counsellor", "counsellor", "sosionomi", HOSPITAL_UNIT, wards, fte="0.50", post="counsellor"
    )
    # Seed 003: the second pilot counsellor is paid half from project funding.
    staff.records[-1].values.update(kind="fixed_term", funding={"county": "0.5", "project": "0.5"})
    staff.add(
        "director",
        "unit_director",
        "social_worker",
        "KESKI-ASTY",
        (),
        username="johtaja",
        public_office=True,
    )
    staff.add("evaluator", "project_worker", "none", "KESKI-ASTY", (), username="arvioija")
    staff.add("admin", "other", "none", "KESKI-ASTY", (), username="paakayttaja")
    return staff.records
