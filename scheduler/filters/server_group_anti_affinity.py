"""Server group anti-affinity: members of an `anti-affinity` group go to different hosts,
or at most `max_server_per_host` of them per host (Nova microversion 2.64)."""
from scheduler.filters.base import PASS, BaseFilter
from scheduler.sql import among


class ServerGroupAntiAffinityFilter(BaseFilter):
    """Nova's ServerGroupAntiAffinityFilter: a host already holding max_server_per_host
    (default 1) members of the group is rejected."""

    name = "server_group_anti_affinity"

    def applies(self, spec):
        return spec.group is not None and spec.group.policy == "anti-affinity"

    def host_passes(self, host, spec):
        limit = _limit(spec)
        members = spec.group.members_on(host.id)
        if members >= limit:
            return self.reject("group_member_here", f"{members} member(s) of group "
                                                    f"{spec.group.uuid} here, max {limit}")
        return PASS

    def sql(self, spec):
        limit = _limit(spec)
        condition, params = among("id", [host_id for host_id, members
                                         in spec.group.host_counts.items() if members >= limit])
        return [(condition, params, "group_member_here")]

    def explain(self, spec, rejected):
        return f"already hold {_limit(spec)} member(s) of the anti-affinity group"


def _limit(spec):
    return spec.group.rules.get("max_server_per_host", 1)
