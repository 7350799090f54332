"""Encounter statistics: the same figures as the page and `tyonjako report encounters`."""

from __future__ import annotations

import json

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tyonjako.access.policy import Action
from tyonjako.common.professions import PROFESSIONS
from tyonjako.reports.compliance import compliance_report
from tyonjako.reports.door import Period, ReportError, ReportScope
from tyonjako.reports.encounters import as_json, precounted_reports, reports_for
from tyonjako.reports.recording import recording_report
from tyonjako.reports.tasks import tasks_report


class EncounterStatisticsView(APIView):
    @extend_schema(
        responses=OpenApiTypes.OBJECT,
        parameters=[
            OpenApiParameter("unit", str, many=True, description="unit or ward code (repeat)"),
            OpenApiParameter(
                "table",
                int,
                many=True,
                description="a pre-counted site table by its id (repeat), over its own period",
            ),
            OpenApiParameter("from", str, description="31.12.2023 or 2023-12-31"),
            OpenApiParameter("to", str, description="last day or cut-off date"),
            OpenApiParameter(
                "profession",
                str,
                enum=list(PROFESSIONS),
                description="only the encounters of this profession",
            ),
        ],
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        codes = params.getlist("unit")
        try:
            tables = [int(value) for value in params.getlist("table")]
        except ValueError:
            raise ValidationError({"table": ["a table is named by its id (a number)"]}) from None
        if not codes and not tables:
            raise ValidationError({"unit": ["give at least one unit or ward code, or a table"]})
        if tables and params.get("profession"):
            raise ValidationError({"profession": ["a pre-counted table has no professions"]})
        try:
            period = Period.parse(params.get("from"), params.get("to"))
            scope = ReportScope.for_user(request.user, Action.VIEW_AGGREGATES, period)
            reports = reports_for(scope, codes, profession=params.get("profession") or None)
            reports += precounted_reports(scope, tables)
        except ReportError as error:
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
        params = request.query_params
        try:
            period = Period.parse(params.get("from"), params.get("to"))
            scope = ReportScope.for_user(request.user, Action.VIEW_AGGREGATES, period)
            report = tasks_report(scope, params.get("unit", ""))
        except ReportError as error:
            raise ValidationError({"detail": [str(error)]}) from None
        return Response(json.loads(json.dumps(report)))


class RecordingReportView(APIView):
    """How encounters are recorded: the same figures as `tyonjako report recording`."""

    @extend_schema(
        responses=OpenApiTypes.OBJECT,
        parameters=[
            OpenApiParameter("unit", str, required=True, description="unit or ward code"),
            OpenApiParameter("from", str, description="31.12.2023 or 2023-12-31"),
            OpenApiParameter("to", str, description="31.12.2023 or 2023-12-31"),
        ],
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        try:
            period = Period.parse(params.get("from"), params.get("to"))
            scope = ReportScope.for_user(request.user, Action.VIEW_AGGREGATES, period)
            report = recording_report(scope, params.get("unit", ""))
        except ReportError as error:
            raise ValidationError({"detail": [str(error)]}) from None
        return Response(json.loads(json.dumps(report)))


class ComplianceReportView(APIView):
    """Compliance by team and over time: the same figures as `/reports/compliance/`."""

    @extend_schema(
        responses=OpenApiTypes.OBJECT,
        parameters=[
            OpenApiParameter("from", str, description="31.12.2023 or 2023-12-31"),
            OpenApiParameter("to", str, description="31.12.2023 or 2023-12-31"),
        ],
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        try:
            period = Period.parse(params.get("from"), params.get("to"))
            scope = ReportScope.for_user(request.user, Action.VIEW_AGGREGATES, period)
            report = compliance_report(scope)
        except ReportError as error:
            raise ValidationError({"detail": [str(error)]}) from None
        return Response(json.loads(json.dumps(report)))
