"""Same host: the `same_host` hint (instance uuids) admits only the hosts running one."""
from scheduler.filters.base import PASS, BaseFilter
from scheduler.sql import among


class SameHostFilter(BaseFilter):
    """Nova's SameHostFilter: pass hosts that run any of the hinted instances."""

    name = "same_host"

    def applies(self, spec):
        return bool(spec.hint("same_host"))

    def host_passes(self, host, spec):
        if host.id in spec.same_host_ids:
            return PASS
        return self.reject("no_hinted_instance", "runs none of the same_host instances")

    def sql(self, spec):
        condition, params = among("id", spec.same_host_ids)
        return [(f"NOT ({condition})", params, "no_hinted_instance")]

    def explain(self, spec, rejected):
        return "run none of the same_host instances"
