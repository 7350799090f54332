from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import assessments, caseload, encounters, imports, pilots, staffing, views

router = DefaultRouter()
router.register("clients", views.ClientViewSet, basename="client")
router.register("teams", views.TeamViewSet, basename="team")
router.register("workers", views.WorkerViewSet, basename="worker")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/me/summary/", views.SummaryView.as_view(), name="api-summary"),
    path("v1/assessments/evaluate/", assessments.EvaluateView.as_view(), name="api-evaluate"),
    path("v1/assessments/overrides/", assessments.OverridesView.as_view(), name="api-overrides"),
    path("v1/assessments/what-if/", assessments.WhatIfView.as_view(), name="api-what-if"),
    path(
        "v1/clients/<str:key>/assessments/",
        assessments.ClientAssessmentsView.as_view(),
        name="api-client-assessments",
    ),
    path(
        "v1/clients/<str:key>/assessments/<int:pk>/decision/",
        assessments.DecisionView.as_view(),
        name="api-assessment-decision",
    ),
    path(
        "v1/clients/<str:key>/assessments/<int:pk>/confirm/",
        assessments.ConfirmView.as_view(),
        name="api-assessment-confirm",
    ),
    path("v1/teams/<str:code>/queue/", caseload.QueueView.as_view(), name="api-queue"),
    path("v1/teams/<str:code>/caseload/", caseload.DashboardView.as_view(), name="api-caseload"),
    path("v1/findings/", caseload.FindingsView.as_view(), name="api-findings"),
    path(
        "v1/clients/<str:key>/suggestions/",
        caseload.SuggestionsView.as_view(),
        name="api-suggestions",
    ),
    path(
        "v1/clients/<str:key>/assignments/",
        caseload.AssignmentsView.as_view(),
        name="api-assignments",
    ),
    path(
        "v1/encounters/statistics/",
        encounters.EncounterStatisticsView.as_view(),
        name="api-encounter-stats",
    ),
    path("v1/encounters/imports/", imports.ImportsView.as_view(), name="api-imports"),
    path(
        "v1/encounters/imports/<int:pk>/",
        imports.ImportStatusView.as_view(),
        name="api-import-status",
    ),
    path("v1/tasks/report/", encounters.TasksReportView.as_view(), name="api-tasks-report"),
    path("v1/pilots/", pilots.PilotsView.as_view(), name="api-pilots"),
    path(
        "v1/pilots/<slug:key>/checkpoints/<slug:checkpoint>/report/",
        pilots.CheckpointReportView.as_view(),
        name="api-pilot-report",
    ),
    path("v1/scenarios/run/", staffing.ScenarioRunView.as_view(), name="api-scenarios-run"),
    path("v1/scenarios/<str:key>/", staffing.SavedScenarioView.as_view(), name="api-scenario"),
    path(
        "v1/reports/compliance/",
        encounters.ComplianceReportView.as_view(),
        name="api-compliance-report",
    ),
    path(
        "v1/encounters/recording/",
        encounters.RecordingReportView.as_view(),
        name="api-encounter-recording",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="schema", template_name="api/swagger_ui.html"),
        name="api-docs",
    ),
]
