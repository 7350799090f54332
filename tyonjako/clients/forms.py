from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tyonjako.common.clock import today
from tyonjako.common.forms import BootstrapForm
from tyonjako.common.pseudonym import ClientKeyError
from tyonjako.organisation.fields import TeamChoiceField, teams_with_area
from tyonjako.organisation.models import Team

from .access import normalise_key
from .models import ClientLanguage, Employment, Gender


class RegisterClientForm(BootstrapForm):
    key = forms.CharField(
        label=_("Client number or personal identity code"),
        max_length=40,
        help_text=_(
            "An identity code is turned into a pseudonymous key at once and is never stored."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )
    team = TeamChoiceField(label=_("Team"), queryset=Team.objects.none())
    language = forms.ChoiceField(label=_("Language"), choices=ClientLanguage.choices, initial="fi")
    pending_since = forms.DateField(
        label=_("Matter pending since"),
        initial=today,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    birth_year = forms.IntegerField(
        label=_("Birth year"), required=False, min_value=1900, max_value=2100
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, initial=Gender.UNKNOWN)
    municipality = forms.RegexField(
        label=_("Municipality code"),
        regex=r"^\d{3}$",
        required=False,
        error_messages={"invalid": _("A municipality code has three digits.")},
    )
    employment = forms.ChoiceField(
        label=_("Employment status"), choices=Employment.choices, initial=Employment.UNKNOWN
    )

    def __init__(self, *args: Any, teams: list[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["team"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = teams_with_area(team.pk for team in teams)

    def clean_key(self) -> str:
        # Checked here so the form shows every problem at once; the action checks again.
        try:
            return normalise_key(self.cleaned_data["key"])
        except ClientKeyError:
            raise forms.ValidationError(
                _("Not a valid personal identity code or client number.")
            ) from None

    def clean_pending_since(self) -> Any:
        value = self.cleaned_data["pending_since"]
        if value > today():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value


class FindClientForm(BootstrapForm):
    """Find by key or identity code; posted, so an identity code never lands in a URL or a log."""

    key = forms.CharField(
        label=_("Client number or personal identity code"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
