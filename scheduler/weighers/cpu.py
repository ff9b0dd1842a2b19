"""vCPU weigher: more free vCPUs weigh more (positive multiplier spreads, negative stacks)."""
from scheduler.weighers.base import BaseWeigher


class CpuWeigher(BaseWeigher):
    """Nova's CPUWeigher on free vCPUs after ratio and reserve."""

    name = "cpu"

    def weigh(self, host, spec):
        return host.free_vcpus

    def sql(self, spec):
        return "free_vcpus", []
