"""Assessment endpoints: evaluate answers, a client's assessments, override figures."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tyonjako.access.policy import Action, sees_clients
from tyonjako.access.subject import subject_of
from tyonjako.assessments import actions
from tyonjako.assessments.engine import AnswerError, evaluate
from tyonjako.assessments.lookup import InstrumentNotFound, find_version
from tyonjako.assessments.models import Assessment
from tyonjako.assessments.reports import (
    override_figures,
    suppress_override_figures,
    what_if_stored,
    what_if_summary,
)
from tyonjako.audit.purposes import Channel, Purpose
from tyonjako.clients.access import ClientNotFound, get_client_for
from tyonjako.clients.models import Client
from tyonjako.common.clock import today
from tyonjako.common.dates import parse_input_date
from tyonjako.common.requests import acting_user
from tyonjako.organisation.scope import teams_in_scope

from .serializers import (
    AssessmentSerializer,
    EvaluateRequestSerializer,
    RoutingResultSerializer,
    SubmitAssessmentSerializer,
)


def _answer_error(error: AnswerError) -> ValidationError:
    return ValidationError({"answers": {error.item: [error.message]}})


class EvaluateView(APIView):
    """Route one set of answers. Stores nothing and touches no client."""

    @extend_schema(request=EvaluateRequestSerializer, responses=RoutingResultSerializer)
    def post(self, request: Request) -> Response:
        if not subject_of(request.user).can(Action.ASSESS):
            raise PermissionDenied()
        body = EvaluateRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            version = find_version(data.get("instrument") or "erityisen-tuen-tarve")
        except InstrumentNotFound as error:
            raise ValidationError({"instrument": [str(error)]}) from None
        try:
            result = evaluate(
                version.instrument(), data["answers"], today=data.get("today") or today()
            )
        except AnswerError as error:
            raise _answer_error(error) from None
        return Response(result.to_dict())


class ClientAssessmentsView(APIView):
    """A client's assessments (GET), or a new assessment with its recommendation (POST)."""

    def _client(self, request: Request, key: str) -> Client:
        try:
            return get_client_for(
                request.user,
                key,
                purpose=Purpose.ASSESSMENT,
                channel=Channel.API,
                action=Action.ASSESS,
                remote_addr=request.META.get("REMOTE_ADDR"),
            )
        except ClientNotFound:
            raise NotFound() from None

    @extend_schema(responses=AssessmentSerializer(many=True))
    def get(self, request: Request, key: str) -> Response:
        client = self._client(request, key)
        rows = Assessment.objects.filter(client=client).select_related("version", "client")
        return Response(AssessmentSerializer(rows, many=True).data)

    @extend_schema(request=SubmitAssessmentSerializer, responses={201: AssessmentSerializer})
    def post(self, request: Request, key: str) -> Response:
        client = self._client(request, key)
        body = SubmitAssessmentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            assessment = actions.recommend(
                client, body.validated_data["answers"], by=acting_user(request)
            )
        except AnswerError as error:
            raise _answer_error(error) from None
        except actions.AssessmentActionError as error:
            raise ValidationError({error.field: [error.message]}) from None
        return Response(AssessmentSerializer(assessment).data, status=201)


class OverridesView(APIView):
    """Decisions and overrides per team: the same figures as the overrides page."""

    @extend_schema(
        responses=OpenApiTypes.OBJECT,
        parameters=[
            OpenApiParameter("team", str, description="team code"),
            OpenApiParameter("from", str, description="31.12.2023 or 2023-12-31"),
            OpenApiParameter("to", str, description="31.12.2023 or 2023-12-31"),
        ],
    )
    def get(self, request: Request) -> Response:
        subject = subject_of(request.user)
        if not subject.can(Action.VIEW_AGGREGATES):
            raise PermissionDenied()
        chosen = request.query_params.get("team", "")
        team_ids = [
            t.pk
            for t in teams_in_scope(subject, Action.VIEW_AGGREGATES)
            if not chosen or t.code == chosen
        ]
        try:
            start, end = (
                parse_input_date(request.query_params[name])
                if request.query_params.get(name)
                else None
                for name in ("from", "to")
            )
        except ValueError as error:
            raise ValidationError({"period": [str(error)]}) from None
        figures = override_figures(team_ids, start, end)
        if not sees_clients(subject.role):
            figures = suppress_override_figures(figures, settings.SMALL_CELL_THRESHOLD)
        return Response(figures)


class WhatIfView(APIView):
    """Run a version over the stored assessments: the same figures as the what-if page."""

    @extend_schema(
        responses=OpenApiTypes.OBJECT,
        parameters=[
            OpenApiParameter("draft", str, required=True, description="KEY@VERSION to try"),
            OpenApiParameter(
                "against", str, description="KEY[@VERSION]; default: the county-wide version"
            ),
            OpenApiParameter("team", str, description="team code"),
            OpenApiParameter("from", str, description="31.12.2023 or 2023-12-31"),
            OpenApiParameter("to", str, description="31.12.2023 or 2023-12-31"),
        ],
    )
    def get(self, request: Request) -> Response:
        subject = subject_of(request.user)
        if not subject.can(Action.RUN_WHAT_IF):
            raise PermissionDenied()
        params = request.query_params
        try:
            draft = find_version(params.get("draft", ""))
            current = find_version(params.get("against") or draft.key)
            start, end = (
                parse_input_date(params[name]) if params.get(name) else None
                for name in ("from", "to")
            )
        except (InstrumentNotFound, ValueError) as error:
            raise ValidationError({"detail": [str(error)]}) from None
        chosen = params.get("team", "")
        team_ids = [
            t.pk
            for t in teams_in_scope(subject, Action.RUN_WHAT_IF)
            if not chosen or t.code == chosen
        ]
        report = what_if_stored(current.instrument(), draft.instrument(), team_ids, start, end)
        return Response(what_if_summary(report, include_ids=sees_clients(subject.role)))
