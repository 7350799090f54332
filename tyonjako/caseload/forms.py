from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tyonjako.clients.forms import RegisterClientForm
from tyonjako.common.clock import today
from tyonjako.common.forms import BootstrapForm
from tyonjako.organisation.fields import team_for_age
from tyonjako.organisation.models import Team, Worker

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

    def __init__(self, *args: Any, teams: list[Team], **kwargs: Any) -> None:
        super().__init__(*args, teams=teams, **kwargs)
        self.teams = teams
        field = self.fields["team"]
        assert isinstance(field, forms.ModelChoiceField)
        field.required = False
        field.empty_label = _("By the client's age")
        field.help_text = _(
            "Leave it to the client's age to choose the team whose age range fits "
            "(for example 18–29 or 30–64)."
        )

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if data.get("team") is None and "team" not in self.errors:
            chosen = team_for_age(
                ((t.pk, t.age_min, t.age_max) for t in self.teams),
                data.get("birth_year"),
                today(),
            )
            if chosen is None:
                self.add_error(
                    "team",
                    _("Choose the team: no single team's age range fits the client's birth year."),
                )
            else:
                data["team"] = next(t for t in self.teams if t.pk == chosen)
                self.suggested_by_age = True
        return data


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
    replace = forms.BooleanField(
        label=_("Replace the current personal worker (counted as a change of worker)"),
        required=False,
    )

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
