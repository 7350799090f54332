"""Assessment endpoints: evaluate answers, a client's assessments, override figures."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tyonjako.access.policy import Action
from tyonjako.access.subject import subject_of
from tyonjako.assessments import actions
from tyonjako.assessments.engine import AnswerError, evaluate
from tyonjako.assessments.lookup import InstrumentNotFound, find_version
from tyonjako.assessments.models import Assessment
from tyonjako.assessments.rules import NO_PERSONAL_WORKER, Decision
from tyonjako.audit.purposes import Channel, Purpose
from tyonjako.clients.access import ClientNotFound, get_client_for
from tyonjako.clients.models import Client
from tyonjako.common.clock import today
from tyonjako.common.requests import acting_user
from tyonjako.reports.door import Period, ReportError, ReportScope
from tyonjako.reports.overrides import overrides_report, what_if_figures, what_if_report

from .serializers import (
    AssessmentSerializer,
    ConfirmRequestSerializer,
    DecisionRequestSerializer,
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


DECISION_FIELDS = ("special_support", "segment", "personal_worker", "pair_required")


def _assessment_of(request: Request, key: str, pk: int, action: Action) -> Assessment:
    try:
        client = get_client_for(
            request.user,
            key,
            purpose=Purpose.ASSESSMENT,
            channel=Channel.API,
            action=action,
            remote_addr=request.META.get("REMOTE_ADDR"),
        )
    except ClientNotFound:
        raise NotFound() from None
    found = Assessment.objects.filter(client=client, pk=pk).select_related("version").first()
    if found is None:
        raise NotFound()
    return found


def _checked_decision(assessment: Assessment, data: dict[str, object]) -> Decision:
    """The decision from a request, its values checked against the instrument's outputs."""
    instrument = assessment.version.instrument()
    segments = {o.value for o in instrument.segments}
    workers = {o.value for o in instrument.professionals} | {NO_PERSONAL_WORKER}
    errors: dict[str, list[str]] = {}
    if data["segment"] not in segments:
        errors["segment"] = [f"one of {sorted(segments)}"]
    if data["personal_worker"] not in workers:
        errors["personal_worker"] = [f"one of {sorted(workers)}"]
    if errors:
        raise ValidationError(errors)
    return Decision(
        bool(data["special_support"]),
        str(data["segment"]),
        str(data["personal_worker"]),
        bool(data["pair_required"]),
    )


class DecisionView(APIView):
    """Decide on a recommendation: the twin of the decision form, with the same rules
    (§42 refusals, confirmation by a social worker in public office) and audit rows."""

    @extend_schema(request=DecisionRequestSerializer, responses=AssessmentSerializer)
    def post(self, request: Request, key: str, pk: int) -> Response:
        assessment = _assessment_of(request, key, pk, Action.ASSESS)
        body = DecisionRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        decided = _checked_decision(assessment, data)
        try:
            saved = actions.decide(
                assessment,
                decided,
                by=acting_user(request),
                reason=str(data["reason"]),
                note=str(data["note"]),
            )
        except actions.AssessmentActionError as error:
            raise ValidationError({error.field: [error.message]}) from None
        return Response(AssessmentSerializer(saved).data)


class ConfirmView(APIView):
    """A licensed social worker in public office confirms a waiting decision, or
    changes it by sending the whole decision."""

    @extend_schema(request=ConfirmRequestSerializer, responses=AssessmentSerializer)
    def post(self, request: Request, key: str, pk: int) -> Response:
        assessment = _assessment_of(request, key, pk, Action.CONFIRM_SPECIAL_SUPPORT)
        body = ConfirmRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        given = [name for name in DECISION_FIELDS if name in data]
        if given and len(given) != len(DECISION_FIELDS):
            missing = [name for name in DECISION_FIELDS if name not in data]
            raise ValidationError({name: ["needed to change the decision"] for name in missing})
        changed = _checked_decision(assessment, data) if given else None
        try:
            saved = actions.confirm_special_support(
                assessment,
                by=acting_user(request),
                changed=changed,
                reason=str(data["reason"]),
                note=str(data["note"]),
            )
        except actions.AssessmentActionError as error:
            raise ValidationError({error.field: [error.message]}) from None
        return Response(AssessmentSerializer(saved).data)


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
        params = request.query_params
        try:
            period = Period.parse(params.get("from"), params.get("to"))
            scope = ReportScope.for_user(request.user, Action.VIEW_AGGREGATES, period)
            figures = overrides_report(scope, [params.get("team", "")])
        except ReportError as error:
            raise ValidationError({"period": [str(error)]}) from None
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
        params = request.query_params
        # Who asks is decided before what is asked: a refused role never learns
        # whether an instrument exists or a date is well formed.
        ReportScope.for_user(request.user, Action.RUN_WHAT_IF)
        try:
            draft = find_version(params.get("draft", ""))
            current = find_version(params.get("against") or draft.key)
            period = Period.parse(params.get("from"), params.get("to"))
            scope = ReportScope.for_user(request.user, Action.RUN_WHAT_IF, period)
            report = what_if_report(
                scope, current.instrument(), draft.instrument(), [params.get("team", "")]
            )
        except (InstrumentNotFound, ReportError) as error:
            raise ValidationError({"detail": [str(error)]}) from None
        return Response(what_if_figures(scope, report))
