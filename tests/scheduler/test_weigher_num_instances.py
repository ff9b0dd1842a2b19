"""Instance-count weigher: off by default; positive packs, negative spreads."""
from django.test import SimpleTestCase, override_settings

from scheduler.weighers.base import weigh
from scheduler.weighers.num_instances import NumInstancesWeigher
from tests.scheduler.snapshots import make_host_state, make_spec


class NumInstancesWeigherTests(SimpleTestCase):
    def setUp(self):
        self.hosts = [make_host_state("crowded", num_instances=9),
                      make_host_state("quiet", num_instances=1)]

    @override_settings(SCHEDULER_WEIGHER_MULTIPLIERS={})
    def test_default_multiplier_is_zero_so_it_is_skipped(self):
        self.assertEqual(NumInstancesWeigher().multiplier, 0.0)
        rows = weigh([NumInstancesWeigher()], make_spec(), self.hosts)
        self.assertEqual([(r.host.name, r.total) for r in rows], [("crowded", 0.0),
                                                                  ("quiet", 0.0)])

    @override_settings(SCHEDULER_WEIGHER_MULTIPLIERS={"num_instances": 1.0})
    def test_positive_multiplier_packs(self):
        rows = weigh([NumInstancesWeigher()], make_spec(), self.hosts)
        self.assertEqual(rows[0].host.name, "crowded")

    @override_settings(SCHEDULER_WEIGHER_MULTIPLIERS={"num_instances": -1.0})
    def test_negative_multiplier_spreads(self):
        rows = weigh([NumInstancesWeigher()], make_spec(), self.hosts)
        self.assertEqual(rows[0].host.name, "quiet")
