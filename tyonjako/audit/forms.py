from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from tyonjako.common.forms import BootstrapForm


class LogFilterForm(BootstrapForm):
    user = forms.CharField(label=_("User"), required=False, max_length=150)
    client = forms.CharField(
        label=_("Client key"),
        required=False,
        max_length=40,
        help_text=_("The pseudonymous key. Use the access report below for an identity code."),
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, object] | None:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            self.add_error("end", _("The end date is before the start date."))
        return data


class AccessReportForm(BootstrapForm):
    key = forms.CharField(
        label=_("Client number or personal identity code"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
