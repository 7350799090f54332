"""Formatting of scenario figures by their kind (euro, hours, FTE, share)."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


def _number(value: Decimal, places: int) -> str:
    return number_format(value, places, force_grouping=True)


@register.filter
def figure(value: object, kind: str) -> str:
    """847 620 €, 1 920,0 h, 1,50, 115,2 %; a hidden or missing figure is "–"."""
    if value is None or isinstance(value, bool):
        return "–"
    number = Decimal(str(value))
    if kind == "euro":
        return f"{_number(number, 0)} €"
    if kind == "hours":
        return f"{_number(number, 0)} h"
    if kind == "ratio":
        return f"{_number(number * 100, 0)} %"
    if kind == "fte":
        return _number(number, 2)
    if kind == "number":
        return _number(number, 2) if number != number.to_integral_value() else _number(number, 0)
    return str(value)


@register.filter
def change(value: object, kind: str) -> str:
    """A change with its sign: +91 800 €, −24 480 €; nothing for no change."""
    if value is None or isinstance(value, bool):
        return ""
    number = Decimal(str(value))
    if number == 0:
        return "±0"
    text = figure(abs(number), kind)
    return f"+{text}" if number > 0 else f"−{text}"


@register.filter
def shares(value: object) -> str:
    return figure(value, "ratio")


@register.filter
def kind_label(value: str) -> str:
    from tyonjako.staffing.models import PostKind

    return str(PostKind(value).label) if value in PostKind.values else value


@register.filter
def source_label(value: str) -> str:
    from tyonjako.staffing.presentation import source_label as label

    return label(value)
