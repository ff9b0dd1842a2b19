"""The libvirt compute driver: instances as libvirt domains on qcow2 overlay root disks."""
import collections
import contextlib
import functools
import json
import os
import shutil
import subprocess
import time

import libvirt

from compute.drivers.base import BaseDriver, DomainNotFound, DriverError
from compute.drivers.instance_locks import instance_lock
from compute.drivers.libvirt.connection import LibvirtConnection
from compute.drivers.libvirt.domain_xml import best_domain_type, build_domain_xml, host_arch
from compute.specs import DiskSpec, DomainInfo, HostInfo, InstanceSpec, PowerState

GIB = 1024**3
DOMAIN_TYPES = ("auto", "kvm", "qemu")

# As Nova's libvirt driver maps them; a shut-off domain with a managed save is SUSPENDED.
POWER_STATES = {
    libvirt.VIR_DOMAIN_NOSTATE: PowerState.NOSTATE,
    libvirt.VIR_DOMAIN_RUNNING: PowerState.RUNNING,
    libvirt.VIR_DOMAIN_BLOCKED: PowerState.RUNNING,
    libvirt.VIR_DOMAIN_PAUSED: PowerState.PAUSED,
    libvirt.VIR_DOMAIN_SHUTDOWN: PowerState.SHUTDOWN,
    libvirt.VIR_DOMAIN_SHUTOFF: PowerState.SHUTDOWN,
    libvirt.VIR_DOMAIN_CRASHED: PowerState.CRASHED,
    libvirt.VIR_DOMAIN_PMSUSPENDED: PowerState.SUSPENDED,
}

# Tried in order, then plain undefine(): not every hypervisor driver knows every flag (the
# test driver rejects NVRAM); the last error is the one reported.
_SAVED = libvirt.VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | libvirt.VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA
_UNDEFINE_FLAGS = (_SAVED | libvirt.VIR_DOMAIN_UNDEFINE_NVRAM, _SAVED)


def run_command(args: list[str]) -> str:
    """Run a host command and return its stdout; DriverError with its stderr if it fails."""
    try:
        done = subprocess.run(args, check=True, capture_output=True, text=True)
    except subprocess.CalledProcessError as exc:
        raise DriverError(f"{' '.join(args[:2])} failed: {exc.stderr.strip()}") from exc
    except OSError as exc:
        raise DriverError(f"cannot run {args[0]}: {exc}") from exc
    return done.stdout


def _translated(method):
    """Let libvirtError leave `method` only as DriverError (DomainNotFound when missing)."""

    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        try:
            return method(*args, **kwargs)
        except libvirt.libvirtError as exc:
            missing = exc.get_error_code() == libvirt.VIR_ERR_NO_DOMAIN
            raise (DomainNotFound if missing else DriverError)(str(exc)) from exc

    return wrapper


