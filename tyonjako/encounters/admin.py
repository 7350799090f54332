from django.contrib import admin

from .models import CodeValue


@admin.register(CodeValue)
class CodeValueAdmin(admin.ModelAdmin[CodeValue]):
    """The code lists (reasons, target groups, partners, …): names and validity."""

    list_display = ["list", "system", "code", "name_fi", "name_sv", "needs_review", "is_example"]
    list_filter = ["list", "system", "needs_review", "is_example"]
    search_fields = ["code", "name_fi", "name_sv"]
