"""Log-in security and response headers (docs/security.md).

* failed log-ins and lock-outs go to the audit log (signal receivers below);
* ``SecondFactorMiddleware`` sends a user who needs a second factor and has not
  given one to the TOTP page before anything else;
* ``HeadersMiddleware`` adds ``Permissions-Policy`` and ``Cache-Control: no-store``
  (no page of Työnjako may be kept by a browser or a proxy: they show client
  data, caseloads or the audit log; static files are served before this runs).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from tyonjako.access.policy import needs_second_factor
from tyonjako.access.subject import subject_of
from tyonjako.audit.accounts import AccountEvent, log_account_event

OIDC_BACKEND = "tyonjako.web.oidc.OrganisationOIDCBackend"

# Reachable before the second factor is given: the TOTP pages themselves,
# leaving, and changing the language.
_OPEN_URL_NAMES = ("second-factor", "second-factor-setup", "logout", "set_language")


def login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **_: Any) -> None:
    """django.contrib.auth's user_login_failed: one audit row per failure."""
    username = str(credentials.get("username", ""))
    log_account_event(AccountEvent.LOGIN_FAILED, username=username, request=request)


def locked_out(sender: Any, request: Any = None, username: str | None = None, **_: Any) -> None:
    """django-axes' user_locked_out: the account is now locked."""
    log_account_event(AccountEvent.LOCKED_OUT, username=username or "", request=request)


def logged_in_with_single_sign_on(request: HttpRequest) -> bool:
    return bool(request.session.get(BACKEND_SESSION_KEY) == OIDC_BACKEND)


def second_factor_missing(request: HttpRequest) -> bool:
    """Whether this logged-in request still owes a second factor."""
    if not settings.OTP_REQUIRED:
        return False
    user: Any = getattr(request, "user", None)
    is_verified = getattr(user, "is_verified", None)  # set by django_otp's OTPMiddleware
    if user is None or not user.is_authenticated or is_verified is None or is_verified():
        return False
    return needs_second_factor(
        subject_of(user).role,
        is_staff=bool(user.is_staff or user.is_superuser),
        single_sign_on=logged_in_with_single_sign_on(request),
        required=settings.OTP_REQUIRED,
    )


class SecondFactorMiddleware:
    """After django_otp's OTPMiddleware: hold back a user who owes a second factor."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if second_factor_missing(request) and not self._open(request):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Give your second factor on the log-in page first.")},
                    status=403,
                )
            target = reverse("second-factor")
            return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _open(request: HttpRequest) -> bool:
        return any(request.path == reverse(name) for name in _OPEN_URL_NAMES)


class HeadersMiddleware:
    """Permissions-Policy on every answer; no-store on every answer it sees."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        add_never_cache_headers(response)
        return response
