from django.contrib import admin

from . import models


class MembershipInline(admin.TabularInline[models.TeamMembership, models.Worker]):
    model = models.TeamMembership
    extra = 0


@admin.register(models.WellbeingArea, models.ServiceArea, models.Unit)
class NamedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # shared by three models
    list_display = ["code", "name_fi", "name_sv"]
    search_fields = ["code", "name_fi", "name_sv"]


@admin.register(models.Team)
class TeamAdmin(admin.ModelAdmin[models.Team]):
    list_display = ["code", "name_fi", "name_sv", "unit", "kind", "age_min", "age_max"]
    list_filter = ["kind", "unit"]
    search_fields = ["code", "name_fi", "name_sv"]


@admin.register(models.Worker)
class WorkerAdmin(admin.ModelAdmin[models.Worker]):
    list_display = ["__str__", "role", "job_title", "licence", "public_office", "fte", "is_active"]
    list_filter = ["role", "job_title", "licence", "public_office", "is_active"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    inlines = [MembershipInline]


@admin.register(models.Post)
class PostAdmin(admin.ModelAdmin[models.Post]):
    list_display = ["code", "unit", "team", "profession", "fte", "holder"]
    list_filter = ["profession", "unit"]
