"""Registration suggests the team from the client's age and the teams' age ranges."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import Org
from tyonjako.clients.models import Client
from tyonjako.organisation.fields import team_for_age

DAY = dt.date(2026, 11, 25)
RANGES = [(1, 18, 29), (2, 30, 64), (3, None, None)]


def test_the_team_whose_range_holds_the_age_is_chosen() -> None:
    assert team_for_age(RANGES, 2000, DAY) == 1
    assert team_for_age(RANGES, 1980, DAY) == 2
    assert team_for_age(RANGES, 1950, DAY) is None
    assert team_for_age(RANGES, None, DAY) is None


@given(st.integers(1900, 2026))
def test_a_chosen_team_always_fits_the_age(birth_year: int) -> None:
    chosen = team_for_age(RANGES, birth_year, DAY)
    if chosen is not None:
        _pk, low, high = next(row for row in RANGES if row[0] == chosen)
        assert low is not None and high is not None
        assert low <= DAY.year - birth_year <= high


def _post(login, org: Org, birth_year: str) -> object:
    return login(org.secretary).post(
        "/clients/new/",
        {
            "key": "K-77",
            "team": "",
            "language": "fi",
            "pending_since": "2026-11-24",
            "birth_year": birth_year,
            "gender": "unknown",
            "employment": "unknown",
        },
    )


@pytest.mark.django_db
def test_a_client_of_26_goes_to_the_18_29_team(org: Org, login) -> None:
    response = _post(login, org, "2000")
    assert response.status_code == 302
    assert Client.objects.get(key="K-77").team == org.team_a2


@pytest.mark.django_db
def test_without_a_birth_year_the_team_must_be_chosen(org: Org, login) -> None:
    response = _post(login, org, "")
    assert response.status_code == 400 and "team" in response.context["form"].errors


@pytest.mark.django_db
def test_the_team_picker_names_the_service_area(org: Org, login) -> None:
    html = login(org.secretary).get("/clients/new/").content.decode()
    assert f"{org.team_a2.name}" in html and f" – {org.team_a2.unit.service_area.name}" in html
