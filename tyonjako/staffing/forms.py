from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tyonjako.common.forms import BootstrapForm

from .models import PostKind, PostStatus, RecruitmentOutcome, key_validator

DATE_HELP = _("As 31.12.2026.")


class ScenarioForm(BootstrapForm):
    """The quick builder: the changes a director asks about most, and the assumptions."""

    convert_count = forms.IntegerField(
        label=_("Convert social-worker vacancies to counsellor posts (how many)"),
        min_value=0,
        max_value=100,
        required=False,
        initial=0,
    )
    convert_posts = forms.MultipleChoiceField(
        label=_("…or convert these social-worker posts"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    add_counsellors = forms.IntegerField(
        label=_("Add counsellor posts"), min_value=0, max_value=100, required=False, initial=0
    )
    add_social_workers = forms.IntegerField(
        label=_("Add social-worker posts"), min_value=0, max_value=100, required=False, initial=0
    )
    add_fte = forms.DecimalField(
        label=_("FTE of each added post"),
        min_value=Decimal("0.01"),
        max_value=Decimal("1"),
        decimal_places=2,
        required=False,
        initial=Decimal("1"),
    )
    fill_substitutes = forms.IntegerField(
        label=_("Fill open substitute posts (how many)"),
        min_value=0,
        max_value=100,
        required=False,
        initial=0,
    )
    remove_posts = forms.MultipleChoiceField(
        label=_("Remove these posts"), required=False, widget=forms.CheckboxSelectMultiple
    )
    side_cost_pct = forms.DecimalField(
        label=_("Employer's side costs (per cent of pay)"),
        min_value=0,
        max_value=100,
        required=False,
    )
    holiday_bonus_months = forms.DecimalField(
        label=_("Holiday bonus (months of pay a year)"), min_value=0, max_value=3, required=False
    )
    substitute_extra_pct = forms.DecimalField(
        label=_("Extra cost of a substitute (%)"), min_value=0, max_value=200, required=False
    )
    annual_hours_per_fte = forms.DecimalField(
        label=_("Working hours a year per FTE"), min_value=1, max_value=3000, required=False
    )
    client_work_share = forms.DecimalField(
        label=_("Share of working time on client work (0–1)"),
        min_value=0,
        max_value=1,
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        sw_posts: list[tuple[str, str]],
        all_posts: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["convert_posts"]).choices = sw_posts
        cast(forms.ChoiceField, self.fields["remove_posts"]).choices = all_posts
        for name in ("convert_posts", "remove_posts"):
            self.fields[name].widget.attrs["class"] = "form-check-input"

    def changes(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        changes: list[dict[str, Any]] = []
        if data.get("convert_posts"):
            changes.append({"op": "convert", "posts": list(data["convert_posts"])})
        if data.get("convert_count"):
            changes.append({"op": "convert", "count": data["convert_count"]})
        fte = str(data.get("add_fte") or "1")
        if data.get("add_counsellors"):
            changes.append(
                {
                    "op": "add",
                    "profession": "counsellor",
                    "count": data["add_counsellors"],
                    "fte": fte,
                }
            )
        if data.get("add_social_workers"):
            changes.append(
                {
                    "op": "add",
                    "profession": "social_worker",
                    "count": data["add_social_workers"],
                    "fte": fte,
                }
            )
        if data.get("fill_substitutes"):
            changes.append({"op": "fill", "kind": "substitute", "count": data["fill_substitutes"]})
        if data.get("remove_posts"):
            changes.append({"op": "remove", "posts": list(data["remove_posts"])})
        return changes

    def parameter_overrides(self) -> dict[str, str]:
        names = (
            "side_cost_pct",
            "holiday_bonus_months",
            "substitute_extra_pct",
            "annual_hours_per_fte",
            "client_work_share",
        )
        return {n: str(self.cleaned_data[n]) for n in names if self.cleaned_data.get(n) is not None}


class SaveScenarioForm(BootstrapForm):
    key = forms.CharField(
        label=_("Key"),
        max_length=60,
        validators=[key_validator],
        help_text=_("Stays the same; a pilot decision refers to the scenario by it."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)


class PostForm(BootstrapForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=PostKind.choices)
    grade = forms.CharField(label=_("Pay grade"), max_length=20, required=False)
    fte = forms.DecimalField(
        label=_("FTE"),
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1"))],
    )
    county_share = forms.DecimalField(
        label=_("Funded by the county budget (%)"), min_value=0, max_value=100, decimal_places=1
    )
    project_share = forms.DecimalField(
        label=_("Funded by a project (%)"), min_value=0, max_value=100, decimal_places=1
    )
    vacant_since = forms.DateField(label=_("Vacant since"), required=False, help_text=DATE_HELP)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        county, project = data.get("county_share"), data.get("project_share")
        if county is not None and project is not None and county + project != 100:
            self.add_error("project_share", _("The shares must add up to 100 %."))
        return data


class MoveForm(BootstrapForm):
    status = forms.ChoiceField(label=_("New status"), choices=PostStatus.choices)
    on = forms.DateField(label=_("Date"), help_text=DATE_HELP)


class RoundForm(BootstrapForm):
    opened = forms.DateField(label=_("Opened"), help_text=DATE_HELP)
    closed = forms.DateField(
        label=pgettext_lazy("recruitment round", "Closed"), required=False, help_text=DATE_HELP
    )
    applicants = forms.IntegerField(label=_("Applicants"), min_value=0)
    qualified = forms.IntegerField(label=_("Qualified applicants"), min_value=0)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=RecruitmentOutcome.choices)


class ParametersForm(BootstrapForm):
    effective_from = forms.DateField(label=_("In force from"), help_text=DATE_HELP)
    note = forms.CharField(label=_("Source or note"), max_length=200, required=False)
    side_cost_pct = ScenarioForm.base_fields["side_cost_pct"]
    holiday_bonus_months = ScenarioForm.base_fields["holiday_bonus_months"]
    substitute_extra_pct = ScenarioForm.base_fields["substitute_extra_pct"]
    annual_hours_per_fte = ScenarioForm.base_fields["annual_hours_per_fte"]
    client_work_share = ScenarioForm.base_fields["client_work_share"]
    salaries = forms.CharField(
        label=_("Monthly salaries (full time)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One line each: profession grade salary, e.g. social_worker 1 3800."),
    )

    def clean_salaries(self) -> dict[str, dict[str, str]]:
        table: dict[str, dict[str, str]] = {}
        for number, line in enumerate(self.cleaned_data["salaries"].splitlines(), start=1):
            parts = line.split()
            if not parts:
                continue
            try:
                profession, grade, salary = parts
                Decimal(salary)
            except (ValueError, ArithmeticError):
                raise forms.ValidationError(
                    _("Line %(n)s: write profession, grade and salary.") % {"n": number}
                ) from None
            table.setdefault(profession, {})[grade] = salary
        if not table:
            raise forms.ValidationError(_("Give at least one salary."))
        return table
