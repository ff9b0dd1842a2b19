"""vCPU weigher: positive multiplier spreads onto free vCPUs, negative stacks."""
from django.test import SimpleTestCase, override_settings

from scheduler.weighers.base import weigh
from scheduler.weighers.cpu import CpuWeigher
from tests.scheduler.snapshots import make_host_state, make_spec


class CpuWeigherTests(SimpleTestCase):
    def setUp(self):
        self.hosts = [make_host_state("busy", free_vcpus=2), make_host_state("idle", free_vcpus=30)]

    def test_raw_value_is_free_vcpus(self):
        self.assertEqual(CpuWeigher().weigh(self.hosts[0], make_spec()), 2)

    def test_positive_multiplier_spreads(self):
        self.assertEqual(weigh([CpuWeigher()], make_spec(), self.hosts)[0].host.name, "idle")

    @override_settings(SCHEDULER_WEIGHER_MULTIPLIERS={"cpu": -2.0})
    def test_negative_multiplier_stacks(self):
        rows = weigh([CpuWeigher()], make_spec(), self.hosts)
        self.assertEqual([(r.host.name, r.total) for r in rows], [("busy", 0.0),
                                                                  ("idle", -2.0)])
