from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from tyonjako.jobs import views as job_views
from tyonjako.web import second_factor
from tyonjako.web import views as web_views

urlpatterns = [
    path("", web_views.home, name="home"),
    path("healthz", job_views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(extra_context={"single_sign_on": settings.OIDC_ENABLED}),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/second-factor/", second_factor.verify, name="second-factor"),
    path("accounts/second-factor/setup/", second_factor.setup, name="second-factor-setup"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("tyonjako.assessments.urls")),
    path("", include("tyonjako.caseload.urls")),
    path("clients/", include("tyonjako.clients.urls")),
    path("encounters/", include("tyonjako.encounters.urls")),
    path("tasks/", include("tyonjako.tasks.urls")),
    path("pilots/", include("tyonjako.pilots.urls")),
    path("staffing/", include("tyonjako.staffing.urls")),
    path("", include("tyonjako.surveys.urls")),
    path("organisation/", include("tyonjako.organisation.urls")),
    path("audit/", include("tyonjako.audit.urls")),
    path("reports/", include("tyonjako.reports.urls")),
    path("api/", include("tyonjako.api.urls")),
    path("admin/", admin.site.urls),
]

if settings.OIDC_ENABLED:
    urlpatterns.insert(3, path("oidc/", include("mozilla_django_oidc.urls")))

handler403 = "tyonjako.web.views.permission_denied"
