"""Instance-count weigher: positive multiplier packs busy hosts, negative spreads."""
from compute.models import Instance
from scheduler import hosts
from scheduler.weighers.base import BaseWeigher


class NumInstancesWeigher(BaseWeigher):
    """Nova's NumInstancesWeigher: the raw value is the host's live instance count
    (Nova's default multiplier 0.0 leaves it off)."""

    name = "num_instances"
    default_multiplier = 0.0

    def weigh(self, host, spec):
        return host.num_instances

    def sql(self, spec):
        return (f"(SELECT COUNT(*) FROM {Instance._meta.db_table} i WHERE i.host_id = hosts.id "
                f"AND i.{hosts.LIVE})", [])
