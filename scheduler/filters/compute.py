"""Compute: only hosts whose service is up and enabled take new instances."""
from scheduler.filters.base import PASS, BaseFilter


class ComputeFilter(BaseFilter):
    """Nova's ComputeFilter: the host worker's heartbeat is fresh, it is not forced down,
    and no operator disabled it."""

    name = "compute"

    def host_passes(self, host, spec):
        if not host.enabled:
            return self.reject("disabled", f"disabled ({host.disabled_reason or 'no reason'})")
        if not host.up:
            return self.reject("down", "service is down (no fresh heartbeat, or forced down)")
        return PASS

    def sql(self, spec):
        return [("NOT enabled", [], "disabled"), ("up = 0", [], "down")]
