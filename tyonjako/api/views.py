"""The REST API. Client data goes through the same door as the pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tyonjako.access.policy import Action
from tyonjako.access.subject import subject_of
from tyonjako.audit.purposes import Channel, Purpose
from tyonjako.caseload.summary import summary_for
from tyonjako.clients.access import ClientNotFound, get_client_for, read_clients
from tyonjako.clients.models import Client
from tyonjako.organisation.models import Team, Worker
from tyonjako.organisation.scope import teams_in_scope

from .serializers import ClientSerializer, SummarySerializer, TeamSerializer, WorkerSerializer


class ClientViewSet(viewsets.ReadOnlyModelViewSet[Client]):
    """Clients the user may see. Every row returned is logged as a read."""

    serializer_class = ClientSerializer
    lookup_field = "key"
    lookup_value_regex = "[^/]+"

    def get_queryset(self) -> QuerySet[Client]:
        return Client.objects.visible_to(self.request.user).select_related("team").order_by("key")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not subject_of(request.user).can(Action.VIEW_CLIENT):
            raise PermissionDenied()
        page = self.paginate_queryset(self.get_queryset())
        rows = page if page is not None else list(self.get_queryset())
        read_clients(
            request.user,
            rows,
            purpose=Purpose.API,
            channel=Channel.API,
            remote_addr=request.META.get("REMOTE_ADDR"),
        )
        data = self.get_serializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            client = get_client_for(
                request.user,
                kwargs["key"],
                purpose=Purpose.API,
                channel=Channel.API,
                remote_addr=request.META.get("REMOTE_ADDR"),
            )
        except ClientNotFound:
            raise NotFound() from None
        return Response(self.get_serializer(client).data)


class TeamViewSet(viewsets.ReadOnlyModelViewSet[Team]):
    serializer_class = TeamSerializer
    lookup_field = "code"

    def get_queryset(self) -> QuerySet[Team]:
        return teams_in_scope(subject_of(self.request.user)).order_by("code")


class WorkerViewSet(viewsets.ReadOnlyModelViewSet[Worker]):
    serializer_class = WorkerSerializer
    lookup_field = "user__username"
    lookup_url_kwarg = "username"

    def get_queryset(self) -> QuerySet[Worker]:
        teams = teams_in_scope(subject_of(self.request.user))
        return (
            Worker.objects.filter(memberships__team__in=teams)
            .distinct()
            .select_related("user")
            .prefetch_related("memberships__team")
            .order_by("user__username")
        )


class SummaryView(APIView):
    """The figures of the user's home page."""

    @extend_schema(responses=SummarySerializer)
    def get(self, request: Request) -> Response:
        return Response(summary_for(subject_of(request.user)))
