from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from tyonjako.web import views as web_views

urlpatterns = [
    path("", web_views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("tyonjako.assessments.urls")),
    path("", include("tyonjako.caseload.urls")),
    path("clients/", include("tyonjako.clients.urls")),
    path("encounters/", include("tyonjako.encounters.urls")),
    path("tasks/", include("tyonjako.tasks.urls")),
    path("", include("tyonjako.surveys.urls")),
    path("organisation/", include("tyonjako.organisation.urls")),
    path("audit/", include("tyonjako.audit.urls")),
    path("api/", include("tyonjako.api.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "tyonjako.web.views.permission_denied"
