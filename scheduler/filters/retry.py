"""Retry: a host where this instance's build already failed is not tried again."""
from scheduler.filters.base import PASS, BaseFilter
from scheduler.sql import among


class RetryFilter(BaseFilter):
    """Always on (every algorithm runs it first): on a reschedule, skip the hosts the
    earlier attempts failed on."""

    name = "retry"

    def applies(self, spec):
        return bool(spec.excluded_hosts)

    def host_passes(self, host, spec):
        if host.name in spec.excluded_hosts:
            return self.reject("tried", "the build already failed here")
        return PASS

    def sql(self, spec):
        condition, params = among("name", spec.excluded_hosts)
        return [(condition, params, "tried")]

    def explain(self, spec, rejected):
        return "build failed there in an earlier attempt"
