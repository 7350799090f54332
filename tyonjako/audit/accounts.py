"""Log-in events in the audit log: failed log-ins, lock-outs, refused single
sign-on and second-factor changes.

They are django-auditlog ``LogEntry`` rows about the user account (content type
``auth.user``), action ACCESS, with ``additional_data["event"]`` naming what
happened. The username typed is kept (cut to 150 characters) because a failed
log-in has no other subject; a password never is.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from auditlog.cid import get_cid
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest


class AccountEvent(StrEnum):
    LOGIN_FAILED = "login_failed"
    LOCKED_OUT = "locked_out"
    SSO_REFUSED = "sso_refused"
    SECOND_FACTOR_ENROLLED = "second_factor_enrolled"
    SECOND_FACTOR_FAILED = "second_factor_failed"


def _remote_addr(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    address = request.META.get("REMOTE_ADDR")
    return str(address) if address else None


def log_account_event(
    event: AccountEvent,
    *,
    username: str,
    request: HttpRequest | None,
    actor: Any = None,
    detail: dict[str, Any] | None = None,
) -> LogEntry:
    """One row; ``actor`` is the logged-in user when there is one (enrolment)."""
    user_model = get_user_model()
    username = (username or "")[:150]
    account = user_model.objects.filter(**{user_model.USERNAME_FIELD: username}).first()
    path = request.path[:200] if request is not None else ""
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(user_model),
        object_pk=str(account.pk) if account else "",
        object_id=account.pk if account else None,
        object_repr=username,
        action=LogEntry.Action.ACCESS,
        actor=actor if actor is not None and actor.is_authenticated else None,
        remote_addr=_remote_addr(request),
        cid=get_cid(),
        additional_data={"event": str(event), "path": path, **(detail or {})},
    )


def account_events(username: str) -> Any:
    """The log-in events of one username, newest first (for the tests and the admin)."""
    user_model = get_user_model()
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(user_model),
        object_repr=username[:150],
        additional_data__has_key="event",
    ).order_by("-timestamp", "-id")
