"""Domain XML and capabilities parsing: golden files plus structural checks.

Set REGENERATE_GOLDEN=1 to rewrite the golden files from the current output (then review the
diff and validate them: `virt-xml-validate tests/compute/golden/<name>.xml domain`)."""
import os
import pathlib
import unittest
import xml.etree.ElementTree as ET

from compute.drivers.libvirt.domain_xml import (
    METADATA_NS,
    best_domain_type,
    build_domain_xml,
    host_arch,
)
from compute.specs import DiskSpec, InstanceSpec, KernelSpec, NicSpec

GOLDEN_DIR = pathlib.Path(__file__).parent / "golden"
INSTANCE_DIR = "/var/lib/cloudproject/instances/8c1f0c36-4c4a-4a4b-9a57-4f6f0e3f2a10"


def make_spec(**overrides) -> InstanceSpec:
    """A fixed instance spec; golden files depend on every value here."""
    fields = dict(
        uuid="8c1f0c36-4c4a-4a4b-9a57-4f6f0e3f2a10",
        name="instance-0000002a",
        vcpus=2,
        memory_mb=2048,
        instance_dir=INSTANCE_DIR,
        disk=DiskSpec(
            path=f"{INSTANCE_DIR}/disk",
            backing_path="/var/lib/cloudproject/images/cirros-0.6.2.qcow2",
            size_gb=10,
        ),
        console_log=f"{INSTANCE_DIR}/console.log",
        metadata=(("owner", "alice"), ("role", "web & <api>")),
    )
    fields.update(overrides)
    return InstanceSpec(**fields)


def make_kernel_two_nic_spec() -> InstanceSpec:
    """Direct kernel boot, explicit arch, two NICs (one with a fixed tap name)."""
    return make_spec(
        arch="x86_64",
        kernel=KernelSpec(
            kernel_path="/var/lib/cloudproject/images/vmlinuz",
            ramdisk_path="/var/lib/cloudproject/images/initrd.img",
            cmdline="console=ttyS0 root=/dev/vda1",
        ),
        nics=(
            NicSpec(mac="fa:16:3e:00:00:01", bridge="br-int", target="tap8c1f0c36-4c"),
            NicSpec(mac="fa:16:3e:00:00:02", bridge="br-ext", model="e1000"),
        ),
    )


def capabilities(host_arch_name: str, *guests: tuple[str, str, str]) -> str:
    """A minimal capabilities document: guests are (os_type, arch, domain type) triples."""
    guest_xml = "".join(
        f"<guest><os_type>{os_type}</os_type><arch name='{arch}'>"
        f"<domain type='qemu'/><domain type='{domain}'/></arch></guest>"
        for os_type, arch, domain in guests
    )
    host = f"<host><cpu><arch>{host_arch_name}</arch></cpu></host>"
    return f"<capabilities>{host}{guest_xml}</capabilities>"


class GoldenDomainXmlTest(unittest.TestCase):
    """build_domain_xml output equals the reviewed golden files, byte for byte."""

    def assert_matches_golden(self, xml: str, name: str) -> None:
        path = GOLDEN_DIR / name
        if os.environ.get("REGENERATE_GOLDEN") == "1":
            path.write_text(xml)
        self.assertEqual(xml, path.read_text())

    def test_qemu_disk_boot_matches_golden(self):
        xml = build_domain_xml(make_spec(), "qemu", "x86_64")
        self.assert_matches_golden(xml, "qemu_basic.xml")

    def test_kvm_kernel_boot_with_two_nics_matches_golden(self):
        xml = build_domain_xml(make_kernel_two_nic_spec(), "kvm", "x86_64")
        self.assert_matches_golden(xml, "kvm_kernel_boot_two_nics.xml")

    def test_same_spec_gives_identical_xml(self):
        spec = make_kernel_two_nic_spec()
        self.assertEqual(build_domain_xml(spec, "kvm", "x86_64"),
                         build_domain_xml(spec, "kvm", "x86_64"))


