"""The one model of versioned definitions (assessment instruments, the task catalogue;
next survey and indicator definitions): a definition is kept as the text it was loaded
from, under a key and a version number, with who loaded it and when.

The rule itself is pure (`common/versions.py:decide_load`); `VersionedDefinition.decide`
applies it to the stored row, locked, so that two loads cannot both pass it."""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .versions import Load, decide_load


class VersionedDefinition(models.Model):
    """Key, version, the text as loaded, and who loaded it when.

    A subclass tells whether a stored version is in use (`is_in_use`); `decide` refuses a
    changed text under the key and version of one in use (`versions.VersionInUse`)."""

    key = models.CharField(_("key"), max_length=80)
    version = models.PositiveIntegerField(_("version"))
    source = models.TextField(_("definition (YAML)"))
    loaded_at = models.DateTimeField(_("loaded"), auto_now_add=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("loaded by"),
    )

    class Meta:
        abstract = True

    def is_in_use(self) -> bool:
        """Whether anything has been counted or decided with this version."""
        raise NotImplementedError

    @classmethod
    def decide(cls, key: str, version: int, source: str, **more: Any) -> tuple[Self | None, Load]:
        """The stored row of (key, version), locked for the transaction, and what loading
        `source` under it does (`Load`). Raises `versions.VersionInUse` if it may not.
        Call inside `transaction.atomic()`."""
        existing = cls.objects.select_for_update().filter(key=key, version=version, **more).first()  # type: ignore[attr-defined]
        load = decide_load(
            key,
            version,
            existing.source if existing is not None else None,
            source,
            in_use=existing is not None and existing.is_in_use(),
        )
        return existing, load
