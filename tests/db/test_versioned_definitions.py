"""Issue 14 §5: versioned definitions share one model (common/definitions.py) and one rule
(common/versions.py): a version in use cannot change; a changed text under the same key
and version is refused, never written over."""

import pytest
from django.apps import apps
from django.db import transaction

from tests.conftest import Org
from tyonjako.assessments import actions
from tyonjako.assessments.models import InstrumentVersion
from tyonjako.common.definitions import VersionedDefinition
from tyonjako.common.versions import Load, VersionInUse
from tyonjako.surveys.models import SurveyVersion
from tyonjako.tasks.catalogue import DEFAULT_CATALOGUE_PATH
from tyonjako.tasks.catalogue.load import CatalogueError
from tyonjako.tasks.models import TaskCatalogue
from tyonjako.tasks.services import load_catalogue_source

from .test_assessments import LIGHT
from .test_assessments import v3_source as v2_source

pytestmark = pytest.mark.django_db

# Definitions kept as loaded text under a version that do not (yet) share the model, and why.
NOT_YET: set[str] = set()


def test_every_stored_definition_with_a_version_shares_the_one_model() -> None:
    versioned = {
        model._meta.label
        for model in apps.get_models()
        if {"version", "source"} <= {field.name for field in model._meta.get_fields()}
    }
    sharing = {m._meta.label for m in apps.get_models() if issubclass(m, VersionedDefinition)}
    assert {
        "assessments.InstrumentVersion",
        "tasks.TaskCatalogue",
        "surveys.SurveyVersion",
    } <= sharing
    assert versioned - sharing == NOT_YET


def test_the_fields_are_the_same_in_each() -> None:
    for model in (InstrumentVersion, TaskCatalogue, SurveyVersion):
        names = {field.name for field in model._meta.get_fields()}
        assert {"key", "version", "source", "loaded_at", "loaded_by"} <= names


def test_an_instrument_version_changes_until_it_is_used_and_never_after(org: Org) -> None:
    version, created = actions.load_instrument_version(v2_source())
    assert created
    changed = v2_source().replace("Erityisen tuen tarpeen arviointi", "Muutettu", 1)
    with transaction.atomic():
        stored, load = InstrumentVersion.decide(version.key, version.version, changed)
    assert stored == version and load == Load.REPLACE  # never used: may be corrected
    actions.activate_instrument(version, team=org.team_a)
    actions.recommend(org.own_client, LIGHT, by=org.counsellor.user)
    assert version.is_in_use()
    with transaction.atomic(), pytest.raises(VersionInUse):
        InstrumentVersion.decide(version.key, version.version, changed)
    with transaction.atomic():
        assert InstrumentVersion.decide(version.key, version.version, v2_source())[1] == Load.SAME
    with pytest.raises(actions.AssessmentActionError, match=f"{version.key}@3"):
        actions.load_instrument_version(changed)
    version.refresh_from_db()
    assert version.source == v2_source()


def test_a_stored_catalogue_is_in_use_and_a_changed_text_is_refused() -> None:
    source = DEFAULT_CATALOGUE_PATH.read_text(encoding="utf-8")
    stored = load_catalogue_source(source)
    assert stored.is_in_use()
    changed = source.replace("typical_minutes: 60", "typical_minutes: 61", 1)
    with pytest.raises(CatalogueError, match=f"{stored.key}@{stored.version}"):
        load_catalogue_source(changed)
    stored.refresh_from_db()
    assert stored.source == source
    assert TaskCatalogue.objects.filter(key=stored.key, version=stored.version).count() == 1
