"""RAM weigher: positive multiplier spreads onto free RAM, negative stacks."""
from django.test import SimpleTestCase, override_settings

from scheduler.weighers.base import weigh
from scheduler.weighers.ram import RamWeigher
from tests.scheduler.snapshots import make_host_state, make_spec


class RamWeigherTests(SimpleTestCase):
    def setUp(self):
        self.hosts = [make_host_state("full", free_ram_mb=1024),
                      make_host_state("empty", free_ram_mb=8192)]

    def test_raw_value_is_free_ram(self):
        self.assertEqual(RamWeigher().weigh(self.hosts[1], make_spec()), 8192)

    def test_positive_multiplier_spreads(self):
        self.assertEqual(weigh([RamWeigher()], make_spec(), self.hosts)[0].host.name, "empty")

    @override_settings(SCHEDULER_WEIGHER_MULTIPLIERS={"ram": -1.0})
    def test_negative_multiplier_stacks(self):
        rows = weigh([RamWeigher()], make_spec(), self.hosts)
        self.assertEqual([(r.host.name, r.total) for r in rows], [("full", 0.0),
                                                                  ("empty", -1.0)])
