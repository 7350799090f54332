"""Caseload endpoints: intake queue, suggestions, assignments, findings, dashboard."""

from __future__ import annotations

from drf_spectacular.plumbing import build_array_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tyonjako.access.policy import Action
from tyonjako.access.subject import subject_of
from tyonjako.audit.purposes import Channel, Purpose
from tyonjako.caseload import actions
from tyonjako.caseload.compliance_db import finding_dict, team_findings
from tyonjako.caseload.models import Assignment, AssignmentKind
from tyonjako.caseload.services import (
    caseload_dashboard,
    intake_queue,
    suggestion_dicts,
    suggestions_for,
)
from tyonjako.clients.access import ClientNotFound, get_client_for, read_clients
from tyonjako.clients.models import Client
from tyonjako.common.clock import today
from tyonjako.common.requests import acting_user
from tyonjako.organisation.models import Team, Worker
from tyonjako.organisation.scope import teams_in_scope


def _team(request: Request, code: str, action: Action) -> Team:
    team = Team.objects.select_related("unit").filter(code=code).first()
    if team is None or not subject_of(request.user).covers_team(
        action, team.pk, team.unit_id, team.unit.service_area_id
    ):
        raise NotFound()
    return team


def _client(request: Request, key: str, action: Action) -> Client:
    try:
        return get_client_for(
            request.user,
            key,
            purpose=Purpose.ASSIGNMENT,
            channel=Channel.API,
            action=action,
            remote_addr=request.META.get("REMOTE_ADDR"),
        )
    except ClientNotFound:
        raise NotFound() from None


def _log(request: Request, keys: list[str], purpose: Purpose) -> None:
    read_clients(
        request.user,
        list(Client.objects.filter(key__in=keys)),
        purpose=purpose,
        channel=Channel.API,
        remote_addr=request.META.get("REMOTE_ADDR"),
    )


# The queue and the findings are lists of rows (their schema said "object").
LIST_OF_OBJECTS = build_array_type({"type": "object", "additionalProperties": {}})


class QueueView(APIView):
    """The team's intake queue: the same rows as the page."""

    @extend_schema(responses={200: LIST_OF_OBJECTS})
    def get(self, request: Request, code: str) -> Response:
        rows = intake_queue(_team(request, code, Action.VIEW_CLIENT), today())
        _log(request, [row["client"] for row in rows], Purpose.INTAKE)
        return Response(rows)


class FindingsView(APIView):
    """Compliance findings of the teams in the user's scope (or one team)."""

    @extend_schema(
        responses={200: LIST_OF_OBJECTS},
        parameters=[OpenApiParameter("team", str, description="team code")],
    )
    def get(self, request: Request) -> Response:
        code = request.query_params.get("team")
        if code:
            team_ids = [_team(request, code, Action.VIEW_CLIENT).pk]
        else:
            team_ids = [t.pk for t in teams_in_scope(subject_of(request.user), Action.VIEW_CLIENT)]
        rows = [finding_dict(f) for f in team_findings(team_ids, today())]
        _log(request, sorted({row["client"] for row in rows}), Purpose.ASSIGNMENT)
        return Response(rows)


class DashboardView(APIView):
    """Caseload per worker of a team: the same figures as the page."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, code: str) -> Response:
        return Response(caseload_dashboard(_team(request, code, Action.VIEW_CLIENT), today()))


class SuggestionsView(APIView):
    """Eligible workers for a client, best first, each with its reasons."""

    @extend_schema(
        responses=OpenApiTypes.OBJECT,
        parameters=[
            OpenApiParameter("role", str, enum=["personal_worker", "pair"]),
            OpenApiParameter("language", str, enum=["fi", "sv", "en"]),
        ],
    )
    def get(self, request: Request, key: str) -> Response:
        role = request.query_params.get("role", AssignmentKind.PERSONAL_WORKER)
        if role not in AssignmentKind.values:
            raise ValidationError({"role": ["personal_worker or pair"]})
        language = request.query_params.get("language", "fi")
        if language not in ("fi", "sv", "en"):
            raise ValidationError({"language": ["fi, sv or en"]})
        client = _client(request, key, Action.ASSIGN_WORKER)
        return Response(suggestion_dicts(suggestions_for(client, today(), role), language))


class AssignmentSerializer(serializers.ModelSerializer[Assignment]):
    worker = serializers.CharField(source="worker.user.username", read_only=True)

    class Meta:
        model = Assignment
        fields = [
            "id",
            "worker",
            "kind",
            "start",
            "end",
            "reason",
            "end_reason",
            "health_care_justification",
        ]
        read_only_fields = fields


class AssignRequestSerializer(serializers.Serializer[dict[str, object]]):
    worker = serializers.CharField(help_text="username")
    kind = serializers.ChoiceField(choices=AssignmentKind.choices)
    start = serializers.DateField(required=False)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=200)
    justification = serializers.CharField(required=False, allow_blank=True, max_length=300)
    expected_personal_worker = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="username of the personal worker you saw, or '' for none",
    )
    replace = serializers.BooleanField(
        required=False,
        default=False,
        help_text="true to confirm replacing the current personal worker "
        "(counted as a change of worker); refused without it",
    )


class AssignmentsView(APIView):
    """A client's assignments (GET) or a new one (POST)."""

    @extend_schema(responses=AssignmentSerializer(many=True))
    def get(self, request: Request, key: str) -> Response:
        client = _client(request, key, Action.VIEW_CLIENT)
        rows = (
            Assignment.objects.filter(client=client)
            .select_related("worker__user")
            .order_by("-start", "-id")
        )
        return Response(AssignmentSerializer(rows, many=True).data)

    @extend_schema(request=AssignRequestSerializer, responses={201: AssignmentSerializer})
    def post(self, request: Request, key: str) -> Response:
        client = _client(request, key, Action.ASSIGN_WORKER)
        body = AssignRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        worker = Worker.objects.filter(user__username=data["worker"]).first()
        if worker is None:
            raise ValidationError({"worker": ["unknown worker"]})
        expected: int | None = actions.UNCHANGED
        if "expected_personal_worker" in data:
            seen = Worker.objects.filter(user__username=data["expected_personal_worker"]).first()
            expected = seen.pk if seen else None
        try:
            assignment = actions.assign(
                client,
                worker,
                kind=data["kind"],
                by=acting_user(request),
                start=data.get("start") or today(),
                reason=data.get("reason", ""),
                justification=data.get("justification", ""),
                expected_personal_worker=expected,
                replace=bool(data.get("replace")),
            )
        except actions.AssignmentError as error:
            status = 409 if isinstance(error, actions.AssignmentConflict) else 400
            return Response({error.field: [error.message]}, status=status)
        return Response(AssignmentSerializer(assignment).data, status=201)
