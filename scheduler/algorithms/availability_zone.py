"""The availability-zone algorithm: a random host that fits, within the requested zone."""
import random

from scheduler.algorithms.base import BaseScheduler


class AvailabilityZoneScheduler(BaseScheduler):
    """Nova's old AvailabilityZoneScheduler: the random algorithm restricted to the
    requested zone (any zone when none is requested)."""

    filter_names = ("compute", "availability_zone", "ram", "vcpu", "disk")

    def order(self, spec, hosts, trail):
        return random.sample(hosts, len(hosts))
