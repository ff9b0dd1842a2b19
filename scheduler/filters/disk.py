"""Disk: the host has the flavor's local disk (root + ephemeral + swap) free."""
from scheduler.filters.base import PASS, BaseFilter


class DiskFilter(BaseFilter):
    """Free disk = (total − reserved) × disk_allocation_ratio − used, in GB."""

    name = "disk"

    def host_passes(self, host, spec):
        if spec.disk_gb > host.free_disk_gb:
            return self.reject("disk", f"needs {spec.disk_gb} GB, {host.free_disk_gb} free")
        return PASS

    def sql(self, spec):
        return [("free_disk_gb < %s", [spec.disk_gb], "disk")]

    def explain(self, spec, rejected):
        most = max(host.free_disk_gb for host, _ in rejected)
        return f"needs {spec.disk_gb} GB disk, most free {most} GB"
