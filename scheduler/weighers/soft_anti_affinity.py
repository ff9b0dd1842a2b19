"""Soft anti-affinity: members of a `soft-anti-affinity` group prefer hosts holding fewer."""
from scheduler.sql import per_host
from scheduler.weighers.base import BaseWeigher


class SoftAntiAffinityWeigher(BaseWeigher):
    """Nova's ServerGroupSoftAntiAffinityWeigher: minus the number of members of the
    instance's soft-anti-affinity group claimed on the host; 0 for other requests."""

    name = "soft_anti_affinity"

    def applies(self, spec):
        return spec.group is not None and spec.group.policy == "soft-anti-affinity"

    def weigh(self, host, spec):
        if not self.applies(spec):
            return 0
        return -spec.group.members_on(host.id)

    def sql(self, spec):
        expression, params = per_host(spec.group.host_counts)
        return f"-({expression})", params
