"""Availability zone: a requested zone admits only the hosts in it."""
from scheduler.filters.base import PASS, BaseFilter


class AvailabilityZoneFilter(BaseFilter):
    """The host's zone (Host.availability_zone, kept in step with its aggregates by
    scheduler.aggregates) must be the requested one; no zone requested, any host."""

    name = "availability_zone"

    def applies(self, spec):
        return bool(spec.availability_zone)

    def host_passes(self, host, spec):
        if host.availability_zone != spec.availability_zone:
            return self.reject("zone", f"in zone {host.availability_zone!r}, "
                                       f"{spec.availability_zone!r} requested")
        return PASS

    def sql(self, spec):
        return [("availability_zone <> %s", [spec.availability_zone], "zone")]

    def explain(self, spec, rejected):
        return f"not in zone {spec.availability_zone!r}"
