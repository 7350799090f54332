from django.urls import path

from . import views

app_name = "caseload"
urlpatterns = [
    path("clients/new/", views.register, name="register"),
    path("clients/<str:key>/assign/", views.assign, name="assign"),
    path("clients/<str:key>/assign/<int:pk>/end/", views.end, name="end"),
    path("caseload/", views.teams, name="teams"),
    path("caseload/<str:code>/", views.queue, name="queue"),
    path("caseload/<str:code>/compliance/", views.compliance, name="compliance"),
    path("caseload/<str:code>/workers/", views.workers, name="workers"),
]
