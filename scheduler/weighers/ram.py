"""RAM weigher: more free RAM weighs more (positive multiplier spreads, negative stacks)."""
from scheduler.weighers.base import BaseWeigher


class RamWeigher(BaseWeigher):
    """Nova's RAMWeigher on free RAM after ratio and reserve."""

    name = "ram"

    def weigh(self, host, spec):
        return host.free_ram_mb

    def sql(self, spec):
        return "free_ram_mb", []
