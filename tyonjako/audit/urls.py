from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.log_view, name="log"),
    path("client/", views.access_report_find, name="find"),
    path("client/<str:key>/", views.client_report, name="client"),
]
