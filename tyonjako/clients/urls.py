from django.urls import path

from . import views

app_name = "clients"
urlpatterns = [
    path("", views.client_list, name="list"),
    path("find/", views.client_find, name="find"),
    path("<str:key>/", views.client_detail, name="detail"),
]
