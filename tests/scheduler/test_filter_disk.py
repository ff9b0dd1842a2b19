"""Disk filter: free disk after ratio and reserve must hold root + ephemeral + swap."""
from django.test import SimpleTestCase, TestCase

from scheduler.filters.disk import DiskFilter
from scheduler.hosts import load_hosts
from scheduler.request import RequestSpec
from tests.factories import make_flavor, make_host, make_instance
from tests.scheduler.snapshots import make_host_state, make_spec


class DiskFilterTests(SimpleTestCase):
    def test_enough_free_disk_passes(self):
        self.assertTrue(DiskFilter().host_passes(make_host_state(free_disk_gb=20),
                                                 make_spec(disk_gb=20)).passed)

    def test_too_little_free_disk_is_rejected_with_the_numbers(self):
        result = DiskFilter().host_passes(make_host_state(free_disk_gb=15),
                                          make_spec(disk_gb=20))
        self.assertEqual((result.passed, result.detail), (False, "disk: needs 20 GB, 15 free"))

    def test_explain_names_the_most_free(self):
        flt, spec = DiskFilter(), make_spec(disk_gb=80)
        rejected = [(make_host_state(free_disk_gb=40), None)]
        self.assertEqual(flt.explain(spec, rejected), "needs 80 GB disk, most free 40 GB")


class DiskCapacityTests(TestCase):
    def test_request_counts_root_ephemeral_and_swap(self):
        flavor = make_flavor(root_gb=10, ephemeral_gb=5, swap=1536)
        spec = RequestSpec.from_instance(make_instance(flavor=flavor, ephemeral_gb=5,
                                                       swap=1536))
        self.assertEqual(spec.disk_gb, 10 + 5 + 2)

    def test_free_disk_counts_reserve_ratio_and_usage(self):
        make_host("h", local_gb=100, reserved_disk_gb=10, disk_allocation_ratio=2.0,
                  local_gb_used=30)
        [host] = load_hosts()
        self.assertEqual(host.free_disk_gb, (100 - 10) * 2 - 30)
