from django.urls import path

from . import views

app_name = "pilots"
urlpatterns = [
    path("", views.pilot_list, name="list"),
    path("load/", views.load, name="load"),
    path("<slug:key>/", views.detail, name="detail"),
    path("<slug:key>/meetings/", views.meeting, name="meeting"),
    path("<slug:key>/description/", views.description, name="description"),
    path("<slug:key>/checkpoints/<slug:checkpoint>/", views.checkpoint_report, name="checkpoint"),
    path("<slug:key>/checkpoints/<slug:checkpoint>/freeze/", views.freeze, name="freeze"),
    path(
        "<slug:key>/checkpoints/<slug:checkpoint>/conclusions/",
        views.conclusions,
        name="conclusions",
    ),
    path("<slug:key>/checkpoints/<slug:checkpoint>/approve/", views.approve, name="approve"),
]
