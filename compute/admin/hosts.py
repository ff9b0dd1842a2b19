"""Operator dashboard for compute hosts: usage against capacity, up/down, enable/disable."""
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.template.defaultfilters import pluralize

from compute import states
from compute.models import Host

# What an operator may change; everything else is reported by the host worker or claims,
# and the availability zone comes from the host's aggregates (scheduler admin: Aggregates).
OPERATOR_FIELDS = ("enabled", "disabled_reason", "reserved_vcpus",
                   "reserved_memory_mb", "reserved_disk_gb", "cpu_allocation_ratio",
                   "ram_allocation_ratio", "disk_allocation_ratio")
HOST_FIELDSETS = (
    (None, {"fields": ("name", "uuid", "is_up", "last_heartbeat", "forced_down",
                       "availability_zone", "enabled", "disabled_reason")}),
    ("Hypervisor", {"fields": ("arch", "hypervisor_type", "hypervisor_version",
                               "hypervisor_hostname", "cpu_model")}),
    ("vCPU", {"fields": ("vcpus", "vcpus_used", "vcpus_usage", "reserved_vcpus",
                         "cpu_allocation_ratio")}),
    ("RAM", {"fields": ("memory_mb", "memory_mb_used", "memory_usage", "reserved_memory_mb",
                        "ram_allocation_ratio")}),
    ("Disk", {"fields": ("local_gb", "local_gb_used", "disk_usage", "reserved_disk_gb",
                         "disk_allocation_ratio")}),
    ("Unknown domains", {"fields": ("unknown_domains_display",), "description":
                         "Domains the hypervisor runs that the cloud doesn't know."}),
    ("Timestamps", {"fields": ("created_at", "updated_at")}),
)


@admin.register(Host)
class HostAdmin(admin.ModelAdmin):
    list_display = ("name", "availability_zone", "is_up", "enabled", "vcpus_usage", "vcpus",
                    "memory_usage", "disk_usage", "instance_count", "last_heartbeat", "arch",
                    "hypervisor_type")
    list_filter = ("enabled", "availability_zone")
    search_fields = ("name", "hypervisor_hostname")
    actions = ("enable_hosts", "disable_hosts")
    fieldsets = HOST_FIELDSETS
    readonly_fields = tuple(name for _, options in HOST_FIELDSETS
                            for name in options["fields"] if name not in OPERATOR_FIELDS)

    def get_queryset(self, request):
        live = ~Q(instances__vm_state=states.DELETED)
        return super().get_queryset(request).annotate(
            live_instances=Count("instances", filter=live))

    def has_add_permission(self, request):
        """Hosts register themselves when their worker starts."""
        return False

    @admin.display(boolean=True, description="up")
    def is_up(self, obj):
        return obj.is_up

    @admin.display(description="vCPU used / total", ordering="vcpus_used")
    def vcpus_usage(self, obj):
        return f"{obj.vcpus_used} / {obj.vcpus_capacity}"

    @admin.display(description="RAM MB used / total", ordering="memory_mb_used")
    def memory_usage(self, obj):
        return f"{obj.memory_mb_used} / {obj.memory_mb_capacity}"

    @admin.display(description="disk GB used / total", ordering="local_gb_used")
    def disk_usage(self, obj):
        return f"{obj.local_gb_used} / {obj.local_gb_capacity}"

    @admin.display(description="instances", ordering="live_instances")
    def instance_count(self, obj):
        return obj.live_instances

    @admin.display(description="unknown domains")
    def unknown_domains_display(self, obj):
        return ", ".join(map(str, obj.unknown_domains)) or "none"

    def save_model(self, request, obj, form, change):
        """Write only what the operator changed: usage and heartbeat move underneath."""
        changed = [name for name in form.changed_data if name in OPERATOR_FIELDS]
        if changed:
            obj.save(update_fields=[*changed, "updated_at"])

    @admin.action(description="Enable selected hosts", permissions=["change"])
    def enable_hosts(self, request, queryset):
        count = queryset.update(enabled=True, disabled_reason="")
        self.message_user(request, f"Enabled {count} host{pluralize(count)}", messages.SUCCESS)

    @admin.action(description="Disable selected hosts", permissions=["change"])
    def disable_hosts(self, request, queryset):
        reason = f"disabled from the dashboard by {request.user.get_username()}"
        count = queryset.update(enabled=False, disabled_reason=reason)
        self.message_user(request, f"Disabled {count} host{pluralize(count)}",
                          messages.SUCCESS)
