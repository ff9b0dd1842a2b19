"""Requested destination (2.74): only the named host/node passes, in Python and in the
database alike, and the claim is still taken there (a full host is still refused)."""
from django.test import SimpleTestCase, TestCase, override_settings

from scheduler import services
from scheduler.algorithms.base import NoValidHost
from scheduler.filters.requested_destination import RequestedDestinationFilter
from scheduler.request import RequestSpec
from tests.factories import make_flavor, make_host, make_instance
from tests.scheduler.snapshots import make_host_state, make_spec


class RequestedDestinationFilterTests(SimpleTestCase):
    def test_no_destination_does_not_run_the_filter(self):
        self.assertFalse(RequestedDestinationFilter().applies(make_spec()))

    def test_only_the_destination_passes(self):
        spec = make_spec(requested_host="h2", destination_ids=frozenset({2}))
        result = RequestedDestinationFilter().host_passes(make_host_state("h1", id=1), spec)
        self.assertEqual((result.passed, result.code), (False, "not_requested"))
        self.assertEqual(result.detail, "requested_destination: not the requested "
                                        "destination (host 'h2')")
        self.assertTrue(RequestedDestinationFilter().host_passes(
            make_host_state("h2", id=2), spec).passed)


@override_settings(SCHEDULER_IN_DATABASE_MIN_HOSTS=0)
class RequestedDestinationPlacementTests(TestCase):
    def setUp(self):
        self.big = make_host("big", vcpus=64, memory_mb=65536, hypervisor_hostname="big.node")
        self.small = make_host("small", vcpus=1, memory_mb=1024)
        self.flavor = make_flavor(vcpus=1, memory_mb=512)

    def boot(self, **fields):
        return make_instance(flavor=self.flavor, vm_state="building", task_state="scheduling",
                             **fields)

    def test_spec_resolves_host_and_node(self):
        spec = RequestSpec.from_instance(self.boot(requested_node="big.node"))
        self.assertEqual(spec.destination_ids, frozenset({self.big.pk}))
        spec = RequestSpec.from_instance(self.boot(requested_host="small",
                                                   requested_node="small"))
        self.assertEqual(spec.destination_ids, frozenset({self.small.pk}))
        self.assertIsNone(RequestSpec.from_instance(self.boot()).destination_ids)

    def test_requested_host_is_chosen_over_a_better_one_and_claimed(self):
        for in_database in (True, False):
            with override_settings(SCHEDULER_IN_DATABASE=in_database):
                instance = self.boot(requested_host="small")
                self.assertEqual(services.select_and_claim(instance), self.small)
                self.assertEqual(instance.allocation.host, self.small)
                instance.allocation.delete()

    def test_full_requested_host_is_no_valid_host(self):
        make_instance(host=self.small, flavor=make_flavor(vcpus=4, memory_mb=1024))
        self.small.vcpus_used, self.small.memory_mb_used = 4, 1024
        self.small.save()
        for in_database in (True, False):
            with override_settings(SCHEDULER_IN_DATABASE=in_database):
                with self.assertRaises(NoValidHost):
                    services.select_and_claim(self.boot(requested_host="small"))

    def test_vanished_destination_is_no_valid_host(self):
        for in_database in (True, False):
            with override_settings(SCHEDULER_IN_DATABASE=in_database):
                with self.assertRaises(NoValidHost) as caught:
                    services.select_and_claim(self.boot(requested_host="gone"))
                self.assertIn("not the requested destination", str(caught.exception))
