"""Sample encounter statistics for the export tests."""

from __future__ import annotations

import copy
import datetime as dt
import io
from typing import Any

import openpyxl
from openpyxl.workbook.workbook import Workbook

GENERATED = dt.datetime(2023, 12, 31, 14, 30)
TITLE = "Sosiaaliohjaus terveyssosiaalityössä – tilastokatsaus"

KESKI: dict[str, Any] = {
    "unit": "KESKI-SAIR",
    "unit_name": {
        "fi": "Keskussairaalan terveyssosiaalityö",
        "sv": "Centralsjukhusets socialarbete",
        "en": "Central hospital social work",
    },
    "from": "2023-03-01",
    "to": "2023-10-31",
    "contacts": {
        "visit": 120,
        "phone": 80,
        "no_show": 6,
        "home_visit": 3,
        "remote": 10,
        "other": 2,
        "total": 221,
    },
    "clients": 95,
    "contacts_per_client": 2.3,
    "gender": {"female": 50, "male": 40, "other": 1, "unknown": 4},
    "employment": {
        "unemployed": 27,
        "retired": 32,
        "student": 4,
        "employed": 6,
        "parental_leave": 1,
        "sick_leave": 15,
        "other": 3,
        "unknown": 7,
    },
    "age_groups": {"18_29": 10, "30_44": 20, "45_64": 35, "65_74": 18, "75_": 10, "unknown": 2},
    "language": {"fi": 88, "sv": 5, "other": 2},
    "reasons": {"TOIMEENTULO": 40, "ASUMINEN": 22},
    "target_groups": {"AIKUINEN": 70, "PERHE": 25},
    "codes": {"RS:RS12": 33, "ICD10:Z59.0": 7},
    "duration_bands": {"lt15": 50, "15_29": 80, "30_59": 60, "60_89": 20, "ge90": 5, "unknown": 6},
    "partners": {"KELA": 40, "TE": 12},
    "referred_by": {"LAAKARI": 50, "SH": 30},
    "referred_to": {"KELA": 30, "AIKSOS": 20},
    "flows": [
        {"from": "LAAKARI", "to": "KELA", "count": 20},
        {"from": "SH", "to": "AIKSOS", "count": 12},
    ],
    "provider": {"public": 200, "private": 21, "unknown": 0},
    "suppressed": False,
    "threshold": 5,
}

JKL: dict[str, Any] = {
    **copy.deepcopy(KESKI),
    "unit": "JKL-TK",
    "unit_name": {
        "fi": "Jyväskylän terveysasemat",
        "sv": "Jyväskylä hälsostationer",
        "en": "Jyväskylä health centres",
    },
    "from": None,
    "to": "2023-07-31",
    "contacts": {
        "visit": 36,
        "phone": 22,
        "no_show": 10,
        "home_visit": None,
        "remote": None,
        "other": None,
        "total": 70,
    },
    "clients": 70,
    "contacts_per_client": None,
    "reasons": {"ASUMINEN": 9, "VELAT": None},
    "flows": [
        {"from": "LAAKARI", "to": "KELA", "count": None},
        {"from": "ITSE", "to": "KELA", "count": 6},
    ],
    "suppressed": True,
    "threshold": 5,
}

LABELS_IN: dict[str, dict[str, dict[str, str]]] = {
    "reasons": {
        "TOIMEENTULO": {"fi": "Toimeentulo", "sv": "Utkomst", "en": "Income"},
        "ASUMINEN": {"fi": "Asuminen", "sv": "Boende", "en": "Housing"},
    },
    "codes": {
        "RS:RS12": {
            "fi": "Sosiaalinen kuntoutus",
            "sv": "Social rehabilitering",
            "en": "Social rehabilitation",
        }
    },
    "referred_by": {
        "LAAKARI": {"fi": "Lääkäri", "sv": "Läkare", "en": "Doctor"},
        "ITSE": {"fi": "Asiakas itse", "sv": "Klienten själv", "en": "Client"},
    },
    "referred_to": {"KELA": {"fi": "Kela", "sv": "FPA", "en": "Kela"}},
}


def keski() -> dict[str, Any]:
    return copy.deepcopy(KESKI)


def jkl() -> dict[str, Any]:
    return copy.deepcopy(JKL)


def load(data: bytes) -> Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))
