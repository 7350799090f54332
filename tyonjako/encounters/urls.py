from django.urls import path

from . import views

app_name = "encounters"
urlpatterns = [
    path("", views.record, name="record"),
    path("<int:pk>/", views.correct, name="correct"),
    path("statistics/", views.statistics, name="statistics"),
    path("compare/", views.compare, name="compare"),
    path("import/", views.upload, name="upload"),
    path("import/<str:token>/", views.import_status, name="import_status"),
]
