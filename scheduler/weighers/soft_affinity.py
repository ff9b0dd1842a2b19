"""Soft affinity: members of a `soft-affinity` group prefer the hosts holding members."""
from scheduler.sql import per_host
from scheduler.weighers.base import BaseWeigher


class SoftAffinityWeigher(BaseWeigher):
    """Nova's ServerGroupSoftAffinityWeigher: the raw value is how many members of the
    instance's soft-affinity group hold a claim on the host; 0 for other requests."""

    name = "soft_affinity"

    def applies(self, spec):
        return spec.group is not None and spec.group.policy == "soft-affinity"

    def weigh(self, host, spec):
        if not self.applies(spec):
            return 0
        return spec.group.members_on(host.id)

    def sql(self, spec):
        expression, params = per_host(spec.group.host_counts)
        return f"({expression})", params
