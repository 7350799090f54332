"""Encounter imports over the API, so that record-system transfers can be automated.

The same rules and options as the upload page (`encounters:upload`): the rows may
touch only the units in the caller's IMPORT_DATA scope (the importer checks it),
and the answer names the batch and where to follow it.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from tyonjako.access.policy import Action, sees_job
from tyonjako.access.subject import subject_of
from tyonjako.audit.purposes import Channel
from tyonjako.common.requests import acting_user
from tyonjako.encounters.background import save_upload
from tyonjako.encounters.forms import ImportForm
from tyonjako.encounters.import_messages import rendered
from tyonjako.encounters.importer import ImportOptions
from tyonjako.encounters.importing import builtin_profiles
from tyonjako.encounters.jobs import IMPORT, start_import
from tyonjako.encounters.models import ImportBatch
from tyonjako.jobs.models import Job

ImportRequest = inline_serializer(
    "ImportRequest",
    {
        "file": serializers.FileField(help_text="CSV or XLSX export"),
        "profile": serializers.CharField(required=False, default="canonical"),
        "dry_run": serializers.BooleanField(required=False),
        "skip_invalid": serializers.BooleanField(required=False),
        "create_missing": serializers.BooleanField(required=False),
    },
)


def _batch(batch_id: Any) -> dict[str, Any] | None:
    batch = ImportBatch.objects.filter(pk=int(batch_id)).first() if batch_id else None
    if batch is None:
        return None
    return {
        "id": batch.pk,
        "status": batch.status,
        "rows_read": batch.rows_read,
        "rows_created": batch.rows_created,
        "rows_updated": batch.rows_updated,
        "rows_unchanged": batch.rows_unchanged,
        "rows_rejected": batch.rows_rejected,
        "errors": rendered(batch.errors),
    }


def _answer(request: Request, job: Job) -> dict[str, Any]:
    return {
        "job": job.pk,
        "state": job.state,
        "progress": job.progress,
        "message": job.message,
        "batch": _batch(job.result.get("batch")),
        "status_url": reverse("api-import-status", kwargs={"pk": job.pk}, request=request),
    }


class ImportsView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": ImportRequest}, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request) -> Response:
        if not subject_of(request.user).can(Action.IMPORT_DATA):
            raise PermissionDenied()
        data = {key: request.data.get(key) for key in ("profile", "dry_run", "skip_invalid")}
        data["create_missing"] = request.data.get("create_missing")
        data["profile"] = data["profile"] or "canonical"
        form = ImportForm(
            {k: v for k, v in data.items() if v not in (None, "", "false", "0")},
            request.FILES,
            profiles=builtin_profiles(),
        )
        if not form.is_valid():
            raise ValidationError({k: [str(e) for e in v] for k, v in form.errors.items()})
        cleaned = form.cleaned_data
        path = save_upload(cleaned["file"])
        options = ImportOptions(
            profile=cleaned["profile"],
            dry_run=cleaned["dry_run"],
            skip_invalid=cleaned["skip_invalid"],
            create_missing=cleaned["create_missing"],
            language=get_language() or "fi",
        )
        job = start_import(
            path,
            options,
            by=acting_user(request),
            file_name=cleaned["file"].name or path.name,
            units=sorted(subject_of(request.user).unit_ids),
            channel=Channel.API,
        )
        job.refresh_from_db()  # jobs that ran at once (tests) have their outcome
        return Response(_answer(request, job), status=status.HTTP_202_ACCEPTED)


class ImportStatusView(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, pk: int) -> Response:
        subject = subject_of(request.user)
        if not subject.can(Action.IMPORT_DATA):
            raise PermissionDenied()
        job = Job.objects.filter(pk=pk, kind=IMPORT).first()
        if job is None or not sees_job(
            subject.scope(Action.IMPORT_DATA),
            started_it=job.started_by_id == request.user.pk,
            unit_ids=subject.unit_ids,
            job_units=list(job.arguments.get("units", [])),
        ):
            raise NotFound()
        return Response(_answer(request, job))
