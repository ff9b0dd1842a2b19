"""Instance-count weigher: positive multiplier packs busy hosts, negative spreads."""
from scheduler.weighers.base import BaseWeigher


class NumInstancesWeigher(BaseWeigher):
    """Nova's NumInstancesWeigher: the raw value is the host's live instance count
    (Nova's default multiplier 0.0 leaves it off)."""

    name = "num_instances"
    default_multiplier = 0.0

    def weigh(self, host, spec):
        return host.num_instances

    def sql(self, spec):
        return "num_instances", []
