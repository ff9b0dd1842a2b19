"""Operator dashboard for the catalog instances boot from: flavors and images."""
from django.contrib import admin

from compute.models import Flavor, Image


@admin.register(Flavor)
class FlavorAdmin(admin.ModelAdmin):
    list_display = ("name", "flavorid", "vcpus", "memory_mb", "root_gb", "ephemeral_gb",
                    "swap", "is_public", "disabled")
    list_filter = ("is_public", "disabled")
    search_fields = ("name", "flavorid")


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ("name", "id", "status", "disk_format", "size", "visibility", "owner",
                    "created_at")
    list_filter = ("status", "visibility", "disk_format")
    search_fields = ("name", "id", "owner")
    readonly_fields = ("created_at", "updated_at")
