"""The random algorithm: any host that is up and fits, uniformly at random."""
import random

from scheduler.algorithms.base import BaseScheduler


class RandomScheduler(BaseScheduler):
    """Nova's old ChanceScheduler: capacity only; the requested zone is *not* considered
    (use AvailabilityZoneScheduler for that)."""

    filter_names = ("compute", "ram", "vcpu", "disk")

    def order(self, spec, hosts, trail):
        return random.sample(hosts, len(hosts))