class LibvirtDriver(BaseDriver):
    """Compute driver on a libvirt hypervisor (`qemu:///system` in production).

    Methods taking a spec find the domain by spec.uuid; a missing one is DomainNotFound except
    in spawn and destroy. Every libvirt failure surfaces as DriverError."""

    def __init__(self, uri="test:///default", domain_type="auto", soft_shutdown_timeout=60.0,
                 qemu_img="qemu-img"):
        if domain_type not in DOMAIN_TYPES:
            raise ValueError(f"domain_type must be one of {DOMAIN_TYPES}, not {domain_type!r}")
        self.connection = LibvirtConnection(uri)
        self.requested_domain_type = domain_type
        self.soft_shutdown_timeout = soft_shutdown_timeout
        self.qemu_img = qemu_img
        self.run_command = run_command  # the one way out to host commands; tests replace it
        self.poll_interval = 0.5

    @_translated
    def spawn(self, spec: InstanceSpec) -> None:
        """Create the overlay (once), define the domain (once) and make it run.

        Pre: the backing image exists and is no larger than a requested disk size; both are
        checked before anything changes. Post: running (a paused domain is resumed, a managed
        save is restored). Again: converges. On failure the domain, disk and instance directory
        this call created are removed; what existed before is kept."""
        with instance_lock(spec.uuid):  # a destroy of this instance waits for the spawn
            self._spawn(spec)

    def _spawn(self, spec: InstanceSpec) -> None:
        size_args = None if os.path.exists(spec.disk.path) else self._size_args(spec.disk)
        undo: list = []
        try:
            self._ensure_files(spec, size_args, undo)
            domain = self._find(spec)
            if domain is None:
                domain = self.connection.get().defineXML(self._domain_xml(spec))
                undo.append(functools.partial(self._remove_domain, domain))
            if not domain.isActive():
                domain.create()  # restores a managed save, if there is one
            elif domain.state()[0] == libvirt.VIR_DOMAIN_PAUSED:
                domain.resume()
        except Exception:
            for step in reversed(undo):
                with contextlib.suppress(OSError, libvirt.libvirtError):
                    step()
            raise

    @_translated
    def destroy(self, spec: InstanceSpec) -> None:
        """Stop and undefine the domain (managed save, snapshot metadata and NVRAM with it),
        then remove the instance directory. Absent parts are skipped: a second call is a
        no-op, and so is destroying an instance that was never spawned. A spawn of the same
        instance in progress is waited for (compute.drivers.instance_locks)."""
        with instance_lock(spec.uuid):
            domain = self._find(spec)
            if domain is not None:
                self._remove_domain(domain)
            with contextlib.suppress(FileNotFoundError):
                shutil.rmtree(spec.instance_dir)

    @_translated
    def reboot(self, spec: InstanceSpec, hard: bool) -> None:
        """Soft: shutdown(), wait up to soft_shutdown_timeout, start; a guest that is not running
        or does not stop in time gets a hard reboot. Hard: destroy() at once, drop any managed
        save, start a fresh boot. Post: running."""
        domain = self._get(spec)
        if hard or not self._soft_stop(domain, self.soft_shutdown_timeout):
            self._force_off(domain)
            if domain.hasManagedSaveImage(0):
                domain.managedSaveRemove(0)
        domain.create()

    @_translated
    def power_off(self, spec: InstanceSpec, timeout: float = 0) -> None:
        """A running guest is asked to shut down for up to `timeout` seconds; whatever is
        still active then (including a paused guest) is destroyed. Post: not active; a
        managed save image is kept. Again: no-op."""
        domain = self._get(spec)
        if timeout > 0:
            self._soft_stop(domain, timeout)
        self._force_off(domain)

    @_translated
    def power_on(self, spec: InstanceSpec) -> None:
        """Redefine an inactive domain from `spec` (so XML changes apply) and start it.
        Active (running or paused): no-op."""
        domain = self._get(spec)
        if not domain.isActive():
            self.connection.get().defineXML(self._domain_xml(spec)).create()

    @_translated
    def pause(self, spec: InstanceSpec) -> None:
        """Freeze the vCPUs (libvirt suspend()). Paused: no-op. Not running: DriverError."""
        domain = self._get(spec)
        if domain.state()[0] != libvirt.VIR_DOMAIN_PAUSED:
            domain.suspend()

    @_translated
    def unpause(self, spec: InstanceSpec) -> None:
        """Thaw paused vCPUs (libvirt resume()). Running: no-op. Shut off: DriverError."""
        domain = self._get(spec)
        if self._power_state(domain) != PowerState.RUNNING:
            domain.resume()

    @_translated
    def suspend(self, spec: InstanceSpec) -> None:
        """managedSave(): guest memory to disk, domain stopped; power state then SUSPENDED.
        Already saved: no-op. Shut off without a save: DriverError."""
        domain = self._get(spec)
        if domain.isActive() or not domain.hasManagedSaveImage(0):
            domain.managedSave(0)

    @_translated
    def resume(self, spec: InstanceSpec) -> None:
        """create(), restoring the managed save image (booting if none). Active: no-op."""
        domain = self._get(spec)
        if not domain.isActive():
            domain.create()

    @_translated
    def snapshot(self, spec: InstanceSpec, target_path: str) -> None:
        """`qemu-img convert -U -O qcow2` of the overlay (backing chain included) to
        `target_path`. A running domain is paused around the copy: pausing drains the guest's
        in-flight I/O, so the copy is crash-consistent and short; -U (force-share) lets
        qemu-img read a disk the paused qemu process still holds locked. A paused, shut-off or
        suspended domain is copied as it is. Again: rewritten. On failure: target removed."""
        domain = self._get(spec)
        pause = self._power_state(domain) == PowerState.RUNNING
        if pause:
            domain.suspend()
        try:
            self.run_command([self.qemu_img, "convert", "-U", "-f", "qcow2", "-O", "qcow2",
                              spec.disk.path, target_path])
        except Exception:
            with contextlib.suppress(FileNotFoundError):
                os.remove(target_path)
            raise
        finally:
            if pause:
                domain.resume()

    @_translated
    def list_domains(self) -> list[DomainInfo]:
        """Every domain libvirt knows on this connection, ours or not, with its power state."""
        return [DomainInfo(dom.UUIDString(), dom.name(), self._power_state(dom))
                for dom in self.connection.get().listAllDomains(0)]

    @_translated
    def host_info(self, instances_dir: str) -> HostInfo:
        """getInfo() capacity, capabilities arch, local_gb = size of the filesystem holding
        `instances_dir` (created if missing); hypervisor_type is getType() as is ('QEMU')."""
        conn = self.connection.get()
        model, memory_mb, cpus = conn.getInfo()[:3]
        os.makedirs(instances_dir, exist_ok=True)
        return HostInfo(
            hostname=conn.getHostname(), arch=host_arch(self.connection.capabilities()), vcpus=cpus,
            memory_mb=memory_mb, local_gb=shutil.disk_usage(instances_dir).total // GIB,
            hypervisor_type=conn.getType(), hypervisor_version=conn.getVersion(), cpu_model=model,
        )

    def console_output(self, spec: InstanceSpec, length: int | None = None) -> str:
        """The last `length` lines (all if None) of the console log; '' while it is missing."""
        try:
            with open(spec.console_log, encoding="utf-8", errors="replace") as log:
                lines = log.readlines() if length is None else collections.deque(log, length)
        except FileNotFoundError:
            return ""
        except OSError as exc:
            raise DriverError(f"cannot read console log: {exc}") from exc
        return "".join(lines)

    @property
    def domain_type(self) -> str:
        """'kvm' or 'qemu': as requested, or for 'auto' kvm when the host offers it."""
        if self.requested_domain_type != "auto":
            return self.requested_domain_type
        return best_domain_type(self.connection.capabilities())

    def _domain_xml(self, spec: InstanceSpec) -> str:
        """Domain XML for `spec` on this host."""
        return build_domain_xml(spec, self.domain_type, host_arch(self.connection.capabilities()))

    def _find(self, spec: InstanceSpec) -> libvirt.virDomain | None:
        """The domain with spec.uuid, or None."""
        try:
            return self.connection.get().lookupByUUIDString(spec.uuid)
        except libvirt.libvirtError as exc:
            if exc.get_error_code() == libvirt.VIR_ERR_NO_DOMAIN:
                return None
            raise

    def _get(self, spec: InstanceSpec) -> libvirt.virDomain:
        """The domain with spec.uuid; DomainNotFound when libvirt has none."""
        domain = self._find(spec)
        if domain is None:
            raise DomainNotFound(f"no domain for instance {spec.uuid}")
        return domain

    def _power_state(self, domain: libvirt.virDomain) -> PowerState:
        """The domain's state as a Nova power state."""
        state = domain.state()[0]
        if state == libvirt.VIR_DOMAIN_SHUTOFF and domain.hasManagedSaveImage(0):
            return PowerState.SUSPENDED
        return POWER_STATES.get(state, PowerState.NOSTATE)

    def _size_args(self, disk: DiskSpec) -> list[str]:
        """The qemu-img create size argument: [] keeps the image's virtual size, ['<n>G']
        grows it. Raises DriverError when the backing file is unusable or larger than asked."""
        info = self.run_command([self.qemu_img, "info", "-f", disk.backing_format,
                                 "--output=json", disk.backing_path])
        try:
            virtual_size = int(json.loads(info)["virtual-size"])
        except (ValueError, KeyError, TypeError) as exc:
            raise DriverError(f"unreadable qemu-img info for {disk.backing_path}") from exc
        if disk.size_gb <= 0 or disk.size_gb * GIB == virtual_size:
            return []
        if disk.size_gb * GIB < virtual_size:
            raise DriverError(f"root disk of {disk.size_gb} GiB is smaller than the image "
                              f"({virtual_size / GIB:.2f} GiB); disks cannot shrink")
        return [f"{disk.size_gb}G"]

    def _ensure_files(self, spec: InstanceSpec, size_args: list[str] | None, undo: list) -> None:
        """Instance dir, overlay (unless size_args is None), console log; undo steps on `undo`."""
        if not os.path.isdir(spec.instance_dir):
            os.makedirs(spec.instance_dir)
            undo.append(functools.partial(shutil.rmtree, spec.instance_dir))
        if size_args is not None:
            disk = spec.disk
            self.run_command([self.qemu_img, "create", "-f", "qcow2", "-F", disk.backing_format,
                              "-b", disk.backing_path, disk.path, *size_args])
            undo.append(functools.partial(os.remove, disk.path))
        open(spec.console_log, "a").close()

    def _soft_stop(self, domain: libvirt.virDomain, timeout: float) -> bool:
        """Ask a running guest to shut down; True if it was running and is off by `timeout`."""
        if self._power_state(domain) != PowerState.RUNNING:
            return False
        with contextlib.suppress(libvirt.libvirtError):
            domain.shutdown()
        deadline = time.monotonic() + timeout
        while domain.isActive() and time.monotonic() < deadline:
            time.sleep(self.poll_interval)
        return not domain.isActive()

    def _force_off(self, domain: libvirt.virDomain) -> None:
        """destroy() an active domain; losing a race with the guest powering off is fine."""
        try:
            if domain.isActive():
                domain.destroy()
        except libvirt.libvirtError:
            if domain.isActive():
                raise

    def _remove_domain(self, domain: libvirt.virDomain) -> None:
        """Force off and undefine, with the richest undefine flags the hypervisor accepts."""
        self._force_off(domain)
        for flags in _UNDEFINE_FLAGS:
            with contextlib.suppress(libvirt.libvirtError):
                domain.undefineFlags(flags)
                return
        domain.undefine()
