from django.urls import path

from . import views

app_name = "surveys"
urlpatterns = [
    path("surveys/", views.index, name="index"),
    path("surveys/load/", views.load, name="load"),
    path("surveys/named/<slug:key>/viewers/", views.viewers, name="viewers"),
    path("surveys/rounds/new/", views.create_round, name="create_round"),
    path("surveys/rounds/<int:pk>/", views.round_detail, name="round"),
    path("surveys/rounds/<int:pk>/action/", views.round_action, name="round_action"),
    path("surveys/rounds/<int:pk>/sheet/", views.sheet, name="sheet"),
    path("surveys/rounds/<int:pk>/webropol/", views.webropol, name="webropol"),
    path("surveys/rounds/<int:pk>/results/", views.results, name="results"),
    path("surveys/rounds/<int:pk>/export.<str:fmt>", views.export, name="export"),
    path("surveys/rounds/<int:pk>/answer/", views.answer_named, name="answer_named"),
    path("surveys/answers/<int:pk>/", views.own, name="own"),
    path("s/<str:token>/", views.answer, name="answer"),
    path("o/<str:slug>/", views.answer_open, name="open"),
    path("api/v1/surveys/rounds/<int:pk>/results/", views.api_results, name="api_results"),
]
