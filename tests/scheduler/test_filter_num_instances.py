"""Number-of-instances filter: a host at max_instances_per_host takes no more."""
from django.test import SimpleTestCase, TestCase, override_settings

from compute import states
from scheduler.filters.num_instances import NumInstancesFilter
from scheduler.hosts import load_hosts
from tests.factories import make_host, make_instance
from tests.scheduler.snapshots import make_host_state, make_spec


class NumInstancesFilterTests(SimpleTestCase):
    def test_default_limit_is_fifty(self):
        flt = NumInstancesFilter()
        self.assertTrue(flt.host_passes(make_host_state(num_instances=49), make_spec()).passed)
        result = flt.host_passes(make_host_state(num_instances=50), make_spec())
        self.assertEqual((result.passed, result.detail),
                         (False, "num_instances: 50 instances, max 50"))

    @override_settings(SCHEDULER_MAX_INSTANCES_PER_HOST=2)
    def test_limit_comes_from_settings(self):
        self.assertFalse(NumInstancesFilter().host_passes(make_host_state(num_instances=2),
                                                          make_spec()).passed)


class InstanceCountLoadingTests(TestCase):
    def test_live_instances_are_counted_and_deleted_ones_are_not(self):
        host = make_host("h")
        make_instance(host=host)
        make_instance(host=host, vm_state=states.STOPPED)
        make_instance(host=host, vm_state=states.DELETED)
        make_instance(host=None)
        [loaded] = load_hosts()
        self.assertEqual(loaded.num_instances, 2)
