"""Operator dashboard for the scheduler: the capacity each instance holds on its host."""
from django.contrib import admin

from scheduler.models import Allocation


@admin.register(Allocation)
class AllocationAdmin(admin.ModelAdmin):
    """Read-only: an allocation is a claim, created and released by scheduler.claims."""

    list_display = ("instance", "host", "vcpus", "memory_mb", "disk_gb", "created_at")
    list_filter = ("host",)
    list_select_related = ("instance", "host")
    search_fields = ("instance__uuid", "instance__display_name", "host__name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
