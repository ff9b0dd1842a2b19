"""Image properties filter: architecture and hypervisor type, min_ram and min_disk."""
from django.test import SimpleTestCase

from scheduler.filters.image_properties import (
    ImagePropertiesFilter,
    canonical_arch,
    canonical_hv_type,
)
from tests.scheduler.snapshots import make_host_state, make_spec


def passes(host=None, **spec):
    return ImagePropertiesFilter().host_passes(host or make_host_state(), make_spec(**spec))


class ArchitectureTests(SimpleTestCase):
    def test_matching_architecture_passes(self):
        self.assertTrue(passes(image_properties={"hw_architecture": "x86_64"}).passed)

    def test_other_architecture_is_rejected(self):
        result = passes(image_properties={"hw_architecture": "aarch64"})
        self.assertEqual((result.passed, result.code), (False, "architecture"))
        self.assertEqual(result.detail,
                         "image_properties: image needs aarch64, host is x86_64")

    def test_legacy_architecture_property_is_read(self):
        self.assertFalse(passes(image_properties={"architecture": "ppc64le"}).passed)

    def test_names_are_canonicalised_as_nova_does(self):
        self.assertEqual(canonical_arch("AMD64"), "x86_64")
        for name in ("i386", "i486", "i586", "x86_32"):
            self.assertEqual(canonical_arch(name), "i686")
        self.assertEqual(canonical_arch("arm64"), "aarch64")
        host = make_host_state(arch="i686")
        self.assertTrue(passes(host, image_properties={"architecture": "i386"}).passed)
        self.assertTrue(passes(image_properties={"hw_architecture": "amd64"}).passed)

    def test_host_without_reported_architecture_fails_an_arch_image(self):
        result = passes(make_host_state(arch=""), image_properties={"architecture": "x86_64"})
        self.assertIn("host is unknown", result.detail)


class HypervisorTypeTests(SimpleTestCase):
    def test_qemu_host_runs_qemu_and_kvm_images(self):
        for hv_type in ("qemu", "kvm", "QEMU"):
            self.assertTrue(passes(image_properties={"img_hv_type": hv_type}).passed)

    def test_other_hypervisor_is_rejected(self):
        result = passes(image_properties={"hypervisor_type": "xen"})
        self.assertEqual((result.passed, result.code), (False, "hypervisor_type"))

    def test_xapi_is_xen(self):
        self.assertEqual(canonical_hv_type("XAPI"), "xen")
        host = make_host_state(hypervisor_type="xen")
        self.assertTrue(passes(host, image_properties={"img_hv_type": "xapi"}).passed)


class MinimumSizeTests(SimpleTestCase):
    def test_flavor_below_image_min_ram_is_rejected_everywhere(self):
        result = passes(memory_mb=512, image_min_ram=1024)
        self.assertEqual((result.passed, result.code), (False, "min_ram"))
        self.assertEqual(result.detail,
                         "image_properties: image needs 1024 MB RAM, flavor has 512")

    def test_flavor_below_image_min_disk_is_rejected(self):
        self.assertEqual(passes(root_gb=1, image_min_disk=10).code, "min_disk")

    def test_flavor_without_root_disk_takes_the_image_size(self):
        self.assertTrue(passes(root_gb=0, image_min_disk=10).passed)

    def test_image_without_requirements_does_not_run_the_filter(self):
        self.assertFalse(ImagePropertiesFilter().applies(make_spec(
            image_properties={"os_distro": "debian"})))

    def test_explain_names_each_unmet_requirement(self):
        flt = ImagePropertiesFilter()
        spec = make_spec(image_properties={"hw_architecture": "aarch64"}, memory_mb=512)
        rejected = [(h, flt.host_passes(h, spec)) for h in (make_host_state(),)]
        self.assertEqual(flt.explain(spec, rejected), "image needs architecture aarch64")
