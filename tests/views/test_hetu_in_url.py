"""Identity codes never travel in addresses (issue 13 §2): pages, API and audit refuse them."""

import pytest
from auditlog.models import LogEntry

from tests.conftest import Org

pytestmark = pytest.mark.django_db
HETU = "131052-308T"


@pytest.mark.parametrize(
    "path",
    [
        f"/clients/{HETU}/",
        f"/clients/{HETU}/assessment/",
        f"/clients/{HETU}/assign/",
        f"/audit/client/{HETU}/",
        f"/clients/?q={HETU}",
    ],
)
def test_a_page_address_with_an_identity_code_is_refused_clearly(
    org: Org, login, path: str
) -> None:
    response = login(org.secretary).get(path)
    assert response.status_code == 400
    assert 'data-testid="hetu-in-url"' in response.content.decode()


def test_an_api_address_with_an_identity_code_is_refused_clearly(org: Org, login) -> None:
    response = login(org.secretary).get(f"/api/v1/clients/{HETU}/")
    assert response.status_code == 400 and response.json()["detail"]
    assert HETU not in response.content.decode()


def test_the_refusal_is_logged_without_the_code(org: Org, login) -> None:
    login(org.secretary).get(f"/clients/{HETU}/")
    entry = LogEntry.objects.filter(additional_data__denied=True).latest("pk")
    assert entry.actor == org.secretary.user and HETU not in str(entry.object_repr)


def test_a_lookup_by_identity_code_is_a_post_and_lands_on_the_keyed_address(
    org: Org, login
) -> None:
    response = login(org.secretary).post("/clients/find/", {"key": HETU})
    assert response.status_code == 302 and HETU not in response["Location"]


def test_an_ordinary_client_number_still_works(org: Org, login) -> None:
    assert login(org.secretary).get("/clients/AS-2/").status_code == 200
