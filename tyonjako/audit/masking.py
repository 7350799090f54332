"""Change rows of sensitive fields say *that* a field changed, never its values.

django-auditlog writes every changed field with its old and new value. For the
fields below it writes the field's name with `MASK` for both values: the client's
access report still shows what was changed and by whom, but the answers of an
assessment (substance use, mental health), the client's attributes and an
encounter's reasons never reach the log, the Django admin or a search.
"""

from __future__ import annotations

MASK = "***"
MASK_CALLABLE = "tyonjako.audit.masking.changed"

SENSITIVE_FIELDS: dict[str, list[str]] = {
    "assessments.Assessment": [
        "answers",
        "rec_special_support",
        "rec_segment",
        "rec_personal_worker",
        "rec_pair_required",
        "special_support",
        "segment",
        "personal_worker",
        "pair_required",
        "override_note",
    ],
    "clients.Client": ["birth_year", "gender", "language", "municipality", "employment", "segment"],
    "encounters.Encounter": ["reason", "target_group", "referred_by", "consent"],
}


def changed(value: str) -> str:
    """auditlog's mask: the value is replaced whole (auditlog's default keeps half of it)."""
    return MASK


def masked(label: str) -> dict[str, object]:
    """Keyword arguments for `auditlog.register` of a model (`"app.Model"`)."""
    return {"mask_fields": SENSITIVE_FIELDS[label], "mask_callable": MASK_CALLABLE}
