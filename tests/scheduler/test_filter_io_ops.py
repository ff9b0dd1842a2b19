"""I/O operations filter: a host with max_io_ops_per_host builds in flight is busy."""
from django.test import SimpleTestCase, TestCase, override_settings

from compute import states
from scheduler.filters.io_ops import IoOpsFilter
from scheduler.hosts import load_hosts
from tests.factories import make_host, make_instance
from tests.scheduler.snapshots import make_host_state, make_spec


class IoOpsFilterTests(SimpleTestCase):
    def test_default_limit_is_eight(self):
        self.assertTrue(IoOpsFilter().host_passes(make_host_state(num_io_ops=7),
                                                  make_spec()).passed)
        result = IoOpsFilter().host_passes(make_host_state(num_io_ops=8), make_spec())
        self.assertEqual((result.passed, result.detail),
                         (False, "io_ops: 8 I/O operations in flight, max 8"))

    @override_settings(SCHEDULER_MAX_IO_OPS_PER_HOST=1)
    def test_limit_comes_from_settings(self):
        self.assertFalse(IoOpsFilter().host_passes(make_host_state(num_io_ops=1),
                                                   make_spec()).passed)


class IoOpsLoadingTests(TestCase):
    def test_builds_and_io_heavy_tasks_count_and_idle_instances_do_not(self):
        host = make_host("h")
        make_instance(host=host, vm_state=states.BUILDING, task_state=states.Task.SPAWNING)
        make_instance(host=host, task_state=states.Task.IMAGE_SNAPSHOT)
        make_instance(host=host, task_state=states.Task.RESIZE_MIGRATING)
        make_instance(host=host)
        make_instance(host=host, task_state=states.Task.REBOOTING)
        [loaded] = load_hosts()
        self.assertEqual((loaded.num_io_ops, loaded.num_instances), (3, 5))
