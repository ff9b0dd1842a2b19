"""I/O operations: a host already running settings.SCHEDULER_MAX_IO_OPS_PER_HOST builds,
resizes, snapshots... takes no new build until some finish."""
from django.conf import settings

from scheduler.filters.base import PASS, BaseFilter


class IoOpsFilter(BaseFilter):
    """Nova's IoOpsFilter: instances building or in an I/O-heavy task
    (compute.hosts.WORKLOAD_TASK_STATES) on the host must stay below max_io_ops_per_host."""

    name = "io_ops"

    def __init__(self):
        # Read once per decision: settings lookups per host cost more than the check.
        self.limit = settings.SCHEDULER_MAX_IO_OPS_PER_HOST

    def host_passes(self, host, spec):
        limit = self.limit
        if host.num_io_ops >= limit:
            return self.reject("too_many_io_ops",
                               f"{host.num_io_ops} I/O operations in flight, max {limit}")
        return PASS

    def sql(self, spec):
        return [("num_io_ops >= %s", [self.limit], "too_many_io_ops")]

    def explain(self, spec, rejected):
        return f"at max_io_ops_per_host {self.limit}"
