import pytest

from tests.conftest import Org

pytestmark = pytest.mark.django_db


def test_the_home_page_needs_a_log_in(client) -> None:
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("persona", "shown", "hidden"),
    [
        ("counsellor", ["own-personal", "clients-in-scope"], ["clients-by-team", "workers"]),
        (
            "lead",
            ["clients-in-scope", "workers", "open-posts"],
            ["own-personal", "clients-by-team"],
        ),
        ("secretary", ["clients-in-scope", "new-last-7"], ["workers", "clients-by-team"]),
        ("director", ["workers", "clients-by-team"], ["clients-in-scope"]),
        ("evaluator", ["workers", "clients-by-team"], ["clients-in-scope", "own-personal"]),
        ("admin", ["workers", "clients-by-team"], ["clients-in-scope"]),
    ],
)
def test_each_role_sees_its_own_figures(
    org: Org, login, persona: str, shown: list[str], hidden: list[str]
) -> None:
    html = login(getattr(org, persona)).get("/").content.decode()
    for testid in shown:
        assert f'data-testid="{testid}"' in html
    for testid in hidden:
        assert f'data-testid="{testid}"' not in html


def test_navigation_offers_only_what_the_role_may_do(org: Org, login) -> None:
    html = login(org.evaluator).get("/").content.decode()
    assert 'href="/clients/"' not in html and 'href="/audit/"' not in html
    html = login(org.admin).get("/").content.decode()
    assert 'href="/audit/"' in html and 'href="/clients/"' not in html


def test_the_page_is_finnish_by_default_and_swedish_on_request(org: Org, login) -> None:
    client = login(org.counsellor)
    assert '<html lang="fi">' in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "sv", "next": "/"})
    assert '<html lang="sv">' in client.get("/").content.decode()


def test_a_user_without_a_worker_profile_is_told_so(db, client) -> None:
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="uusi"))
    assert 'class="alert alert-warning"' in client.get("/").content.decode()
