"""The project's URLs with single sign-on's, as when TYONJAKO_OIDC_ISSUER is set."""

from django.urls import include, path

from tyonjako.urls import handler403
from tyonjako.urls import urlpatterns as project_urls

urlpatterns = [path("oidc/", include("mozilla_django_oidc.urls")), *project_urls]

__all__ = ["handler403", "urlpatterns"]
