"""Build failures: a host whose recent builds failed weighs less, so new builds avoid it
while healthy hosts have room."""
from scheduler.weighers.base import BaseWeigher


class BuildFailureWeigher(BaseWeigher):
    """Nova's BuildFailureWeigher: minus the host's failed builds since its last successful
    one (scheduler.build_failures); the default multiplier 1e6 outweighs every other one."""

    name = "build_failure"
    default_multiplier = 1000000.0

    def weigh(self, host, spec):
        return -host.failed_builds

    def sql(self, spec):
        return "-failed_builds", []
