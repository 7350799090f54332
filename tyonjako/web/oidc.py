"""Single sign-on with OpenID Connect (mozilla-django-oidc).

The provider says only who the person is. The account, the role and the teams
come from the organisation file (`tyonjako org load`): the claim named by
``OIDC_USERNAME_CLAIM`` must equal the ``OIDC_MATCH_FIELD`` (username or email)
of exactly one active user who is an active worker (or a superuser). Anyone
else is refused and the refusal is logged; nobody is ever created here.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from tyonjako.audit.accounts import AccountEvent, log_account_event


def _claimed_name(claims: dict[str, Any]) -> str:
    return str(claims.get(settings.OIDC_USERNAME_CLAIM) or "").strip()


class OrganisationOIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("sub")) and bool(_claimed_name(claims))

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[Any]:
        from tyonjako.organisation.models import Worker

        name = _claimed_name(claims)
        field = "email" if settings.OIDC_MATCH_FIELD == "email" else "username"
        users = get_user_model().objects.filter(**{f"{field}__iexact": name}, is_active=True)
        known = users.filter(
            pk__in=Worker.objects.filter(is_active=True).values("user_id")
        ) | users.filter(is_superuser=True)
        found: QuerySet[Any] = known.distinct()
        if not found.exists():
            log_account_event(
                AccountEvent.SSO_REFUSED,
                username=name,
                request=getattr(self, "request", None),
                detail={"reason": "unknown"},
            )
        return found

    def update_user(self, user: Any, claims: dict[str, Any]) -> Any:
        """Nothing from the provider is written to the account."""
        return user

    def create_user(self, claims: dict[str, Any]) -> Any:  # pragma: no cover - OIDC_CREATE_USER
        return None
