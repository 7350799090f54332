from django.urls import path

from . import views

app_name = "organisation"
urlpatterns = [
    path("", views.team_list, name="teams"),
    path("teams/<str:code>/", views.team_detail, name="team"),
]
