"""Schemathesis over the OpenAPI schema, as a logged-in lead: no server errors, every
response as the schema describes it, and every status code documented. Bounded and
derandomised, so it is fast and the same on every run."""

import pytest
import schemathesis
from django.test import Client as HttpClient
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from tyonjako.wsgi import application

pytestmark = pytest.mark.django_db


def session_only(spec: dict) -> dict:
    """The session is the way in here: schemathesis would otherwise send made-up HTTP
    Basic credentials, which are refused before the operation is reached."""
    schemes = spec.get("components", {}).get("securitySchemes", {})
    for name in [name for name in schemes if name != "cookieAuth"]:
        del schemes[name]
    for path_item in spec["paths"].values():
        for operation in path_item.values():
            operation["security"] = [{"cookieAuth": []}]
    return spec


schema = schemathesis.openapi.from_dict(
    session_only(SchemaGenerator().get_schema(request=None, public=True))
)
schema.app = application


TOKEN = "a" * 32


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """The WSGI handler closes "old" connections when a request starts; inside a test's
    transaction that would close the test's own (PostgreSQL) connection. Django's test
    client turns the same signal off."""
    from django.core.signals import request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)


@pytest.fixture
def session(org) -> dict[str, str]:
    """The cookies of a logged-in lead (and a CSRF token the header repeats)."""
    http = HttpClient()
    http.force_login(org.lead.user)
    return {"sessionid": http.cookies["sessionid"].value, "csrftoken": TOKEN}


@schema.parametrize()
@hypothesis_settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_to_its_schema(case, session) -> None:
    case.call_and_validate(
        headers={"X-CSRFToken": TOKEN},
        cookies=session,
        checks=[not_a_server_error, response_schema_conformance, status_code_conformance],
    )


def test_the_session_gets_through(session) -> None:
    """Else every answer above could be a (documented) 403."""
    case = schema["/api/v1/me/summary/"]["GET"].Case()
    assert case.call(headers={"X-CSRFToken": TOKEN}, cookies=session).status_code == 200
