"""Frozen dataclasses handed to compute drivers: drivers never see the ORM."""
import enum
from dataclasses import dataclass, field


class PowerState(enum.IntEnum):
    """Nova's power_state values (`OS-EXT-STS:power_state`), as drivers report them."""

    NOSTATE = 0
    RUNNING = 1
    PAUSED = 3
    SHUTDOWN = 4
    CRASHED = 6
    SUSPENDED = 7


@dataclass(frozen=True)
class DiskSpec:
    """The root disk: a qcow2 overlay at `path` backed by the image file `backing_path`."""

    path: str
    backing_path: str
    backing_format: str = "qcow2"
    size_gb: int = 0  # 0 keeps the image's virtual size
    bus: str = "virtio"
    target: str = "vda"


@dataclass(frozen=True)
class NicSpec:
    """One virtual NIC plugged into a host bridge."""

    mac: str
    bridge: str
    model: str = "virtio"
    target: str = ""  # tap device name; empty lets libvirt choose


@dataclass(frozen=True)
class KernelSpec:
    """Direct kernel boot: kernel and optional initramfs files, kernel command line."""

    kernel_path: str
    ramdisk_path: str = ""
    cmdline: str = "console=ttyS0"


@dataclass(frozen=True)
class InstanceSpec:
    """Everything a driver needs to run one instance."""

    uuid: str
    name: str  # libvirt domain name, e.g. instance-0000002a
    vcpus: int
    memory_mb: int
    instance_dir: str
    disk: DiskSpec
    console_log: str
    arch: str = ""  # empty: the host's architecture
    kernel: KernelSpec | None = None
    nics: tuple[NicSpec, ...] = field(default_factory=tuple)
    metadata: tuple[tuple[str, str], ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class DomainInfo:
    """What the hypervisor reports about one domain."""

    uuid: str
    name: str
    power_state: int


@dataclass(frozen=True)
class HostInfo:
    """Capacity and identity of the hypervisor host."""

    hostname: str
    arch: str
    vcpus: int
    memory_mb: int
    local_gb: int
    hypervisor_type: str
    hypervisor_version: int
    cpu_model: str = ""


def instance_spec(instance, image_dir):
    """Build the driver's view of an Instance row (duck-typed: drivers never see models).
    `image_dir` is where image files live (IMAGES_DIR)."""
    import os

    image = instance.image
    image_id = image.id if image else instance.image_ref
    kernel = None
    if image is not None and image.kernel_id:
        kernel = KernelSpec(
            kernel_path=os.path.join(image_dir, image.kernel_id),
            ramdisk_path=os.path.join(image_dir, image.ramdisk_id) if image.ramdisk_id else "",
            cmdline=image.properties.get("os_command_line", "console=ttyS0"),
        )
    instance_dir = os.path.join(str(instance.instance_dir))
    return InstanceSpec(
        uuid=instance.uuid,
        name=instance.domain_name,
        vcpus=instance.vcpus,
        memory_mb=instance.memory_mb,
        instance_dir=instance_dir,
        disk=DiskSpec(
            path=os.path.join(instance_dir, "disk"),
            backing_path=os.path.join(image_dir, image_id),
            backing_format=(image.disk_format if image else "qcow2") or "qcow2",
            size_gb=instance.root_gb,
        ),
        console_log=os.path.join(instance_dir, "console.log"),
        arch=(image.properties.get("architecture", "") if image else ""),
        kernel=kernel,
        metadata=tuple(sorted((str(k), str(v)) for k, v in instance.metadata.items())),
    )
