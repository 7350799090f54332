"""Names kept in Finnish, Swedish and English, shown in the active language."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TrilingualName(models.Model):
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        language = (get_language() or "fi")[:2]
        by_language = {"fi": self.name_fi, "sv": self.name_sv, "en": self.name_en}
        # Fall back to Finnish: it is the language every record must have.
        return by_language.get(language) or self.name_fi


def pick_text(texts: object) -> str:
    """The active language's text from a {"fi": …, "sv": …, "en": …} mapping; Finnish by default."""
    if not isinstance(texts, dict):
        return "" if texts is None else str(texts)
    language = (get_language() or "fi")[:2]
    return str(texts.get(language) or texts.get("fi") or next(iter(texts.values()), ""))
