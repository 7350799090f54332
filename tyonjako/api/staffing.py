"""Staffing scenarios: the same figures as the page and `tyonjako scenarios run`."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tyonjako.access.policy import Action
from tyonjako.access.subject import subject_of
from tyonjako.staffing.models import Scenario
from tyonjako.staffing.rules import ChangeError, parse_spec, plain
from tyonjako.staffing.services import (
    ScenarioFileError,
    covers_unit,
    run_request,
    scenario_report,
)


class ScenarioRunView(APIView):
    """POST a scenario request ({unit, from?, to?, parameters?, scenarios: [...]}, the
    format of a scenario file, docs/scenarios.md) and get today and each scenario."""

    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request) -> Response:
        subject = subject_of(request.user)
        if not subject.can(Action.VIEW_SCENARIOS):
            raise PermissionDenied()
        data = request.data if isinstance(request.data, dict) else None
        if data is None:
            raise ValidationError({"detail": ["send a JSON object"]})
        from tyonjako.organisation.models import Unit

        unit = Unit.objects.filter(code=str(data.get("unit") or "")).first()
        if unit is None or not covers_unit(subject, Action.VIEW_SCENARIOS, unit):
            raise ValidationError({"unit": ["not in your scope or unknown"]})
        try:
            result = run_request(dict(data), role=subject.role)
        except (ScenarioFileError, ChangeError) as error:
            raise ValidationError({"detail": [str(error)]}) from None
        return Response(plain(result))


class SavedScenarioView(APIView):
    """A saved scenario by its stable key, with today's figures beside it."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, key: str) -> Response:
        subject = subject_of(request.user)
        if not subject.can(Action.VIEW_SCENARIOS):
            raise PermissionDenied()
        scenario = Scenario.objects.select_related("unit").filter(key=key).first()
        if scenario is None or not covers_unit(subject, Action.VIEW_SCENARIOS, scenario.unit):
            raise NotFound()
        spec = parse_spec(scenario.as_spec_data())
        result = scenario_report(scenario.unit, [spec], role=subject.role)
        return Response(plain(result))
