"""Per-host instance counts (HostLoad) kept by database triggers: exact through creates,
state changes, moves and deletes; the I/O list agrees with compute.hosts; audited."""
from django.test import TestCase

from compute import states
from compute.hosts import WORKLOAD_TASK_STATES, instance_counts
from compute.models import Instance
from scheduler import load
from scheduler.hosts import load_hosts
from scheduler.models import HostLoad
from tests.factories import make_host, make_instance

TASK_STATES = [None] + sorted(value for name, value in vars(states.Task).items()
                              if name.isupper() and isinstance(value, str))


def kept():
    return {row.host_id: (row.instances, row.io_ops) for row in HostLoad.objects.all()
            if row.instances or row.io_ops}


class HostLoadTests(TestCase):
    def setUp(self):
        self.a, self.b = make_host("a"), make_host("b")

    def test_every_task_state_counts_as_compute_hosts_says(self):
        for task_state in TASK_STATES:
            make_instance(host=self.a, vm_state=states.ACTIVE, task_state=task_state)
        busy = sum(1 for t in TASK_STATES if t in WORKLOAD_TASK_STATES)
        self.assertEqual(kept(), {self.a.pk: (len(TASK_STATES), busy)})
        self.assertEqual(kept(), load.recount())

    def test_builds_count_as_io_until_they_end(self):
        vm = make_instance(host=self.a, vm_state=states.BUILDING,
                           task_state=states.Task.SPAWNING)
        self.assertEqual(kept(), {self.a.pk: (1, 1)})
        self.assertTrue(states.built(vm.uuid))
        self.assertEqual(kept(), {self.a.pk: (1, 0)})

    def test_moves_deletes_and_unplaced_instances(self):
        vm = make_instance(host=self.a)
        make_instance(host=None)
        Instance.objects.filter(pk=vm.pk).update(host=self.b)
        self.assertEqual(kept(), {self.b.pk: (1, 0)})
        Instance.objects.filter(pk=vm.pk).update(vm_state=states.DELETED)
        self.assertEqual(kept(), {})
        other = make_instance(host=self.a, task_state=states.Task.REBUILDING)
        other.display_name = "renamed"
        other.save()  # a save of every column, none of them moved it
        self.assertEqual(kept(), {self.a.pk: (1, 1)})
        other.delete()
        self.assertEqual(kept(), {})

    def test_host_snapshots_and_hypervisor_counts_read_them(self):
        make_instance(host=self.a, vm_state=states.BUILDING)
        make_instance(host=self.a, vm_state=states.STOPPED)
        by_name = {h.name: h for h in load_hosts()}
        self.assertEqual((by_name["a"].num_instances, by_name["a"].num_io_ops), (2, 1))
        self.assertEqual((by_name["b"].num_instances, by_name["b"].num_io_ops), (0, 0))
        self.assertEqual(instance_counts(), {self.a.pk: (2, 1)})

    def test_audit_heals_drift(self):
        make_instance(host=self.a)
        HostLoad.objects.filter(host=self.a).update(instances=7, io_ops=3)
        HostLoad.objects.create(host=self.b, instances=1)
        self.assertEqual(load.audit(), [(self.a.pk, (7, 3), (1, 0)), (self.b.pk, (1, 0), (0, 0))])
        self.assertEqual(kept(), {self.a.pk: (1, 0)})
        self.assertEqual(load.audit(), [])
