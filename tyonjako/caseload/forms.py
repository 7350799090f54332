from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tyonjako.clients.forms import RegisterClientForm
from tyonjako.common.forms import BootstrapForm
from tyonjako.organisation.models import Worker

from .models import AssignmentKind


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


class AssignForm(BootstrapForm):
    worker = forms.ModelChoiceField(label=_("Worker"), queryset=Worker.objects.none())
    kind = forms.ChoiceField(
        label=_("Role"), choices=AssignmentKind.choices, widget=forms.HiddenInput
    )
    start = forms.DateField(
        label=_("Start"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=200,
        help_text=_("Why this worker, in a few words. No client details."),
    )
    justification = forms.CharField(
        label=_("Justification for a health-care professional"),
        required=False,
        max_length=300,
        help_text=_(
            "Only when a health-care professional is the personal worker (Social Welfare Act §42)."
        ),
    )
    expected = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, workers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["worker"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = workers

    def expected_personal_worker(self) -> int | None:
        value = self.cleaned_data.get("expected") or ""
        return int(value) if value.isdigit() else None


class EndAssignmentForm(BootstrapForm):
    end = forms.DateField(
        label=_("End"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reason = forms.CharField(label=_("Reason for ending"), required=False, max_length=200)
