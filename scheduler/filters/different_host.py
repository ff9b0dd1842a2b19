"""Different host: the `different_host` hint (instance uuids) keeps away from their hosts."""
from scheduler.filters.base import PASS, BaseFilter
from scheduler.sql import among


class DifferentHostFilter(BaseFilter):
    """Nova's DifferentHostFilter: reject hosts that run any of the hinted instances."""

    name = "different_host"

    def applies(self, spec):
        return bool(spec.hint("different_host"))

    def host_passes(self, host, spec):
        if host.id in spec.different_host_ids:
            return self.reject("hinted_instance_here", "runs a different_host instance")
        return PASS

    def sql(self, spec):
        condition, params = among("id", spec.different_host_ids)
        return [(condition, params, "hinted_instance_here")]

    def explain(self, spec, rejected):
        return "run a different_host instance"
