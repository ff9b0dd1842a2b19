"""Libvirt XML as pure functions: domain XML from an InstanceSpec, host facts from capabilities."""
import xml.etree.ElementTree as ET

from compute.specs import DiskSpec, InstanceSpec, KernelSpec, NicSpec

METADATA_NS = "https://cloudproject.invalid/xmlns/instance/1.0"
METADATA_PREFIX = "cloudproject"
X86_ARCHES = frozenset({"i686", "x86_64"})

ET.register_namespace(METADATA_PREFIX, METADATA_NS)


def build_domain_xml(spec: InstanceSpec, domain_type: str, host_arch: str) -> str:
    """Return the domain XML for `spec` as a `domain_type` ('kvm' or 'qemu') guest.

    The guest arch is spec.arch, or `host_arch` when the spec leaves it empty. The same
    arguments always give the same text."""
    arch = spec.arch or host_arch
    domain = ET.Element("domain", type=domain_type)
    _text(domain, "name", spec.name)
    _text(domain, "uuid", spec.uuid)
    domain.append(_metadata(spec))
    _text(domain, "memory", str(spec.memory_mb * 1024), unit="KiB")
    _text(domain, "currentMemory", str(spec.memory_mb * 1024), unit="KiB")
    _text(domain, "vcpu", str(spec.vcpus))
    domain.append(_os(arch, spec.kernel))
    if arch in X86_ARCHES:
        features = ET.SubElement(domain, "features")
        ET.SubElement(features, "acpi")
        ET.SubElement(features, "apic")
    if domain_type == "kvm":
        # TCG cannot pass the host CPU through; it keeps libvirt's default model.
        ET.SubElement(domain, "cpu", mode="host-passthrough")
    ET.SubElement(domain, "clock", offset="utc")
    _text(domain, "on_poweroff", "destroy")
    _text(domain, "on_reboot", "restart")
    _text(domain, "on_crash", "destroy")
    domain.append(_devices(spec))
    ET.indent(domain, space="  ")
    return ET.tostring(domain, encoding="unicode") + "\n"


def host_arch(capabilities_xml: str) -> str:
    """The host CPU architecture (<host><cpu><arch>) as libvirt names it: x86_64, aarch64..."""
    return ET.fromstring(capabilities_xml).findtext("host/cpu/arch", default="")


def best_domain_type(capabilities_xml: str) -> str:
    """'kvm' when the capabilities offer a kvm domain for an hvm guest of the host's arch,
    else 'qemu' (TCG emulation)."""
    arch = host_arch(capabilities_xml)
    kvm = f"guest[os_type='hvm']/arch[@name='{arch}']/domain[@type='kvm']"
    return "kvm" if ET.fromstring(capabilities_xml).find(kvm) is not None else "qemu"


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    """Append <tag attrs...>text</tag> to `parent`."""
    child = ET.SubElement(parent, tag, attrs)
    child.text = text
    return child


def _metadata(spec: InstanceSpec) -> ET.Element:
    """<metadata> with our namespaced <instance> element, so domains are recognisably ours."""
    metadata = ET.Element("metadata")
    instance = ET.SubElement(metadata, f"{{{METADATA_NS}}}instance")
    _text(instance, f"{{{METADATA_NS}}}name", spec.name)
    items = ET.SubElement(instance, f"{{{METADATA_NS}}}metadata")
    for key, value in spec.metadata:
        _text(items, f"{{{METADATA_NS}}}item", value, key=key)
    return metadata


def _os(arch: str, kernel: KernelSpec | None) -> ET.Element:
    """<os>: hvm for `arch` (machine type left to libvirt), direct kernel boot or disk boot."""
    os_element = ET.Element("os")
    _text(os_element, "type", "hvm", arch=arch)
    if kernel is None:
        ET.SubElement(os_element, "boot", dev="hd")
        return os_element
    _text(os_element, "kernel", kernel.kernel_path)
    if kernel.ramdisk_path:
        _text(os_element, "initrd", kernel.ramdisk_path)
    if kernel.cmdline:
        _text(os_element, "cmdline", kernel.cmdline)
    return os_element


def _devices(spec: InstanceSpec) -> ET.Element:
    """<devices>: root disk, NICs, file-backed serial console, balloon and RNG."""
    devices = ET.Element("devices")
    devices.append(_disk(spec.disk))
    for nic in spec.nics:
        devices.append(_interface(nic))
    devices.append(_console_log("serial", spec.console_log, port="0"))
    devices.append(_console_log("console", spec.console_log, type="serial", port="0"))
    ET.SubElement(devices, "memballoon", model="virtio")
    rng = ET.SubElement(devices, "rng", model="virtio")
    _text(rng, "backend", "/dev/urandom", model="random")
    return devices


def _disk(disk: DiskSpec) -> ET.Element:
    """The qcow2 root disk; default cache mode, since cache='none' needs O_DIRECT support."""
    element = ET.Element("disk", type="file", device="disk")
    ET.SubElement(element, "driver", name="qemu", type="qcow2", discard="unmap")
    ET.SubElement(element, "source", file=disk.path)
    ET.SubElement(element, "target", dev=disk.target, bus=disk.bus)
    return element


def _interface(nic: NicSpec) -> ET.Element:
    """One NIC on a host bridge; without a target dev libvirt names the tap itself."""
    element = ET.Element("interface", type="bridge")
    ET.SubElement(element, "mac", address=nic.mac)
    ET.SubElement(element, "source", bridge=nic.bridge)
    if nic.target:
        ET.SubElement(element, "target", dev=nic.target)
    ET.SubElement(element, "model", type=nic.model)
    return element


def _console_log(tag: str, path: str, **target: str) -> ET.Element:
    """A <serial> or <console> writing to the log file; append keeps output across boots."""
    element = ET.Element(tag, type="file")
    ET.SubElement(element, "source", path=path, append="on")
    ET.SubElement(element, "target", target)
    return element
