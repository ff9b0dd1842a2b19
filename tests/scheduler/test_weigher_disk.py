"""Disk weigher: positive multiplier spreads onto free disk, negative stacks."""
from django.test import SimpleTestCase, override_settings

from scheduler.weighers.base import weigh
from scheduler.weighers.disk import DiskWeigher
from tests.scheduler.snapshots import make_host_state, make_spec


class DiskWeigherTests(SimpleTestCase):
    def setUp(self):
        self.hosts = [make_host_state("full", free_disk_gb=5),
                      make_host_state("empty", free_disk_gb=500)]

    def test_raw_value_is_free_disk(self):
        self.assertEqual(DiskWeigher().weigh(self.hosts[1], make_spec()), 500)

    def test_positive_multiplier_spreads(self):
        self.assertEqual(weigh([DiskWeigher()], make_spec(), self.hosts)[0].host.name, "empty")

    @override_settings(SCHEDULER_WEIGHER_MULTIPLIERS={"disk": -1.0})
    def test_negative_multiplier_stacks(self):
        self.assertEqual(weigh([DiskWeigher()], make_spec(), self.hosts)[0].host.name, "full")
