"""Pilot endpoints: the pilots in scope, and a checkpoint's report with its frozen figures."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tyonjako.access.policy import Action
from tyonjako.access.subject import subject_of
from tyonjako.pilots.documents import report_json
from tyonjako.pilots.queries import figures_suppressed_for, get_pilot_for, pilots_for


class _CheckpointSerializer(serializers.Serializer[dict[str, object]]):
    key = serializers.CharField()
    cut_off = serializers.DateField()
    report_due = serializers.DateField()
    frozen = serializers.BooleanField()
    approved = serializers.BooleanField()


class _PilotSerializer(serializers.Serializer[dict[str, object]]):
    key = serializers.CharField()
    name = serializers.DictField(child=serializers.CharField())
    start = serializers.DateField()
    end = serializers.DateField()
    checkpoints = _CheckpointSerializer(many=True)


class PilotsView(APIView):
    """The pilots whose every place lies in the caller's scope, with their checkpoints."""

    @extend_schema(responses={200: _PilotSerializer(many=True)})
    def get(self, request: Request) -> Response:
        subject = subject_of(request.user)
        if not subject.can(Action.VIEW_PILOTS):
            raise PermissionDenied
        return Response(
            [
                {
                    "key": pilot.key,
                    "name": {"fi": pilot.name_fi, "sv": pilot.name_sv},
                    "start": pilot.start.isoformat(),
                    "end": pilot.end.isoformat(),
                    "checkpoints": [
                        {
                            "key": cp.key,
                            "cut_off": cp.cut_off.isoformat(),
                            "report_due": cp.report_due.isoformat(),
                            "frozen": cp.is_frozen,
                            "approved": cp.is_approved,
                        }
                        for cp in pilot.checkpoints.all()
                    ],
                }
                for pilot in pilots_for(subject)
            ]
        )


class CheckpointReportView(APIView):
    """A checkpoint's report: the frozen figures, suppressed for callers who do not see
    the clients of every place of the pilot (the same figures as the PDF and XLSX)."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT})
    def get(self, request: Request, key: str, checkpoint: str) -> Response:
        subject = subject_of(request.user)
        try:
            pilot = get_pilot_for(subject, key)
        except Http404:
            raise NotFound from None
        target = pilot.checkpoints.filter(key=checkpoint).first()
        if target is None:
            raise NotFound
        return Response(report_json(target, suppressed=figures_suppressed_for(subject, pilot)))