class DomainXmlStructureTest(unittest.TestCase):
    """Facts about the generated XML that matter to libvirt, read back with ElementTree."""

    def build(self, spec=None, domain_type="qemu", arch="x86_64") -> ET.Element:
        return ET.fromstring(build_domain_xml(spec or make_spec(), domain_type, arch))

    def test_domain_type_is_the_chosen_one(self):
        self.assertEqual(self.build(domain_type="kvm").get("type"), "kvm")

    def test_memory_is_in_kib(self):
        memory = self.build().find("memory")
        self.assertEqual((memory.get("unit"), memory.text), ("KiB", str(2048 * 1024)))

    def test_root_disk_is_a_qcow2_file_at_the_spec_path(self):
        disk = self.build().find("devices/disk")
        self.assertEqual(disk.find("source").get("file"), f"{INSTANCE_DIR}/disk")
        self.assertEqual(disk.find("driver").get("type"), "qcow2")
        self.assertIsNone(disk.find("driver").get("cache"))

    def test_serial_and_console_write_to_the_console_log(self):
        devices = self.build().find("devices")
        for tag in ("serial", "console"):
            self.assertEqual(devices.find(tag).get("type"), "file")
            source = devices.find(f"{tag}/source")
            self.assertEqual(source.get("path"), f"{INSTANCE_DIR}/console.log")

    def test_guest_arch_defaults_to_host_arch(self):
        self.assertEqual(self.build(arch="aarch64").find("os/type").get("arch"), "aarch64")

    def test_spec_arch_overrides_host_arch(self):
        root = self.build(make_spec(arch="i686"), arch="x86_64")
        self.assertEqual(root.find("os/type").get("arch"), "i686")

    def test_os_type_leaves_machine_to_libvirt(self):
        self.assertIsNone(self.build().find("os/type").get("machine"))

    def test_disk_boot_without_kernel(self):
        root = self.build()
        self.assertEqual(root.find("os/boot").get("dev"), "hd")
        self.assertIsNone(root.find("os/kernel"))

    def test_kernel_boot_replaces_disk_boot(self):
        root = self.build(make_kernel_two_nic_spec())
        self.assertEqual(root.findtext("os/kernel"), "/var/lib/cloudproject/images/vmlinuz")
        self.assertEqual(root.findtext("os/cmdline"), "console=ttyS0 root=/dev/vda1")
        self.assertIsNone(root.find("os/boot"))

    def test_one_bridge_interface_per_nic(self):
        interfaces = self.build(make_kernel_two_nic_spec()).findall("devices/interface")
        self.assertEqual([i.find("source").get("bridge") for i in interfaces], ["br-int", "br-ext"])
        self.assertEqual(interfaces[0].find("target").get("dev"), "tap8c1f0c36-4c")
        self.assertIsNone(interfaces[1].find("target"))

    def test_kvm_passes_the_host_cpu_through(self):
        self.assertEqual(self.build(domain_type="kvm").find("cpu").get("mode"), "host-passthrough")

    def test_qemu_keeps_the_default_cpu(self):
        self.assertIsNone(self.build(domain_type="qemu").find("cpu"))

    def test_x86_gets_acpi_and_apic(self):
        features = self.build().find("features")
        self.assertEqual([f.tag for f in features], ["acpi", "apic"])

    def test_non_x86_gets_no_x86_features(self):
        self.assertIsNone(self.build(arch="aarch64").find("features"))

    def test_metadata_is_namespaced_and_carries_items(self):
        instance = self.build().find(f"metadata/{{{METADATA_NS}}}instance")
        items = instance.findall(f"{{{METADATA_NS}}}metadata/{{{METADATA_NS}}}item")
        self.assertEqual(instance.findtext(f"{{{METADATA_NS}}}name"), "instance-0000002a")
        self.assertEqual([(i.get("key"), i.text) for i in items],
                         [("owner", "alice"), ("role", "web & <api>")])


class CapabilitiesTest(unittest.TestCase):
    """Host arch and the automatic domain type come from the capabilities XML."""

    def test_host_arch_is_read_from_host_cpu(self):
        self.assertEqual(host_arch(capabilities("x86_64")), "x86_64")

    def test_kvm_chosen_when_offered_for_host_arch(self):
        caps = capabilities("x86_64", ("hvm", "i686", "kvm"), ("hvm", "x86_64", "kvm"))
        self.assertEqual(best_domain_type(caps), "kvm")

    def test_qemu_chosen_when_kvm_only_offered_for_another_arch(self):
        caps = capabilities("x86_64", ("hvm", "aarch64", "kvm"), ("hvm", "x86_64", "qemu"))
        self.assertEqual(best_domain_type(caps), "qemu")

    def test_qemu_chosen_for_test_driver_capabilities(self):
        caps = capabilities("i686", ("hvm", "i686", "test"), ("xen", "i686", "test"))
        self.assertEqual(best_domain_type(caps), "qemu")
