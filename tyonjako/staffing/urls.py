from django.urls import path, re_path

from . import views

app_name = "staffing"
urlpatterns = [
    path("", views.scenarios, name="scenarios"),
    path("save/", views.save, name="save"),
    path("scenarios/<str:key>/delete/", views.delete, name="delete"),
    re_path(r"^export\.(?P<fmt>xlsx|pdf)$", views.export, name="export"),
    path("posts/", views.posts, name="posts"),
    path("posts/<str:code>/", views.post_detail, name="post"),
    path("parameters/", views.parameters, name="parameters"),
]
