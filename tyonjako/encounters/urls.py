from django.urls import path

from . import views

app_name = "encounters"
urlpatterns = [
    path("", views.record, name="record"),
    path("<int:pk>/", views.correct, name="correct"),
    path("statistics/", views.statistics, name="statistics"),
    path("compare/", views.compare, name="compare"),
    path("import/", views.upload, name="upload"),
    path("import/<int:pk>/", views.import_status, name="import_status"),
    path("import/<int:pk>/rejected/", views.import_rejected, name="import_rejected"),
]
