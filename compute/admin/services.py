"""Operator view of the control services (nova-scheduler, nova-conductor) that scheduler
workers register: up or down by their heartbeat; written by the workers only."""
from django.contrib import admin

from cloudproject.readonly_admin import ReadOnlyAdminMixin
from compute.service_models import ControlService


@admin.register(ControlService)
class ControlServiceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("binary", "host", "is_up", "last_heartbeat", "created_at")
    list_filter = ("binary",)
    search_fields = ("host",)

    @admin.display(boolean=True, description="up")
    def is_up(self, obj):
        return obj.is_up
