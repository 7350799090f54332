"""Issue 14 §3: contacts per month, contact type × provider, coding completeness by
profession and month, and the share with consent — through the door."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from tests.conftest import Org
from tests.db.test_encounter_stats import encounter
from tests.factories import ClientFactory
from tyonjako.encounters.models import CodeValue, EncounterLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(org: Org) -> Org:
    """March: 6 counsellor encounters (public), 2 with a reason, 1 with a code, 3 with consent;
    April: 5 social worker encounters (private), all with a reason."""
    reason = CodeValue.objects.create(list="reason", code="R1", name_fi="R", name_sv="R")
    icd = CodeValue.objects.create(
        list="code", system="ICD10", code="Z59", name_fi="Z", name_sv="Z"
    )
    client = ClientFactory(team=org.team_a)
    for n in range(6):
        e = encounter(
            client,
            org.team_a,
            "visit" if n < 4 else "phone",
            dt.date(2023, 3, 1 + n),
            worker=org.counsellor,
            reason=reason if n < 2 else None,
            provider="public",
            consent=n < 3,
            source=f"m{n}",
        )
        if n == 5:
            EncounterLink.objects.create(encounter=e, role="code", value=icd)
    for n in range(5):
        encounter(
            client,
            org.team_a,
            "visit",
            dt.date(2023, 4, 1 + n),
            worker=org.social_worker,
            reason=reason,
            provider="private",
            source=f"a{n}",
        )
    return org


def test_the_figures_for_someone_who_sees_clients(recorded: Org, login) -> None:
    data = (
        login(recorded.lead)
        .get("/api/v1/encounters/recording/", {"unit": recorded.team_a.code})
        .json()
    )
    assert data["months"] == {"2023-03": 6, "2023-04": 5}
    assert data["contact_provider"] == {
        "phone": {"public": 2},
        "visit": {"private": 5, "public": 4},
    }
    counsellor = data["completeness"]["by_profession"]["counsellor"]
    assert counsellor["encounters"] == 6 and counsellor["without_reason"] == 4
    assert counsellor["without_code"] == 5 and counsellor["without_either"] == 3
    assert counsellor["with_consent_share"] == 50.0
    assert data["completeness"]["by_month"]["2023-04"]["without_reason"] == 0
    assert data["period"] and data["suppressed"] is False


def test_suppressed_for_an_evaluator_and_the_command_agrees(recorded: Org, login) -> None:
    api = (
        login(recorded.evaluator)
        .get("/api/v1/encounters/recording/", {"unit": recorded.team_a.code})
        .json()
    )
    assert api["contact_provider"]["phone"] == {"public": None}
    counsellor = api["completeness"]["by_profession"]["counsellor"]
    assert counsellor["with_consent"] is None and counsellor["with_consent_share"] is None
    assert counsellor["encounters"] == 6
    out = io.StringIO()
    call_command("report", "recording", "--unit", recorded.team_a.code, "--suppress", stdout=out)
    assert json.loads(out.getvalue()) == api


def test_bad_input_and_places_outside_the_scope_are_refused(recorded: Org, login) -> None:
    client = login(recorded.lead)
    url = "/api/v1/encounters/recording/"
    assert client.get(url, {"unit": recorded.team_b.code}).status_code == 400
    assert client.get(url, {"unit": recorded.team_a.code, "from": "x"}).status_code == 400
    client.logout()
    assert client.get(url, {"unit": recorded.team_a.code}).status_code in (401, 403)


def test_the_statistics_page_shows_the_same_figures_with_a_monthly_chart(
    recorded: Org, login
) -> None:
    client = login(recorded.lead)
    code = recorded.team_a.code
    plain = client.get("/encounters/statistics/", {"units": code})
    assert plain.context["recording"] == [] and 'data-testid="recording-link"' in (
        plain.content.decode()
    )  # a scan of the period's encounters: only when asked for
    page = client.get("/encounters/statistics/", {"units": code, "recording": "1"})
    assert page.status_code == 200
    api = client.get("/api/v1/encounters/recording/", {"unit": code}).json()
    (figures,) = page.context["recording"]
    assert figures["months"] == api["months"] == {"2023-03": 6, "2023-04": 5}
    assert figures["completeness"] == api["completeness"]
    chart = page.context["months_chart"]
    assert chart["labels"] == ["3/2023", "4/2023"] and chart["datasets"][0]["data"] == [6, 5]
    html = page.content.decode()
    assert 'id="months-chart"' in html and f'data-testid="completeness-{code}"' in html
    # the counsellor's 6 encounters: 4 without a reason = 66,7 %
    assert "66,7 %" in html


def test_the_page_hides_small_cells_for_an_evaluator(recorded: Org, login) -> None:
    page = login(recorded.evaluator).get(
        "/encounters/statistics/", {"units": recorded.team_a.code, "recording": "1"}
    )
    (figures,) = page.context["recording"]
    assert figures["suppressed"] is True
    assert figures["provider_rows"][0]["values"][0] is None  # phone, public: 2 → "<5"
    assert ">&lt;5<" in page.content.decode()
    html = page.content.decode()
    assert ">..<" in html and "”..” = osuutta ei näytetä" in html  # a hidden share, explained


def test_the_csv_of_the_command_has_the_same_figures_labelled(recorded: Org) -> None:
    out = io.StringIO()
    code = recorded.team_a.code
    call_command("report", "recording", "--unit", code, "--format", "csv", stdout=out)
    text = out.getvalue()
    assert text.startswith("\ufeffyksikkö;osio;koodi;selite;mittari;arvo;ajanjakso")
    rows = [line.split(";") for line in text.strip().splitlines()[1:]]
    assert [code, "months", "2023-03", "3/2023", "contacts", "6"] == rows[0][:6]
    by_key = {(r[1], r[2], r[4]): r for r in rows}
    assert by_key[("contact_provider", "visit/private", "contacts")][3] == "Käynnit / Yksityinen"
    counsellor = by_key[("completeness_by_profession", "counsellor", "with_consent_share")]
    assert counsellor[5] == "50,0" and counsellor[3] == "sosiaaliohjaaja"
    out = io.StringIO()
    call_command(
        "report", "recording", "--unit", code, "--format", "csv", "--language", "sv",
        "--suppress", stdout=out,
    )  # fmt: skip
    sv = {(r[1], r[2], r[4]): r for r in (line.split(";") for line in out.getvalue().splitlines())}
    assert sv[("contact_provider", "phone/public", "contacts")][3:6] == [
        "Samtal / Offentlig",
        "contacts",
        "<5",
    ]
    assert sv[("completeness_by_profession", "counsellor", "with_consent_share")][5] == ".."
