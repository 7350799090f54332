"""Formatting used by the templates; kept here so templates stay plain."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def cell(value: object, threshold: int = 5) -> str:
    """A count that may have been suppressed (None) shows as "<5"."""
    return f"<{threshold}" if value is None else str(value)


@register.filter
def column_label(report: dict[str, object]) -> str:
    """A report's column heading: its unit, or a pre-counted table's site, marked."""
    from django.utils.translation import get_language

    from tyonjako.encounters.exports.labels import column_label as label

    return label(report, (get_language() or "fi")[:2])


@register.filter
def client_language(code: str) -> str:
    """A client's language code (fi, sv, other) as its name in the page's language."""
    from tyonjako.clients.models import ClientLanguage

    try:
        return str(ClientLanguage(code).label)
    except ValueError:
        return str(code)


@register.filter
def get_item(mapping: dict[str, object], key: str) -> object:
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.filter
def profession_label(value: str) -> str:
    from django.utils.translation import gettext

    from tyonjako.organisation.choices import Profession

    if value == "either":  # a routing result, not a profession
        return gettext("social worker or social counsellor")
    return str(Profession(value).label) if value in Profession.values else value


@register.filter
def decimal(value: object) -> str:
    """A decimal number in the active language's style (1,50 in fi/sv)."""
    from decimal import Decimal, InvalidOperation

    from django.utils.formats import number_format

    try:
        return number_format(Decimal(str(value)), 2)
    except (InvalidOperation, ValueError):
        return ""


@register.filter
def yesno_label(value: object) -> str:
    from django.utils.translation import gettext

    return gettext("yes") if value else gettext("no")


@register.filter
def purpose_label(value: str) -> str:
    from tyonjako.audit.purposes import Purpose

    return str(Purpose(value).label) if value in Purpose.values else value


@register.filter
def channel_label(value: str) -> str:
    from tyonjako.audit.purposes import Channel

    return str(Channel(value).label) if value in Channel.values else value


@register.filter
def audit_action_label(value: str) -> str:
    from django.utils.translation import pgettext

    labels = {
        "create": pgettext("audit action", "created"),
        "update": pgettext("audit action", "changed"),
        "delete": pgettext("audit action", "deleted"),
        "read": pgettext("audit action", "read"),
        "denied": pgettext("audit action", "refused"),
        "login_failed": pgettext("audit action", "failed log-in"),
        "locked_out": pgettext("audit action", "account locked"),
        "sso_refused": pgettext("audit action", "single sign-on refused"),
        "second_factor_enrolled": pgettext("audit action", "second factor enrolled"),
        "second_factor_failed": pgettext("audit action", "wrong second-factor code"),
    }
    return labels.get(value, value)


@register.filter
def tr(texts: object) -> str:
    """Pick the active language from a {"fi": …, "sv": …, "en": …} mapping (Finnish as fallback)."""
    from tyonjako.common.names import pick_text

    return pick_text(texts)


@register.filter
def percent(value: object) -> str:
    """A percentage with one decimal in the active language's style; empty for none."""
    from django.utils.formats import number_format

    return "" if value is None else f"{number_format(str(value), 1)} %"


@register.filter
def override_reason_label(value: str) -> str:
    from tyonjako.assessments.models import OverrideReason

    return str(OverrideReason(value).label) if value in OverrideReason.values else value


@register.filter
def iso_date(value: object) -> str:
    """An ISO date string (as the figure functions give) shown as 31.12.2023."""
    import datetime as dt

    from django.utils.formats import date_format

    if not value:
        return ""
    try:
        return date_format(dt.date.fromisoformat(str(value)), "SHORT_DATE_FORMAT")
    except ValueError:
        return str(value)


@register.filter
def assessment_state_label(value: str) -> str:
    from django.utils.translation import pgettext

    labels = {
        "none": pgettext("assessment state", "not started"),
        "draft": pgettext("assessment state", "draft"),
        "recommended": pgettext("assessment state", "awaiting decision"),
        "awaiting_confirmation": pgettext("assessment state", "awaiting confirmation"),
        "decided": pgettext("assessment state", "decided"),
    }
    return labels.get(value, value)


@register.filter
def percent_int(value: object) -> int:
    """A 0–1 share as a whole percent for a progress bar."""
    try:
        return max(0, min(100, round(float(str(value)) * 100)))
    except ValueError:
        return 0


@register.filter
def contact_type_label(value: str) -> str:
    from tyonjako.encounters.models import ContactType

    return str(ContactType(value).label) if value in ContactType.values else value


@register.filter
def percent_share(value: object) -> str:
    """A 0–1 share as a percentage with one decimal (e.g. 23,4 %); a dash when unknown."""
    from django.utils.formats import number_format

    if value is None:
        return "–"
    return f"{number_format(round(float(str(value)) * 100, 1), 1)} %"


@register.filter
def share(value: object) -> str:
    """A share already in per cent (12.5 → 12,5 %); ".." when hidden or not computable."""
    from django.utils.formats import number_format

    if value is None:
        return ".."
    return f"{number_format(float(str(value)), 1)} %"
