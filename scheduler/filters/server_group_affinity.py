"""Server group affinity: members of an `affinity` group all go to one host."""
from scheduler.filters.base import PASS, BaseFilter
from scheduler.sql import among


class ServerGroupAffinityFilter(BaseFilter):
    """Nova's ServerGroupAffinityFilter: once a member holds a host, only that host (or the
    hosts members hold) passes; the first member may go anywhere."""

    name = "server_group_affinity"

    def applies(self, spec):
        return spec.group is not None and spec.group.policy == "affinity"

    def host_passes(self, host, spec):
        if not spec.group.host_counts or spec.group.members_on(host.id):
            return PASS
        return self.reject("not_group_host", f"group {spec.group.uuid} members are elsewhere")

    def sql(self, spec):
        if not spec.group.host_counts:
            return []
        condition, params = among("id", spec.group.host_counts)
        return [(f"NOT ({condition})", params, "not_group_host")]

    def explain(self, spec, rejected):
        return "affinity group members are on another host"
