"""Number of instances: a host holding settings.SCHEDULER_MAX_INSTANCES_PER_HOST is full."""
from django.conf import settings

from scheduler.filters.base import PASS, BaseFilter


class NumInstancesFilter(BaseFilter):
    """Nova's NumInstancesFilter: live (not deleted) instances on the host must stay below
    max_instances_per_host (default 50)."""

    name = "num_instances"

    def __init__(self):
        # Read once per decision: settings lookups per host cost more than the check.
        self.limit = settings.SCHEDULER_MAX_INSTANCES_PER_HOST

    def host_passes(self, host, spec):
        limit = self.limit
        if host.num_instances >= limit:
            return self.reject("too_many_instances",
                               f"{host.num_instances} instances, max {limit}")
        return PASS

    def sql(self, spec):
        return [("num_instances >= %s", [self.limit], "too_many_instances")]

    def explain(self, spec, rejected):
        return f"at max_instances_per_host {self.limit}"
