"""Disk weigher: more free disk weighs more (positive multiplier spreads, negative stacks)."""
from scheduler.weighers.base import BaseWeigher


class DiskWeigher(BaseWeigher):
    """Nova's DiskWeigher on free local disk after ratio and reserve."""

    name = "disk"

    def weigh(self, host, spec):
        return host.free_disk_gb

    def sql(self, spec):
        return "free_disk_gb", []
