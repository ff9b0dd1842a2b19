"""Same host filter: the same_host hint admits only hosts running a hinted instance."""
from django.test import SimpleTestCase, TestCase

from scheduler.filters.same_host import SameHostFilter
from scheduler.request import resolve_hints
from tests.factories import make_host, make_instance
from tests.scheduler.snapshots import make_host_state, make_spec


class SameHostFilterTests(SimpleTestCase):
    def test_host_running_a_hinted_instance_passes_and_others_fail(self):
        spec = make_spec(scheduler_hints={"same_host": ["u1"]}, same_host_ids=frozenset({1}))
        self.assertTrue(SameHostFilter().host_passes(make_host_state(id=1), spec).passed)
        result = SameHostFilter().host_passes(make_host_state(id=2), spec)
        self.assertEqual((result.passed, result.code), (False, "no_hinted_instance"))

    def test_no_hint_does_not_run_the_filter(self):
        self.assertFalse(SameHostFilter().applies(make_spec()))


class SameHostResolutionTests(TestCase):
    def test_hint_resolves_to_the_hosts_of_live_instances(self):
        host, other = make_host("a"), make_host("b")
        running = make_instance(host=host)
        gone = make_instance(host=other, vm_state="deleted")
        fields = resolve_hints({"same_host": [running.uuid, gone.uuid, "unknown"]}, None)
        self.assertEqual(fields["same_host_ids"], frozenset({host.pk}))
