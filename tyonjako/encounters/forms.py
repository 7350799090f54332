"""Forms for recording encounters and choosing statistics."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tyonjako.common.clock import today
from tyonjako.common.forms import BootstrapForm
from tyonjako.common.professions import COUNSELLOR, PROFESSIONS, SERVICE_SECRETARY, SOCIAL_WORKER
from tyonjako.organisation.fields import TeamChoiceField, teams_with_area
from tyonjako.organisation.models import Team

from .file_messages import check_upload, describe
from .importing.limits import FileTooLarge
from .importing.reader import ImportFileError
from .models import CodeList, CodeValue, ContactType, Provider

# The statistics filter names the professions (common/professions.py) in the plural.
_PLURALS = {
    SOCIAL_WORKER: _("Social workers"),
    COUNSELLOR: _("Social counsellors"),
    SERVICE_SECRETARY: _("Service secretaries"),
}


class CodeField(forms.CharField):
    """A type-ahead picker: the user types a code or picks "code – label" from a datalist."""

    def __init__(self, list_name: str, *, many: bool = False, **kwargs: Any) -> None:
        self.list_name, self.many = list_name, many
        super().__init__(required=False, **kwargs)

    def resolve(self, value: str) -> list[CodeValue]:
        found = []
        for part in [p.strip() for p in value.split(";")] if self.many else [value.strip()]:
            if not part:
                continue
            code = part.split(" – ")[0].strip()
            system, _sep, bare = (
                code.rpartition(":") if self.list_name == CodeList.CODE else ("", "", code)
            )
            match = CodeValue.objects.filter(list=self.list_name, code=bare, system=system).first()
            if match is None:
                raise forms.ValidationError(_("Unknown code: %(code)s") % {"code": code})
            found.append(match)
        return found


class EncounterForm(BootstrapForm):
    client = forms.CharField(
        label=_("Client number or personal identity code"),
        help_text=_("Leave empty for a consultation, group session or information event."),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )
    # A text field, not type=date: in a browser's date field Tab walks through day,
    # month and year, which slows keyboard entry. 31.12.2023 and ISO are accepted.
    date = forms.DateField(
        label=_("Date"),
        initial=today,
        widget=forms.DateInput(
            attrs={"inputmode": "numeric", "autocomplete": "off"}, format="%d.%m.%Y"
        ),
        input_formats=["%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"],
    )
    team = TeamChoiceField(label=_("Team or ward"), queryset=Team.objects.none())
    contact_type = forms.ChoiceField(label=_("Contact type"), choices=ContactType.choices)
    duration_min = forms.IntegerField(
        label=_("Duration (min)"), required=False, min_value=0, max_value=1440
    )
    reason = CodeField(CodeList.REASON, label=_("Reason for contact"))
    target_group = CodeField(CodeList.TARGET_GROUP, label=_("Target group"))
    codes = CodeField(
        CodeList.CODE,
        many=True,
        label=_("Codes"),
        help_text=_("Several separated by semicolons, e.g. ICD10:Z59.0; local:K1"),
    )
    partners = CodeField(CodeList.PARTNER, many=True, label=_("Cooperation partners"))
    referred_by = CodeField(CodeList.REFERRAL_SOURCE, label=_("Referral source"))
    referred_to = CodeField(CodeList.DESTINATION, many=True, label=_("Onward referrals"))
    task = forms.ChoiceField(
        label=_("Task"),
        required=False,
        choices=[],
        help_text=_("Leave empty to derive it from the codes and the reason."),
    )
    provider = forms.ChoiceField(
        label=_("Provider"), required=False, choices=[("", "—"), *Provider.choices]
    )
    consent = forms.BooleanField(label=_("Consent recorded"), required=False)

    def __init__(
        self,
        *args: Any,
        teams: list[Team],
        tasks: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        task_field = self.fields["task"]
        assert isinstance(task_field, forms.ChoiceField)
        task_field.choices = [("", "—"), *(tasks or [])]
        field = self.fields["team"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = teams_with_area(t.pk for t in teams)
        for value in self.fields.values():
            if isinstance(value, CodeField):
                value.widget.attrs["list"] = f"list-{value.list_name}"

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        for name, field in self.fields.items():
            if isinstance(field, CodeField) and name in data:
                try:
                    data[name] = field.resolve(data.get(name) or "")
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return data


class StatisticsForm(BootstrapForm):
    units = forms.MultipleChoiceField(
        label=_("Units or wards"), choices=[], widget=forms.SelectMultiple(attrs={"size": 6})
    )
    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("To (or cut-off date)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    profession = forms.ChoiceField(
        label=_("Profession"),
        required=False,
        choices=[("", _("All professions")), *((p, _PLURALS[p]) for p in PROFESSIONS)],
    )

    def __init__(self, *args: Any, places: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["units"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = places

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end date is before the start date."))
        return data


class ImportForm(BootstrapForm):
    file = forms.FileField(label=_("Export file (CSV or XLSX)"))
    profile = forms.ChoiceField(label=_("Column-mapping profile"), choices=[])
    dry_run = forms.BooleanField(label=_("Only validate"), required=False)
    skip_invalid = forms.BooleanField(
        label=_("Write the good rows, reject the bad ones"), required=False
    )
    create_missing = forms.BooleanField(
        label=_("Create unknown units and codes for review"), required=False
    )

    def __init__(self, *args: Any, profiles: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["profile"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(name, name) for name in profiles]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Upload a CSV or XLSX file."))
        try:
            check_upload(upload.name, upload.size, upload)
        except FileTooLarge as error:
            raise forms.ValidationError(describe(error)) from None
        except ImportFileError:
            raise forms.ValidationError(_("The file is not a readable XLSX spreadsheet.")) from None
        return upload
