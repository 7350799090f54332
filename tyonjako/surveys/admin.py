from django.contrib import admin

from . import models


@admin.register(models.Survey)
class SurveyAdmin(admin.ModelAdmin[models.Survey]):
    """Read only: definitions are loaded with `tyonjako surveys load`, rounds run on
    /surveys/, and a named survey's viewers are named on /surveys/named/<key>/viewers/
    (scope-checked and audited by `actions.set_viewers`)."""

    list_display = ["key", "anonymous"]
    readonly_fields = ["key", "anonymous", "viewers"]

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_add_permission(self, request: object) -> bool:
        return False
