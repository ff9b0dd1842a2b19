"""I/O operations weigher: with the default -1.0, the idle host weighs more."""
from django.test import SimpleTestCase, override_settings

from scheduler.weighers.base import weigh
from scheduler.weighers.io_ops import IoOpsWeigher
from tests.scheduler.snapshots import make_host_state, make_spec


class IoOpsWeigherTests(SimpleTestCase):
    def setUp(self):
        self.hosts = [make_host_state("building", num_io_ops=4),
                      make_host_state("idle", num_io_ops=0)]

    @override_settings(SCHEDULER_WEIGHER_MULTIPLIERS={})
    def test_default_prefers_the_idle_host(self):
        rows = weigh([IoOpsWeigher()], make_spec(), self.hosts)
        self.assertEqual([(r.host.name, r.total) for r in rows], [("idle", 0.0),
                                                                  ("building", -1.0)])

    @override_settings(SCHEDULER_WEIGHER_MULTIPLIERS={"io_ops": 1.0})
    def test_positive_multiplier_prefers_the_busy_host(self):
        self.assertEqual(weigh([IoOpsWeigher()], make_spec(), self.hosts)[0].host.name,
                         "building")
