"""The least-loaded algorithm: among hosts that fit, the one with the most free RAM."""
from scheduler.algorithms.base import BaseScheduler


class SimpleScheduler(BaseScheduler):
    """Nova's old SimpleScheduler: up, in the requested zone, fits; least loaded first."""

    filter_names = ("compute", "availability_zone", "ram", "vcpu", "disk")

    def order(self, spec, hosts, trail):
        return sorted(hosts, key=lambda h: (-h.free_ram_mb, -h.free_vcpus, h.name))
