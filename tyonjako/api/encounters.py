"""Encounter statistics: the same figures as the page and `tyonjako report encounters`."""

from __future__ import annotations

import json

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tyonjako.access.policy import Action, sees_clients
from tyonjako.access.subject import subject_of
from tyonjako.common.dates import parse_input_date
from tyonjako.encounters.stats import UnknownUnit
from tyonjako.organisation.scope import teams_in_scope
from tyonjako.reports.encounters import as_json, reports_for


class EncounterStatisticsView(APIView):
    @extend_schema(
        responses=OpenApiTypes.OBJECT,
        parameters=[
            OpenApiParameter(
                "unit", str, many=True, required=True, description="unit or ward code (repeat)"
            ),
            OpenApiParameter("from", str, description="31.12.2023 or 2023-12-31"),
            OpenApiParameter("to", str, description="last day or cut-off date"),
        ],
    )
    def get(self, request: Request) -> Response:
        subject = subject_of(request.user)
        if not subject.can(Action.VIEW_AGGREGATES):
            raise PermissionDenied()
        codes = request.query_params.getlist("unit")
        if not codes:
            raise ValidationError({"unit": ["give at least one unit or ward code"]})
        allowed = set()
        for team in teams_in_scope(subject, Action.VIEW_AGGREGATES).select_related("unit"):
            allowed.update({team.code, team.unit.code})
        outside = sorted(set(codes) - allowed)
        if outside:
            raise ValidationError({"unit": [f"not in your scope or unknown: {', '.join(outside)}"]})
        try:
            start, end = (
                parse_input_date(request.query_params[name])
                if request.query_params.get(name)
                else None
                for name in ("from", "to")
            )
            reports = reports_for(codes, start, end, suppress=not sees_clients(subject.role))
        except (ValueError, UnknownUnit) as error:
            raise ValidationError({"detail": [str(error)]}) from None
        return Response(json.loads(as_json(reports)))


class TasksReportView(APIView):
    """Who does what: the same figures as the page and `tyonjako report tasks`."""

    @extend_schema(
        responses=OpenApiTypes.OBJECT,
        parameters=[
            OpenApiParameter("unit", str, required=True, description="unit or ward code"),
            OpenApiParameter("from", str, description="31.12.2023 or 2023-12-31"),
            OpenApiParameter("to", str, description="31.12.2023 or 2023-12-31"),
        ],
    )
    def get(self, request: Request) -> Response:
        from tyonjako.tasks.report import tasks_report

        subject = subject_of(request.user)
        if not subject.can(Action.VIEW_AGGREGATES):
            raise PermissionDenied()
        code = request.query_params.get("unit", "")
        allowed = set()
        for team in teams_in_scope(subject, Action.VIEW_AGGREGATES).select_related("unit"):
            allowed.update({team.code, team.unit.code})
        if code not in allowed:
            raise ValidationError({"unit": ["not in your scope or unknown"]})
        try:
            start, end = (
                parse_input_date(request.query_params[name])
                if request.query_params.get(name)
                else None
                for name in ("from", "to")
            )
        except ValueError as error:
            raise ValidationError({"detail": [str(error)]}) from None
        return Response(json.loads(json.dumps(tasks_report(code, start, end))))
