from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tyonjako.clients.models import Client
from tyonjako.common.clock import today
from tyonjako.organisation.models import Team, Unit, Worker


class ClientSerializer(serializers.ModelSerializer[Client]):
    team: serializers.SlugRelatedField[Team] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = Client
        fields = [
            "key",
            "team",
            "birth_year",
            "gender",
            "language",
            "municipality",
            "employment",
            "status",
            "pending_since",
            "closed_on",
        ]
        read_only_fields = fields


class TeamSerializer(serializers.ModelSerializer[Team]):
    unit: serializers.SlugRelatedField[Unit] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    service_area = serializers.CharField(source="unit.service_area.code", read_only=True)

    class Meta:
        model = Team
        fields = [
            "code",
            "name_fi",
            "name_sv",
            "name_en",
            "kind",
            "age_min",
            "age_max",
            "unit",
            "service_area",
        ]
        read_only_fields = fields


class WorkerSerializer(serializers.ModelSerializer[Worker]):
    username = serializers.CharField(source="user.username", read_only=True)
    name = serializers.CharField(source="__str__", read_only=True)
    profession = serializers.CharField(read_only=True)
    teams = serializers.SerializerMethodField()

    class Meta:
        model = Worker
        fields = [
            "username",
            "name",
            "role",
            "licence",
            "job_title",
            "profession",
            "public_office",
            "fte",
            "languages",
            "teams",
        ]
        read_only_fields = fields

    def get_teams(self, worker: Worker) -> list[str]:
        return sorted(m.team.code for m in worker.memberships.all() if m.end is None)


class SummarySerializer(serializers.Serializer[dict[str, object]]):
    role = serializers.CharField(allow_null=True)
    date = serializers.DateField()
    own_personal_worker_clients = serializers.IntegerField(required=False)
    own_pair_clients = serializers.IntegerField(required=False)
    clients_in_scope = serializers.IntegerField(required=False)
    without_personal_worker = serializers.IntegerField(required=False)
    new_last_7_days = serializers.IntegerField(required=False)
    staff = serializers.DictField(required=False)
    clients_by_team = serializers.DictField(required=False)


class EvaluateRequestSerializer(serializers.Serializer[dict[str, object]]):
    answers = serializers.DictField(help_text="Item key → answer, as in docs/instrument-format.md")
    instrument = serializers.CharField(
        required=False, help_text="KEY[@VERSION]; default: the county-wide version"
    )
    today = serializers.DateField(
        required=False, help_text="Evaluation date for deadlines (default: today)"
    )


class RoutingResultSerializer(serializers.Serializer[dict[str, object]]):
    special_support = serializers.BooleanField()
    segment = serializers.CharField()
    personal_worker = serializers.CharField()
    pair_required = serializers.BooleanField()
    deadlines = serializers.DictField(child=serializers.DateField())
    explanations = serializers.ListField(child=serializers.DictField())
    rule_version = serializers.CharField()


class CompletionSerializer(serializers.Serializer[Any]):
    """When the assessment must be completed, as Sosiaalihuoltolaki §36 sets it: a date only
    for a child who needs special support, else "without undue delay" with the days elapsed."""

    deadline = serializers.DateField(allow_null=True)
    without_undue_delay = serializers.BooleanField()
    days_elapsed = serializers.IntegerField()


class AssessmentSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    client = serializers.CharField(source="client.key")
    instrument = serializers.CharField(source="version.rule_version")
    status = serializers.CharField()
    answers = serializers.DictField()
    result = serializers.DictField(allow_null=True)
    special_support = serializers.BooleanField(allow_null=True)
    segment = serializers.CharField()
    personal_worker = serializers.CharField()
    pair_required = serializers.BooleanField(allow_null=True)
    is_override = serializers.BooleanField()
    override_reason = serializers.CharField()
    override_note = serializers.CharField()
    created_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)
    confirmed_at = serializers.DateTimeField(allow_null=True)
    completion = serializers.SerializerMethodField()

    @extend_schema_field(CompletionSerializer)
    def get_completion(self, assessment: Any) -> dict[str, Any]:
        return dict(CompletionSerializer(assessment.completion(today())).data)


class DecisionRequestSerializer(serializers.Serializer[dict[str, object]]):
    """The decision on a recommendation: the same fields as the decision form."""

    special_support = serializers.BooleanField()
    segment = serializers.CharField(max_length=40)
    personal_worker = serializers.CharField(
        max_length=20, help_text="social_worker, counsellor, either or unnecessary (§42)"
    )
    pair_required = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class ConfirmRequestSerializer(serializers.Serializer[dict[str, object]]):
    """Confirm as decided (empty body), or change: give the whole decision."""

    special_support = serializers.BooleanField(required=False)
    segment = serializers.CharField(max_length=40, required=False)
    personal_worker = serializers.CharField(max_length=20, required=False)
    pair_required = serializers.BooleanField(required=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class SubmitAssessmentSerializer(serializers.Serializer[dict[str, object]]):
    answers = serializers.DictField()
