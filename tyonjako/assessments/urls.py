from django.urls import path

from . import views

app_name = "assessments"
urlpatterns = [
    path("clients/<str:key>/assessment/", views.assessment_start, name="start"),
    path("clients/<str:key>/assessment/<int:pk>/edit/", views.assessment_edit, name="edit"),
    path("clients/<str:key>/assessment/<int:pk>/", views.assessment_detail, name="detail"),
    path(
        "clients/<str:key>/assessment/<int:pk>/confirm/", views.assessment_confirm, name="confirm"
    ),
    path("assessments/mine/", views.my_work, name="my_work"),
    path("assessments/overrides/", views.overrides, name="overrides"),
    path("assessments/instruments/", views.instruments, name="instruments"),
    path("assessments/instruments/<str:key>/<int:version>/what-if/", views.what_if, name="what_if"),
]
