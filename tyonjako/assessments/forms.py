"""Forms built from an instrument's items, and the decision form."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tyonjako.common.forms import BootstrapForm
from tyonjako.common.names import pick_text
from tyonjako.organisation.fields import TeamChoiceField
from tyonjako.organisation.models import ServiceArea, Team

from .engine import Instrument, Item
from .models import InstrumentVersion, OverrideReason
from .rules import NO_PERSONAL_WORKER


def _field_for(item: Item) -> forms.Field:
    label = pick_text(item.label)
    help_text = pick_text(item.help) if item.help else ""
    choices = [(str(option.value), pick_text(option.label)) for option in item.options]
    if item.type == "bool":
        return forms.BooleanField(label=label, help_text=help_text, required=False)
    if item.type in {"scale", "choice"}:
        if not choices and item.minimum is not None and item.maximum is not None:
            choices = [(str(n), str(n)) for n in range(item.minimum, item.maximum + 1)]
        return forms.ChoiceField(
            label=label,
            help_text=help_text,
            choices=choices,
            required=False,
            widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        )
    if item.type == "multi":
        return forms.MultipleChoiceField(
            label=label,
            help_text=help_text,
            choices=choices,
            required=False,
            widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        )
    if item.type == "date":
        return forms.DateField(
            label=label,
            help_text=help_text,
            required=False,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        )
    return forms.CharField(
        label=label, help_text=help_text, required=False, max_length=item.max_length or 500
    )


class AnswersForm(forms.Form):
    """One field per instrument item. Requiredness is the engine's to judge, so
    a draft can be saved half-way; the engine names a missing required item."""

    def __init__(self, instrument: Instrument, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        for section in instrument.sections:
            for item in section.items:
                field = _field_for(item)
                field.item_required = item.required  # type: ignore[attr-defined]  # read by the template
                self.fields[item.key] = field

    def sections(self) -> list[dict[str, Any]]:
        return [
            {
                "key": section.key,
                "title": pick_text(section.title),
                "fields": [self[item.key] for item in section.items],
                "required": [item.key for item in section.items if item.required],
            }
            for section in self.instrument.sections
        ]

    def answers(self) -> dict[str, Any]:
        """Cleaned values as the engine takes them (ints for scales, ISO dates)."""
        result: dict[str, Any] = {}
        for key, value in self.cleaned_data.items():
            item = self.instrument.items[key]
            if value in (None, "", []) or (item.type == "bool" and value is False):
                continue
            if item.type == "scale":
                value = int(value)
            if isinstance(value, dt.date):
                value = value.isoformat()
            result[key] = value
        return result


def initial_from_answers(answers: dict[str, Any]) -> dict[str, Any]:
    return {
        key: (str(value) if isinstance(value, int) and not isinstance(value, bool) else value)
        for key, value in answers.items()
    }


YES_NO = [("yes", _("yes")), ("no", _("no"))]


class DecisionForm(BootstrapForm):
    special_support = forms.TypedChoiceField(
        label=_("Special support need"),
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    segment = forms.ChoiceField(label=_("Client segment"))
    personal_worker = forms.ChoiceField(label=_("Personal worker"))
    pair_required = forms.TypedChoiceField(
        label=_("Work pair needed"),
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.ChoiceField(
        label=_("Reason for the override"),
        required=False,
        choices=[("", "—"), *OverrideReason.choices],
        help_text=_("Needed only when the decision differs from the recommendation."),
    )
    note = forms.CharField(
        label=_("Note on the override"),
        required=False,
        max_length=300,
        help_text=_(
            "A short reason, also why a personal worker is clearly unnecessary. "
            "No client details: the record system holds them."
        ),
    )

    def __init__(self, instrument: Instrument, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        segment = self.fields["segment"]
        worker = self.fields["personal_worker"]
        assert isinstance(segment, forms.ChoiceField) and isinstance(worker, forms.ChoiceField)
        segment.choices = [(o.value, pick_text(o.label)) for o in instrument.segments]
        worker.choices = [
            *((o.value, pick_text(o.label)) for o in instrument.professionals),
            (NO_PERSONAL_WORKER, _("Clearly unnecessary (§42; write the reason in the note)")),
        ]
        for name in ("special_support", "pair_required"):
            self.fields[name].widget.attrs["class"] = "form-check-input"


class ActivationForm(BootstrapForm):
    """Put a version in use for the whole county, a service area or a team."""

    version = forms.ModelChoiceField(
        label=_("Version"), queryset=InstrumentVersion.objects.order_by("key", "-version")
    )
    service_area = forms.ModelChoiceField(
        label=_("Service area"),
        queryset=ServiceArea.objects.order_by("code"),
        required=False,
        help_text=_("Leave both empty for the whole county."),
    )
    team = TeamChoiceField(
        label=_("Team"),
        queryset=Team.objects.select_related("unit__service_area").order_by("code"),
        required=False,
    )

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if data.get("team") and data.get("service_area"):
            self.add_error("team", _("Choose a team or a service area, not both."))
        return data
