"""Loading host snapshots: a constant number of queries, whatever the number of hosts."""
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from compute import states
from scheduler import aggregates, build_failures
from scheduler.hosts import load_hosts
from tests.factories import make_host, make_instance


class LoadHostsTests(TestCase):
    def populate(self, count):
        zone = aggregates.create_aggregate(f"zone-{count}", availability_zone=f"z{count}")
        for i in range(count):
            host = make_host(f"h{count}-{i:03}")
            make_instance(host=host, vm_state=states.BUILDING,
                          task_state=states.Task.SPAWNING)
            aggregates.add_host(zone, host)
            build_failures.record_failure(host.pk)

    def queries_to_load(self):
        with CaptureQueriesContext(connection) as queries:
            loaded = load_hosts()
        return len(queries), loaded

    def test_query_count_does_not_grow_with_hosts(self):
        self.populate(3)
        few, _ = self.queries_to_load()
        self.populate(40)
        many, loaded = self.queries_to_load()
        self.assertEqual(few, many)
        self.assertLessEqual(many, 4)
        self.assertEqual(len(loaded), 43)

    def test_snapshot_carries_everything_filters_read(self):
        self.populate(1)
        [host] = load_hosts()
        self.assertEqual((host.name, host.availability_zone, host.num_instances,
                          host.num_io_ops, host.failed_builds, host.aggregates),
                         ("h1-000", "z1", 1, 1, 1, ({"availability_zone": "z1"},)))
