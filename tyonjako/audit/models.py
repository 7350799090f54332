"""Tamper evidence and retention of the access log (docs/security.md).

The log rows themselves are django-auditlog's ``LogEntry``. Each row, once
sealed, has one ``ChainLink``: the SHA-256 of the previous link's digest and of
the row's content. The links are kept apart from the rows (no foreign key, no
cascade), so a deleted or altered row breaks the chain instead of taking its
link with it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS = "0" * 64


class ChainLink(models.Model):
    """One sealed log row: its place in the chain (``seq``) and its digest."""

    seq = models.BigAutoField(primary_key=True)
    entry_id = models.BigIntegerField(_("log entry"), unique=True)
    digest = models.CharField(_("digest"), max_length=64)

    class Meta:
        verbose_name = _("chain link")
        verbose_name_plural = _("chain links")

    def __str__(self) -> str:
        return f"{self.seq}: {self.entry_id}"


class ChainHead(models.Model):
    """The one row that sealing locks: where the chain starts and ends.

    ``anchor`` is the digest that the first remaining link continues (the
    genesis value, or the last digest a purge removed); ``last_digest`` the
    digest of the last link.
    """

    anchor = models.CharField(_("anchor"), max_length=64, default=GENESIS)
    last_digest = models.CharField(_("last digest"), max_length=64, default=GENESIS)
    last_entry_id = models.BigIntegerField(_("last sealed log entry"), default=0)
    turns = models.BigIntegerField(_("sealing runs"), default=0)

    class Meta:
        verbose_name = _("chain head")
        verbose_name_plural = _("chain heads")

    def __str__(self) -> str:
        return self.last_digest


class AuditPurge(models.Model):
    """The log's own record of what a purge removed: counts and period, never contents."""

    at = models.DateTimeField(_("purged at"))
    cutoff = models.DateTimeField(_("rows older than"))
    retention_years = models.PositiveIntegerField(_("retention in years"))
    removed = models.PositiveIntegerField(_("rows removed"))
    oldest = models.DateTimeField(_("oldest removed row"), null=True)
    newest = models.DateTimeField(_("newest removed row"), null=True)
    anchor = models.CharField(_("new anchor of the chain"), max_length=64)

    class Meta:
        verbose_name = _("audit log purge")
        verbose_name_plural = _("audit log purges")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d}: {self.removed}"
