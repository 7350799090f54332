"""Single sign-on against a real OpenID provider: the npm package `oidc-provider`
run with node on loopback (tests/oidc/provider/server.mjs), never a mock.

The whole authorisation-code flow runs over HTTP: Työnjako's live server sends
the browser (here a `requests` session) to the provider, the person logs in on
the provider's own form, consents, comes back with a code, and Työnjako changes
it for tokens, checks the signed ID token against the provider's keys and reads
the user-info endpoint. Roles still come from the organisation: a person the
organisation file does not know is refused and the refusal is logged.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
import requests
from django.test import override_settings

from tyonjako.audit.accounts import account_events
from tyonjako.web.security import OIDC_BACKEND

PROVIDER_DIR = Path(__file__).resolve().parent / "provider"
SECRET = "tyonjako-test-client-secret-0123456789"
ACCOUNTS = {
    "oid-ohjaaja": {"preferred_username": "ohjaaja", "email": "ohjaaja@example.fi"},
    "oid-paakayttaja": {"preferred_username": "paakayttaja", "email": "admin@example.fi"},
    "oid-tuntematon": {"preferred_username": "tuntematon", "email": "nobody@example.fi"},
}

pytestmark = [pytest.mark.urls("tests.oidc.urls")]


@pytest.fixture(autouse=True)
def frozen_time() -> Iterator[None]:
    """The provider signs its tokens with the real clock, and the ID token's
    times are checked: here the conftest's frozen clock is not used."""
    yield


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("node is needed for the single sign-on test")
        pytest.skip("node not installed")
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").exists():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund"],
            cwd=PROVIDER_DIR,
            check=True,
            capture_output=True,
            timeout=300,
        )
    return node


@pytest.fixture
def provider(live_server: Any) -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen(
        [
            _node(),
            "server.mjs",
            str(port),
            f"{live_server.url}/oidc/callback/",
            SECRET,
            json.dumps(ACCOUNTS),
        ],
        cwd=PROVIDER_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        lines = []
        for line in process.stdout:  # oidc-provider may warn about the node version first
            lines.append(line)
            if line.startswith("ready") or len(lines) > 20:
                break
        assert lines and lines[-1].startswith("ready"), "".join(lines)
        issuer = f"http://127.0.0.1:{port}"
        with override_settings(
            AUTHENTICATION_BACKENDS=[
                "axes.backends.AxesStandaloneBackend",
                OIDC_BACKEND,
                "django.contrib.auth.backends.ModelBackend",
            ],
            OIDC_RP_CLIENT_ID="tyonjako",
            OIDC_RP_CLIENT_SECRET=SECRET,
            OIDC_OP_AUTHORIZATION_ENDPOINT=f"{issuer}/auth",
            OIDC_OP_TOKEN_ENDPOINT=f"{issuer}/token",
            OIDC_OP_USER_ENDPOINT=f"{issuer}/me",
            OIDC_OP_JWKS_ENDPOINT=f"{issuer}/jwks",
        ):
            yield issuer
    finally:
        process.terminate()
        process.wait(timeout=10)


def _form_action(page: requests.Response) -> str:
    match = re.search(r'<form[^>]*action="([^"]+)"', page.text)
    assert match, page.text[:500]
    return urljoin(page.url, unescape(match.group(1)))


def _sign_on(base: str, issuer: str, account: str) -> requests.Response:
    """Walks the code flow as a browser does; returns the last answer."""
    browser = requests.Session()
    page = browser.get(f"{base}/oidc/authenticate/?next=/", timeout=30)
    assert page.url.startswith(f"{issuer}/interaction/"), page.url
    page = browser.post(
        _form_action(page),
        data={"prompt": "login", "login": account, "password": "any"},
        timeout=30,
    )
    if "/interaction/" in page.url and 'name="prompt" value="consent"' in page.text:
        page = browser.post(_form_action(page), data={"prompt": "consent"}, timeout=30)
    page.browser = browser  # type: ignore[attr-defined]
    return page


def test_a_known_worker_signs_on_and_gets_the_role_of_the_organisation_file(
    live_server: Any, provider: str, org: Any
) -> None:
    page = _sign_on(live_server.url, provider, "oid-ohjaaja")
    assert page.status_code == 200, page.text[:500]
    assert page.url == f"{live_server.url}/"
    assert 'data-testid="current-user">ohjaaja' in page.text
    # The role is the organisation file's: the counsellor sees her team's clients.
    clients = page.browser.get(f"{live_server.url}/clients/", timeout=30)  # type: ignore[attr-defined]
    assert clients.status_code == 200 and "AS-1" in clients.text


def test_a_person_the_organisation_does_not_know_is_refused_and_logged(
    live_server: Any, provider: str, org: Any
) -> None:
    from django.contrib.auth import get_user_model

    users_before = get_user_model().objects.count()
    page = _sign_on(live_server.url, provider, "oid-tuntematon")
    assert page.url == f"{live_server.url}/accounts/login/?sso=failed"
    assert "Kertakirjautuminen ei päästänyt sinua sisään" in page.text
    assert get_user_model().objects.count() == users_before
    assert [e.additional_data["event"] for e in account_events("tuntematon")] == ["sso_refused"]


@override_settings(OTP_REQUIRED=True)
def test_an_administrator_signed_on_still_gives_a_second_factor(
    live_server: Any, provider: str, org: Any
) -> None:
    page = _sign_on(live_server.url, provider, "oid-paakayttaja")
    assert page.url.startswith(f"{live_server.url}/accounts/second-factor/setup/")


@override_settings(OTP_REQUIRED=True)
def test_a_worker_signed_on_needs_no_second_factor(
    live_server: Any, provider: str, org: Any
) -> None:
    page = _sign_on(live_server.url, provider, "oid-ohjaaja")
    assert page.url == f"{live_server.url}/"


def test_a_callback_without_a_code_is_refused(client: Any, db: Any) -> None:
    response = client.get("/oidc/callback/?state=forged")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?sso=failed"
