"""I/O operations weigher: with its default negative multiplier, idle hosts weigh more."""
from scheduler.weighers.base import BaseWeigher


class IoOpsWeigher(BaseWeigher):
    """Nova's IoOpsWeigher: the raw value is the number of builds, resizes, snapshots...
    in flight on the host (default multiplier -1.0)."""

    name = "io_ops"
    default_multiplier = -1.0

    def weigh(self, host, spec):
        return host.num_io_ops

    def sql(self, spec):
        return "num_io_ops", []
