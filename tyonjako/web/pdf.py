"""Documents as PDF (WeasyPrint): a template rendered to HTML with its print style
sheet from the static files, given to WeasyPrint directly so that no template
carries an inline <style> (the Content-Security-Policy allows none)."""

from __future__ import annotations

from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


def render_pdf(template: str, context: dict[str, Any], *, stylesheet: str) -> bytes:
    from weasyprint import CSS, HTML

    path = finders.find(stylesheet)
    if not path:
        raise LookupError(f"no static file {stylesheet!r}")
    html = render_to_string(template, context)
    return bytes(HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(path))]))
