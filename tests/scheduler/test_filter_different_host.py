"""Different host filter: the different_host hint keeps away from the hinted instances."""
from django.test import SimpleTestCase, TestCase

from scheduler.filters.different_host import DifferentHostFilter
from scheduler.request import resolve_hints
from tests.factories import make_host, make_instance
from tests.scheduler.snapshots import make_host_state, make_spec


class DifferentHostFilterTests(SimpleTestCase):
    def test_host_running_a_hinted_instance_is_rejected(self):
        spec = make_spec(scheduler_hints={"different_host": ["u1"]},
                         different_host_ids=frozenset({1}))
        result = DifferentHostFilter().host_passes(make_host_state(id=1), spec)
        self.assertEqual((result.passed, result.code), (False, "hinted_instance_here"))
        self.assertTrue(DifferentHostFilter().host_passes(make_host_state(id=2), spec).passed)

    def test_no_hint_does_not_run_the_filter(self):
        self.assertFalse(DifferentHostFilter().applies(make_spec()))


class DifferentHostResolutionTests(TestCase):
    def test_hint_resolves_to_hosts_and_ignores_unplaced_instances(self):
        host = make_host("a")
        placed, unplaced = make_instance(host=host), make_instance(host=None)
        fields = resolve_hints({"different_host": [placed.uuid, unplaced.uuid]}, None)
        self.assertEqual(fields["different_host_ids"], frozenset({host.pk}))
