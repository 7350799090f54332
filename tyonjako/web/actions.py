"""Changes to one's own log-in: enrolling the second factor (TOTP)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tyonjako.access.policy import may_enrol_second_factor
from tyonjako.access.subject import subject_of
from tyonjako.audit.accounts import AccountEvent, log_account_event

DEVICE_NAME = "TOTP"


def confirmed_devices(user: Any) -> Any:
    return TOTPDevice.objects.filter(user=user, confirmed=True)


def begin_second_factor(*, by: Any) -> TOTPDevice:
    """The user's unconfirmed TOTP device, made now if there is none.

    Refused when the user already has a confirmed device: a stolen password must
    not be enough to enrol a second device.
    """
    if not by.is_authenticated or confirmed_devices(by).exists():
        raise PermissionDenied
    if not may_enrol_second_factor(subject_of(by).role, own_account=True):
        raise PermissionDenied
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=by, confirmed=False).order_by("pk").first()
        if device is None:
            device = TOTPDevice.objects.create(user=by, name=DEVICE_NAME, confirmed=False)
    return device


def confirm_second_factor(*, by: Any, token: str, request: HttpRequest | None) -> TOTPDevice | None:
    """Confirms the device begun by :func:`begin_second_factor` with a first code.

    Returns the device, or None when the code is wrong (the failure is logged).
    """
    device = begin_second_factor(by=by)
    with transaction.atomic():
        if not device.verify_token(token):
            log_account_event(
                AccountEvent.SECOND_FACTOR_FAILED,
                username=by.get_username(),
                request=request,
                actor=by,
                detail={"stage": "enrolment"},
            )
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        log_account_event(
            AccountEvent.SECOND_FACTOR_ENROLLED,
            username=by.get_username(),
            request=request,
            actor=by,
        )
    return device
