from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tyonjako.clients.forms import RegisterClientForm


class IntakeForm(RegisterClientForm):
    """Registration plus the facts that set the statutory assessment deadline (§36)."""

    urgent = forms.BooleanField(label=_("Urgent need"), required=False)
    over_75 = forms.BooleanField(label=_("Over 75 years old"), required=False)
    highest_care_allowance = forms.BooleanField(
        label=_("Receives the highest care allowance"),
        required=False,
        help_text=_(
            "These set the deadline for starting the service need assessment "
            "(Social Welfare Act §36)."
        ),
    )
