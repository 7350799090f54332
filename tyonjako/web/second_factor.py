"""The second-factor pages: give a TOTP code, or enrol an authenticator app."""

from __future__ import annotations

import base64
from typing import Any

import segno
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp import match_token

from tyonjako.audit.accounts import AccountEvent, log_account_event

from .actions import begin_second_factor, confirm_second_factor, confirmed_devices


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from the authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9]*",
            }
        ),
    )


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Asks for the code of the user's authenticator app."""
    user: Any = request.user
    if not confirmed_devices(user).exists():
        return redirect(f"{_setup_url()}?next={_next(request)}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None and device.confirmed:
            otp_login(request, device)
            return HttpResponseRedirect(_next(request))
        log_account_event(
            AccountEvent.SECOND_FACTOR_FAILED,
            username=user.get_username(),
            request=request,
            actor=user,
            detail={"stage": "log-in"},
        )
        form.add_error("token", _("The code is wrong or too old. Try the newest code."))
    return render(
        request,
        "registration/second_factor.html",
        {"form": form, "next": _next(request)},
        status=400 if form.errors else 200,
    )


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Enrols an authenticator app: a QR code and the key, then a first code."""
    user: Any = request.user
    if confirmed_devices(user).exists():
        return redirect(f"{_verify_url()}?next={_next(request)}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = confirm_second_factor(by=user, token=form.cleaned_data["token"], request=request)
        if device is not None:
            otp_login(request, device)
            return HttpResponseRedirect(_next(request))
        form.add_error("token", _("The code is wrong or too old. Try the newest code."))
    device = begin_second_factor(by=user)
    url = device.config_url
    context = {
        "form": form,
        "next": _next(request),
        "qr": segno.make(url, error="m").svg_data_uri(scale=5, dark="#000", light="#fff"),
        "secret": base64.b32encode(device.bin_key).decode(),
    }
    return render(
        request,
        "registration/second_factor_setup.html",
        context,
        status=400 if form.errors else 200,
    )


def _verify_url() -> str:
    from django.urls import reverse

    return reverse("second-factor")


def _setup_url() -> str:
    from django.urls import reverse

    return reverse("second-factor-setup")
