"""Weighing: Nova's min-max normalisation, multipliers, sums and the order of hosts."""
from django.test import SimpleTestCase, override_settings

from scheduler.weighers.base import normalize, weigh
from scheduler.weighers.cpu import CpuWeigher
from scheduler.weighers.ram import RamWeigher
from tests.scheduler.snapshots import make_host_state, make_spec


class NormalizeTests(SimpleTestCase):
    def test_values_map_onto_zero_to_one(self):
        self.assertEqual(normalize([10, 20, 30]), [0.0, 0.5, 1.0])

    def test_all_equal_values_are_all_zero(self):
        self.assertEqual(normalize([7, 7, 7]), [0.0, 0.0, 0.0])

    def test_no_values(self):
        self.assertEqual(normalize([]), [])

    def test_fixed_ends_widen_to_take_in_every_value(self):
        self.assertEqual(normalize([5, 10], minval=0, maxval=20), [0.25, 0.5])
        self.assertEqual(normalize([-10, 10], minval=0), [0.0, 1.0])


@override_settings(SCHEDULER_WEIGHER_MULTIPLIERS={"ram": 1.0, "cpu": 2.0})
class WeighTests(SimpleTestCase):
    def setUp(self):
        self.hosts = [make_host_state("ram-rich", free_ram_mb=8000, free_vcpus=2),
                      make_host_state("cpu-rich", free_ram_mb=1000, free_vcpus=16),
                      make_host_state("middle", free_ram_mb=4500, free_vcpus=9)]

    def test_each_weigher_is_normalised_multiplied_and_summed(self):
        rows = weigh([RamWeigher(), CpuWeigher()], make_spec(), self.hosts)
        self.assertEqual([(r.host.name, r.total) for r in rows],
                         [("cpu-rich", 2.0), ("middle", 1.5), ("ram-rich", 1.0)])
        self.assertEqual(rows[1].parts, {"ram": 0.5, "cpu": 1.0})

    def test_only_the_top_hosts_carry_their_parts(self):
        rows = weigh([RamWeigher(), CpuWeigher()], make_spec(), self.hosts, detailed=1)
        self.assertEqual([bool(r.parts) for r in rows], [True, False, False])

    def test_equal_weights_order_by_name(self):
        hosts = [make_host_state("b"), make_host_state("a")]
        self.assertEqual([r.host.name for r in weigh([RamWeigher()], make_spec(), hosts)],
                         ["a", "b"])
