"""The compute driver contract: what every hypervisor driver promises the host worker."""
import abc

from compute.specs import DomainInfo, HostInfo, InstanceSpec


class DriverError(Exception):
    """A driver operation failed; the message is safe to show as an instance fault."""


class DomainNotFound(DriverError):
    """The hypervisor has no domain for this instance."""


class BaseDriver(abc.ABC):
    """One hypervisor. Every method is idempotent: a second call converges, never fails
    because the first one already did the work."""

    @abc.abstractmethod
    def spawn(self, spec: InstanceSpec) -> None:
        """Create the root disk overlay, define and start the domain.

        Pre: the backing image file exists. Post: the domain is defined and running.
        Again: an already running domain is left alone; a defined but stopped one is started.
        On failure the domain and the disk this call created are removed."""

    @abc.abstractmethod
    def destroy(self, spec: InstanceSpec) -> None:
        """Stop the domain, undefine it (with its managed save image) and remove the
        instance directory. Absence of any part is not an error."""

    @abc.abstractmethod
    def reboot(self, spec: InstanceSpec, hard: bool) -> None:
        """Soft: ask the guest to shut down, wait, start again; fall back to hard when the
        guest ignores the request. Hard: power off at once and start.
        Post: the domain is running. Raises DomainNotFound if it is not defined."""

    @abc.abstractmethod
    def power_off(self, spec: InstanceSpec, timeout: float = 0) -> None:
        """Ask for a clean shutdown for up to `timeout` seconds, then pull the plug.
        Post: the domain is shut off (also when it already was)."""

    @abc.abstractmethod
    def power_on(self, spec: InstanceSpec) -> None:
        """Start a stopped domain, redefining it from `spec` first. Running: no-op."""

    @abc.abstractmethod
    def pause(self, spec: InstanceSpec) -> None:
        """Freeze the vCPUs in memory. Already paused: no-op."""

    @abc.abstractmethod
    def unpause(self, spec: InstanceSpec) -> None:
        """Resume paused vCPUs. Already running: no-op."""

    @abc.abstractmethod
    def suspend(self, spec: InstanceSpec) -> None:
        """Save guest memory to disk (managed save) and stop the domain. Already saved: no-op."""

    @abc.abstractmethod
    def resume(self, spec: InstanceSpec) -> None:
        """Restore a suspended domain from its managed save image. Running: no-op."""

    @abc.abstractmethod
    def snapshot(self, spec: InstanceSpec, target_path: str) -> None:
        """Write the root disk, flattened into one qcow2 file without a backing file, to
        `target_path` (an image any host can boot on its own).

        Pre: the domain is defined (DomainNotFound otherwise). Post: `target_path` holds the
        copy and the domain is in the power state it was in (a running guest may be paused for
        the copy, so the copy is crash-consistent). Again: `target_path` is written afresh.
        On failure `target_path` is removed."""

    @abc.abstractmethod
    def list_domains(self) -> list[DomainInfo]:
        """Every domain the hypervisor knows, running or not, with its power state."""

    @abc.abstractmethod
    def host_info(self, instances_dir: str) -> HostInfo:
        """Capacity of this host: CPUs, memory, disk under `instances_dir`, arch, hypervisor."""

    @abc.abstractmethod
    def console_output(self, spec: InstanceSpec, length: int | None = None) -> str:
        """The last `length` lines of the serial console log ('' before the first boot)."""
