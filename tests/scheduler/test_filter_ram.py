"""RAM filter: free RAM after ratio and reserve must hold the flavor's memory."""
from django.test import SimpleTestCase, TestCase

from scheduler.filters.ram import RamFilter
from scheduler.hosts import load_hosts
from tests.factories import make_host
from tests.scheduler.snapshots import make_host_state, make_spec


class RamFilterTests(SimpleTestCase):
    def test_enough_free_ram_passes(self):
        host = make_host_state(free_ram_mb=2048)
        self.assertTrue(RamFilter().host_passes(host, make_spec(memory_mb=2048)).passed)

    def test_too_little_free_ram_is_rejected_with_the_numbers(self):
        result = RamFilter().host_passes(make_host_state(free_ram_mb=1536),
                                         make_spec(memory_mb=2048))
        self.assertEqual((result.passed, result.code), (False, "ram"))
        self.assertEqual(result.detail, "ram: needs 2048 MB, 1536 free")

    def test_explain_names_the_most_free(self):
        flt, spec = RamFilter(), make_spec(memory_mb=8192)
        rejected = [(h, flt.host_passes(h, spec)) for h in (
            make_host_state(free_ram_mb=4096), make_host_state(free_ram_mb=1024))]
        self.assertEqual(flt.explain(spec, rejected), "needs 8192 MB RAM, most free 4096 MB")


class RamCapacityTests(TestCase):
    def test_free_ram_counts_reserve_ratio_and_usage(self):
        make_host("h", memory_mb=8192, reserved_memory_mb=1024, ram_allocation_ratio=1.5,
                  memory_mb_used=2000)
        [host] = load_hosts()
        self.assertEqual(host.free_ram_mb, int((8192 - 1024) * 1.5) - 2000)
