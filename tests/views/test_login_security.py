"""Log-in (issue 13 §4): password rules, lock-out, failed log-ins in the audit log,
the second factor, API authentication; and the response headers of §5."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from tests.conftest import TEST_NOW
from tests.test_settings import PRODUCTION, run
from tyonjako.audit.accounts import account_events
from tyonjako.web.security import OIDC_BACKEND

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "Kesäkuun-sade-2026!"


def _events(username: str) -> list[str]:
    return [entry.additional_data["event"] for entry in account_events(username)]


def _post_login(client: Any, username: str, password: str) -> Any:
    return client.post("/accounts/login/", {"username": username, "password": password})


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("lyhyt-sana1", "too short"),
        ("password1234", "too common"),
        ("123456789012345", "entirely numeric"),
        ("demo", "too short"),
    ],
)
def test_weak_passwords_are_refused(password: str, why: str) -> None:
    with pytest.raises(ValidationError) as error, override_settings(LANGUAGE_CODE="en"):
        from django.utils import translation

        with translation.override("en"):
            validate_password(password)
    assert why in " ".join(error.value.messages)


def test_a_long_uncommon_password_passes() -> None:
    validate_password(GOOD_PASSWORD)


def test_the_demo_password_set_directly_still_logs_in(client: Any, org: Any) -> None:
    """`tyonjako demo` sets `demo` with set_password, which validators never see."""
    user = org.counsellor.user
    user.set_password("demo")
    user.save()
    response = _post_login(client, "ohjaaja", "demo")
    assert response.status_code == 302 and response.url == "/"


def test_a_failed_log_in_is_written_to_the_audit_log_without_the_password(
    client: Any, org: Any
) -> None:
    response = _post_login(client, "ohjaaja", "vaara-salasana")
    assert response.status_code == 200
    entries = list(account_events("ohjaaja"))
    assert [e.additional_data["event"] for e in entries] == ["login_failed"]
    assert entries[0].object_id == org.counsellor.user.pk
    assert "vaara-salasana" not in str(entries[0].additional_data)
    assert entries[0].remote_addr == "127.0.0.1"


def test_a_failed_log_in_of_an_unknown_name_is_logged_too(client: Any, org: Any) -> None:
    _post_login(client, "eiole", "mitavaan")
    assert _events("eiole") == ["login_failed"]


@override_settings(AXES_FAILURE_LIMIT=3)
def test_the_account_is_locked_after_repeated_failures_and_opens_after_the_cool_off(
    client: Any, org: Any
) -> None:
    for _ in range(3):
        _post_login(client, "ohjaaja", "vaara-salasana")
    locked = _post_login(client, "ohjaaja", "salasana")
    assert locked.status_code == 429
    assert "lukittu" in locked.content.decode()
    assert "locked_out" in _events("ohjaaja")
    # Another account is not locked by these failures.
    assert _post_login(client, "johtava", "salasana").status_code == 302
    with time_machine.travel("2026-11-25T11:05:00+00:00", tick=False):
        assert _post_login(client, "ohjaaja", "salasana").status_code == 302


def test_a_successful_log_in_resets_the_count(client: Any, org: Any) -> None:
    with override_settings(AXES_FAILURE_LIMIT=3):
        for _ in range(2):
            _post_login(client, "ohjaaja", "vaara-salasana")
        assert _post_login(client, "ohjaaja", "salasana").status_code == 302
        client.post("/accounts/logout/")
        for _ in range(2):
            _post_login(client, "ohjaaja", "vaara-salasana")
        assert _post_login(client, "ohjaaja", "salasana").status_code == 302


# The second factor -----------------------------------------------------------


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = time.time()
    return f"{totp.token():06d}"


def _later() -> Any:
    return time_machine.travel(TEST_NOW + dt.timedelta(seconds=30), tick=False)


def _device(user: Any) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="TOTP", confirmed=True)


@override_settings(OTP_REQUIRED=True)
def test_an_administrator_without_a_device_is_sent_to_enrol(login: Any, org: Any) -> None:
    client = login(org.admin)
    response = client.get("/organisation/")
    assert response.status_code == 302
    assert response.url == "/accounts/second-factor/?next=%2Forganisation%2F"
    response = client.get(response.url)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/second-factor/setup/?next=/organisation/")
    page = client.get(response.url)
    html = page.content.decode()
    assert 'href="/organisation/"' not in html  # no navigation before the second factor
    assert page.status_code == 200 and "data:image/svg+xml" in html
    device = TOTPDevice.objects.get(user=org.admin.user, confirmed=False)
    wrong = client.post(
        "/accounts/second-factor/setup/", {"token": "000000", "next": "/organisation/"}
    )
    assert wrong.status_code == 400
    assert "second_factor_failed" in _events("paakayttaja")
    with _later():  # a wrong code holds the next try back for a second
        right = client.post(
            "/accounts/second-factor/setup/", {"token": _code(device), "next": "/organisation/"}
        )
    assert right.status_code == 302 and right.url == "/organisation/"
    assert "second_factor_enrolled" in _events("paakayttaja")
    assert client.get("/organisation/").status_code == 200


@override_settings(OTP_REQUIRED=True)
def test_a_local_account_gives_its_code_and_goes_on(login: Any, org: Any) -> None:
    device = _device(org.counsellor.user)
    client = login(org.counsellor)
    assert client.get("/").status_code == 302
    # A second device cannot be enrolled with the password alone.
    assert client.get("/accounts/second-factor/setup/").status_code == 302
    assert TOTPDevice.objects.filter(user=org.counsellor.user).count() == 1
    wrong = client.post("/accounts/second-factor/", {"token": "123456", "next": "/"})
    assert wrong.status_code == 400
    assert client.get("/").status_code == 302
    with _later():
        right = client.post("/accounts/second-factor/", {"token": _code(device), "next": "/"})
    assert right.status_code == 302 and right.url == "/"
    assert client.get("/").status_code == 200


@override_settings(OTP_REQUIRED=True)
def test_the_next_address_must_be_on_this_site(login: Any, org: Any) -> None:
    device = _device(org.counsellor.user)
    client = login(org.counsellor)
    response = client.post(
        "/accounts/second-factor/", {"token": _code(device), "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response.url == "/"


def test_the_second_factor_pages_need_a_log_in(client: Any, org: Any) -> None:
    for url in ("/accounts/second-factor/", "/accounts/second-factor/setup/"):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")


@override_settings(OTP_REQUIRED=True)
def test_the_api_answers_403_until_the_second_factor_is_given(login: Any, org: Any) -> None:
    response = login(org.counsellor).get("/api/v1/me/summary/")
    assert response.status_code == 403
    assert "toinen tunnistautumistekijä" in response.json()["detail"]


@override_settings(
    OTP_REQUIRED=True,
    AUTHENTICATION_BACKENDS=[
        "axes.backends.AxesStandaloneBackend",
        OIDC_BACKEND,
        "django.contrib.auth.backends.ModelBackend",
    ],
)
def test_single_sign_on_needs_no_second_factor_except_for_administrators(
    client: Any, org: Any
) -> None:
    client.force_login(org.counsellor.user, backend=OIDC_BACKEND)
    assert client.get("/").status_code == 200
    client.force_login(org.admin.user, backend=OIDC_BACKEND)
    assert client.get("/").status_code == 302


def test_without_the_requirement_nobody_is_asked(login: Any, org: Any) -> None:
    assert login(org.admin).get("/").status_code == 200


# API authentication -------------------------------------------------------------


def test_the_api_accepts_a_token(client: Any, org: Any) -> None:
    token = Token.objects.create(user=org.counsellor.user)
    response = client.get("/api/v1/me/summary/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    bad = client.get("/api/v1/me/summary/", HTTP_AUTHORIZATION="Token wrong")
    assert bad.status_code in (401, 403)


def test_http_basic_is_off_in_production() -> None:
    result = run(
        PRODUCTION,
        "shell",
        "-c",
        "from django.conf import settings; "
        "print(settings.REST_FRAMEWORK['DEFAULT_AUTHENTICATION_CLASSES'])",
    )
    assert result.returncode == 0, result.stderr
    assert "TokenAuthentication" in result.stdout
    assert "BasicAuthentication" not in result.stdout


# Headers (§5) --------------------------------------------------------------------


def test_every_page_has_a_strict_content_security_policy(client: Any, org: Any) -> None:
    response = client.get("/accounts/login/")
    policy = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "camera=()" in response.headers["Permissions-Policy"]


@pytest.mark.parametrize(
    "url",
    [
        "/clients/AS-1/",
        "/clients/",
        "/encounters/statistics/?units=KESKI-3064&export=csv",
        "/api/v1/clients/",
        "/accounts/login/",
    ],
)
def test_client_pages_and_exports_are_never_stored(login: Any, org: Any, url: str) -> None:
    response = login(org.lead).get(url)
    assert response.status_code == 200, url
    assert "no-store" in response.headers["Cache-Control"]
    assert "Content-Security-Policy" in response.headers


@override_settings(OTP_REQUIRED=True)
@pytest.mark.parametrize(
    "persona",
    ["counsellor", "social_worker", "lead", "secretary", "director", "evaluator", "admin"],
)
def test_every_role_may_enrol_its_own_second_factor(login: Any, org: Any, persona: str) -> None:
    worker = getattr(org, persona)
    page = login(worker).get("/accounts/second-factor/setup/")
    assert page.status_code == 200
    assert TOTPDevice.objects.filter(user=worker.user, confirmed=False).count() == 1
    # Another visit shows the same unconfirmed device, not a new one.
    login(worker).get("/accounts/second-factor/setup/")
    assert TOTPDevice.objects.filter(user=worker.user).count() == 1


@override_settings(OTP_REQUIRED=True)
def test_a_code_that_is_not_digits_is_bad_input(login: Any, org: Any) -> None:
    _device(org.counsellor.user)
    response = login(org.counsellor).post("/accounts/second-factor/", {"token": "abc"})
    assert response.status_code == 400


def test_the_audit_log_page_names_a_failed_log_in(client: Any, login: Any, org: Any) -> None:
    _post_login(client, "ohjaaja", "vaara-salasana")
    html = login(org.admin).get("/audit/").content.decode()
    assert "epäonnistunut kirjautuminen" in html
