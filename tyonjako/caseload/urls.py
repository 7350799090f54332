from django.urls import path

from . import views

app_name = "caseload"
urlpatterns = [
    path("clients/new/", views.register, name="register"),
]
