"""Change rows of sensitive fields name the field, never its values (issue 13 §2)."""

import json

import pytest
from auditlog.models import LogEntry

from tests.conftest import Org
from tyonjako.assessments.actions import save_draft
from tyonjako.audit.masking import MASK
from tyonjako.clients.models import Client

pytestmark = pytest.mark.django_db


def _changes(obj: object) -> dict[str, list[object]]:
    entry = LogEntry.objects.get_for_object(obj).latest("pk")
    changes = entry.changes
    return json.loads(changes) if isinstance(changes, str) else dict(changes or {})


def test_assessment_answers_are_logged_as_changed_without_their_values(org: Org) -> None:
    answers = {"coping": "2", "substance_use": "on", "mental_health": "on"}
    assessment = save_draft(org.own_client, answers, by=org.counsellor.user)
    save_draft(org.own_client, {"coping": "3"}, by=org.counsellor.user, assessment=assessment)
    changes = _changes(assessment)
    assert changes["answers"] == [MASK, MASK]
    text = json.dumps(list(LogEntry.objects.get_for_object(assessment).values_list("changes")))
    assert "coping" not in text and "substance" not in text


def test_a_clients_attributes_are_logged_as_changed_without_their_values(org: Org) -> None:
    client = Client.objects.get(key="AS-2")
    client.employment, client.birth_year = "unemployed", 1961
    client.save()
    changes = _changes(client)
    assert changes["employment"] == [MASK, MASK] and changes["birth_year"] == [MASK, MASK]
