from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("clients", views.ClientViewSet, basename="client")
router.register("teams", views.TeamViewSet, basename="team")
router.register("workers", views.WorkerViewSet, basename="worker")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/me/summary/", views.SummaryView.as_view(), name="api-summary"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
]
