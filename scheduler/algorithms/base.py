"""The contract of a scheduling algorithm and the host snapshot it works on."""
import abc
from dataclasses import dataclass

from compute.models import Host


class NoValidHost(Exception):
    """Nothing fits; the message says why in one line."""

    def __init__(self, reason=""):
        super().__init__(f"No valid host was found. {reason}".strip())


@dataclass
class HostState:
    """A read-only view of one host for this decision: its free capacity right now."""

    host: Host

    @property
    def name(self):
        return self.host.name

    @property
    def free_vcpus(self):
        return self.host.vcpus_capacity - self.host.vcpus_used

    @property
    def free_ram_mb(self):
        return self.host.memory_mb_capacity - self.host.memory_mb_used

    @property
    def free_disk_gb(self):
        return self.host.local_gb_capacity - self.host.local_gb_used

    def fits(self, spec):
        return (spec.vcpus <= self.free_vcpus and spec.memory_mb <= self.free_ram_mb
                and spec.disk_gb <= self.free_disk_gb)


class BaseScheduler(abc.ABC):
    """Turns a RequestSpec into an ordered list of candidate hosts (best first).
    It never claims: the caller claims candidates in order until one succeeds."""

    @abc.abstractmethod
    def select(self, spec, hosts):
        """Return the HostStates to try, best first; raise NoValidHost with the reason."""

    def host_states(self):
        """Hosts that may take new instances: enabled and up."""
        return [HostState(h) for h in Host.objects.filter(enabled=True, forced_down=False)
                if h.is_up]
