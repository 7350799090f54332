from django.urls import path

from . import views

app_name = "tasks"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("job-descriptions/", views.descriptions, name="descriptions"),
    path("job-descriptions/new/<str:profession>/", views.new_draft, name="new_draft"),
    path("job-descriptions/<int:pk>/", views.description, name="description"),
    path("job-descriptions/<int:pk>/edit/", views.edit, name="edit"),
    path("job-descriptions/<int:pk>/print/", views.print_view, name="print"),
    path("who-does-what/", views.who_does_what, name="who_does_what"),
]
