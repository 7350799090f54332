from django.contrib import admin

from . import models


@admin.register(models.Survey)
class SurveyAdmin(admin.ModelAdmin[models.Survey]):
    """Only the named viewers of a named survey are edited here; definitions are loaded
    with `tyonjako surveys load`, rounds run on /surveys/."""

    list_display = ["key", "anonymous"]
    readonly_fields = ["key", "anonymous"]
    filter_horizontal = ["viewers"]

    def has_add_permission(self, request: object) -> bool:
        return False
