"""Hypervisor edges that fail on purpose, for failure-path tests."""
from compute.drivers.base import DriverError
from compute.drivers.libvirt import LibvirtDriver


class SpawnFailingDriver(LibvirtDriver):
    """The real libvirt driver whose first `failures` spawns raise, like a broken host."""

    def __init__(self, failures=1, **kwargs):
        super().__init__(**kwargs)
        self.failures = failures
        self.spawn_attempts = 0

    def spawn(self, spec):
        self.spawn_attempts += 1
        if self.failures:
            self.failures -= 1
            raise DriverError("injected spawn failure")
        return super().spawn(spec)


class SnapshotFailingDriver(LibvirtDriver):
    """The real libvirt driver whose snapshots fail, like a full disk on the host."""

    def snapshot(self, spec, target_path):
        raise DriverError("injected snapshot failure")
