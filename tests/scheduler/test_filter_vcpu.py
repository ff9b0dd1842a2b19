"""vCPU filter: free vCPUs after ratio and reserve must hold the flavor's vCPUs."""
from django.test import SimpleTestCase, TestCase

from scheduler.filters.vcpu import VcpuFilter
from scheduler.hosts import load_hosts
from tests.factories import make_host
from tests.scheduler.snapshots import make_host_state, make_spec


class VcpuFilterTests(SimpleTestCase):
    def test_enough_free_vcpus_pass(self):
        self.assertTrue(VcpuFilter().host_passes(make_host_state(free_vcpus=4),
                                                 make_spec(vcpus=4)).passed)

    def test_too_few_free_vcpus_are_rejected_with_the_numbers(self):
        result = VcpuFilter().host_passes(make_host_state(free_vcpus=3), make_spec(vcpus=4))
        self.assertEqual((result.passed, result.detail), (False, "vcpu: needs 4 vCPU, 3 free"))

    def test_explain_names_the_most_free(self):
        flt, spec = VcpuFilter(), make_spec(vcpus=16)
        rejected = [(h, flt.host_passes(h, spec)) for h in (
            make_host_state(free_vcpus=2), make_host_state(free_vcpus=6))]
        self.assertEqual(flt.explain(spec, rejected), "needs 16 vCPU, most free 6")


class VcpuCapacityTests(TestCase):
    def test_allocation_ratio_overcommits_and_reserve_is_kept(self):
        make_host("h", vcpus=8, reserved_vcpus=2, cpu_allocation_ratio=4.0, vcpus_used=5)
        [host] = load_hosts()
        self.assertEqual(host.free_vcpus, (8 - 2) * 4 - 5)
