"""Loading the catalogue, reading job descriptions, and the catalogue in use."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from auditlog.context import set_actor
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from tyonjako.common.clock import now
from tyonjako.common.versions import VersionInUse
from tyonjako.organisation.models import Unit

from .catalogue import (
    DEFAULT_CATALOGUE_PATH,
    Catalogue,
    CatalogueError,
    JobDescription,
    load_catalogue,
)
from .models import JobDescriptionStatus, JobDescriptionVersion, TaskCatalogue


def load_catalogue_source(source: str, *, by: User | None = None) -> TaskCatalogue:
    """Validate, store and put in use a catalogue; its job descriptions become published
    versions unless a version with that number already exists. Raises CatalogueError.

    A stored catalogue version has been in use (loading puts it in use), so a changed
    text under the same key and version is refused (`common.versions`), never
    written over the one the figures were counted with."""
    catalogue = load_catalogue(source)
    with transaction.atomic(), set_actor(by):
        try:
            existing, _load = TaskCatalogue.decide(catalogue.key, catalogue.version, source)
        except VersionInUse as refused:
            raise CatalogueError(
                [
                    _(
                        "Version %(version)s has been in use and cannot change; give the "
                        "changed catalogue a new version number."
                    )
                    % {"version": f"{refused.key}@{refused.version}"}
                ]
            ) from None
        stored = existing or TaskCatalogue.objects.create(
            key=catalogue.key, version=catalogue.version, source=source, loaded_by=by
        )
        TaskCatalogue.objects.exclude(pk=stored.pk).update(is_active=False)
        stored.is_active = True
        stored.save(update_fields=["is_active"])
        for description in catalogue.job_descriptions:
            _store_published(description, by)
    return stored


def _store_published(description: JobDescription, by: User | None) -> None:
    unit = Unit.objects.filter(code=description.unit).first() if description.unit else None
    if description.unit and unit is None:
        return  # a unit this county does not have
    exists = JobDescriptionVersion.objects.filter(
        profession=description.profession, unit=unit, version=description.version
    ).exists()
    if not exists:
        JobDescriptionVersion.objects.create(
            profession=description.profession,
            unit=unit,
            version=description.version,
            status=JobDescriptionStatus.PUBLISHED,
            effective_from=description.effective_from,
            task_codes=sorted(description.task_codes),
            notes={
                "fi": description.notes.fi,
                "sv": description.notes.sv,
                "en": description.notes.en,
            },
            created_by=by,
            published_at=now(),
        )


def active_catalogue() -> Catalogue:
    stored = TaskCatalogue.objects.filter(is_active=True).first()
    if stored is None:
        stored = load_catalogue_source(DEFAULT_CATALOGUE_PATH.read_text(encoding="utf-8"))
    return stored.catalogue()


def published(profession: str | None = None) -> list[JobDescription]:
    versions = JobDescriptionVersion.objects.filter(
        status=JobDescriptionStatus.PUBLISHED
    ).select_related("unit")
    if profession:
        versions = versions.filter(profession=profession)
    return [version.as_plain() for version in versions]


def next_version(profession: str, unit: Unit | None) -> int:
    top = JobDescriptionVersion.objects.filter(profession=profession, unit=unit).aggregate(
        top=Max("version")
    )
    return int(top["top"] or 0) + 1


def in_force(descriptions: Iterable[JobDescription], day: dt.date) -> list[JobDescription]:
    return [d for d in descriptions if d.effective_from <= day]
