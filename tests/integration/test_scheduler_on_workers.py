"""The scheduler on real worker processes (make test runs these on SQLite and PostgreSQL):
concurrent boots never overcommit, a real spawn failure reschedules, server groups hold
under concurrent boots, and deleting gives every claim back."""
import subprocess
from pathlib import Path

from compute import services, states
from compute.models import Host, Instance, InstanceAction
from compute.quota_models import ProjectQuota
from scheduler import groups
from scheduler.models import Allocation
from tests.factories import make_flavor, make_image
from tests.integration.workers import RealWorkerTestCase

RAM = 256  # MB per instance


def room_for(host, instances, ratio=1.0):
    """Reserve a host's reported RAM down to `instances` of RAM MB each. The heartbeat
    refreshes memory_mb from libvirt but keeps reserved amounts and ratios."""
    host.refresh_from_db()
    reserved = host.memory_mb - int(instances * RAM / ratio) - 10
    Host.objects.filter(pk=host.pk).update(reserved_memory_mb=reserved,
                                           ram_allocation_ratio=ratio)


def settle(test, instances):
    """Until every instance is ACTIVE or ERROR with no task running; fresh rows."""
    def settled():
        rows = list(Instance.objects.filter(pk__in=[i.pk for i in instances]))
        if all(r.task_state is None and r.status in ("ACTIVE", "ERROR") for r in rows):
            return rows
        return None

    return test.wait_for(settled, "every boot to settle", timeout=120)


class SchedulerWorkerCase(RealWorkerTestCase):
    host_count = 2
    scheduler_concurrency = 6
    # Decide inside the database even on two hosts: the path big clouds take.
    scheduler_environment = {"SCHEDULER_IN_DATABASE_MIN_HOSTS": "0"}

    def setUp(self):
        super().setUp()
        ProjectQuota.objects.create(project_id="p", user_id="",
                                    limits={"instances": -1, "cores": -1, "ram": -1})
        self.flavor = make_flavor("m1.sched", vcpus=1, memory_mb=RAM, root_gb=1)
        self.image = make_image()

    def boot(self, count, name="vm", **kw):
        return services.create_instance(name=name, flavor=self.flavor, image=self.image,
                                        project_id="p", user_id="u", count=count, **kw)


class ConcurrentBootTests(SchedulerWorkerCase):
    def test_exactly_the_boots_that_fit_become_active(self):
        room_for(self.hosts[0], 3)
        room_for(self.hosts[1], 2)
        rows = settle(self, self.boot(12))
        active = [r for r in rows if r.status == "ACTIVE"]
        errors = [r for r in rows if r.status == "ERROR"]
        self.assertEqual((len(active), len(errors)), (5, 7))
        for row in errors:
            self.assertTrue(row.fault["message"].startswith("No valid host was found: 2 hosts;"),
                            row.fault)
            self.assertIn("ram excluded", row.fault["message"])
        for host in Host.objects.all():
            self.assertLessEqual(host.memory_mb_used, host.memory_mb_capacity, host.name)
            placed = Instance.objects.filter(host=host, vm_state=states.ACTIVE).count()
            self.assertEqual(host.memory_mb_used, placed * RAM)
        self.assertEqual(Allocation.objects.count(), 5)

    def test_deleting_gives_every_claim_back(self):
        booted = settle(self, self.boot(4))
        self.assertTrue(all(r.status == "ACTIVE" for r in booted))
        for row in booted:
            services.delete_instance(row)
        for row in booted:
            self.wait_for_status(row, "DELETED")
        for host in Host.objects.all():
            self.assertEqual((host.vcpus_used, host.memory_mb_used, host.local_gb_used),
                             (0, 0, 0), host.name)
        self.assertFalse(Allocation.objects.exists())


class RescheduleOnWorkersTests(SchedulerWorkerCase):
    """Host 0 spawns into an immutable INSTANCES_DIR (chattr +i stops root too): every
    spawn there fails for real, while the host registers and reports as usual."""

    scheduler_concurrency = 2
    broken_dir = None

    @classmethod
    def host_environment(cls, index, name):
        if index != 0:
            return {}
        cls.broken_dir = Path(cls.state_dir) / "immutable-instances"
        cls.broken_dir.mkdir()
        made = subprocess.run(["chattr", "+i", str(cls.broken_dir)], capture_output=True)
        cls.immutable = made.returncode == 0
        return {"INSTANCES_DIR": str(cls.broken_dir)}

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        if cls.broken_dir is not None:
            subprocess.run(["chattr", "-i", str(cls.broken_dir)], capture_output=True)

    def setUp(self):
        super().setUp()
        if not self.immutable:
            self.skipTest("chattr +i is not supported where the test state lives")

    def test_spawn_failure_reschedules_to_the_other_host(self):
        broken, healthy = self.hosts
        room_for(healthy, 2)  # the broken host weighs more: the first pick
        [instance] = self.boot(1)
        instance = self.wait_for_status(instance, "ACTIVE")
        self.assertEqual((instance.host_id, instance.tried_hosts), (healthy.pk, [broken.name]))
        events = list(InstanceAction.objects.get(instance=instance, action="create")
                      .events.order_by("start_time", "id").values_list("event", "result", "host"))
        self.assertEqual(events, [
            ("scheduler_schedule_instance", "Success", ""),
            ("compute_spawn_domain", "Error", broken.name),
            ("scheduler_schedule_instance", "Success", ""),
            ("compute_spawn_domain", "Success", healthy.name),
            ("compute_mark_active", "Success", healthy.name)])
        first, second = instance.scheduling_decisions.order_by("attempt")
        self.assertEqual((first.chosen_host, second.chosen_host), (broken.name, healthy.name))
        broken.refresh_from_db()
        self.assertEqual(broken.memory_mb_used, 0)
        self.assertEqual(Allocation.objects.get().host_id, healthy.pk)


class ServerGroupOnWorkersTests(SchedulerWorkerCase):
    def group(self, policy):
        return groups.create_server_group(name=policy, policy=policy, project_id="p")

    def test_anti_affinity_spreads_concurrent_boots_and_refuses_a_third(self):
        group = self.group("anti-affinity")
        rows = settle(self, self.boot(3, scheduler_hints={"group": group.uuid}))
        active = [r for r in rows if r.status == "ACTIVE"]
        [refused] = [r for r in rows if r.status == "ERROR"]
        self.assertEqual(len({r.host_id for r in active}), 2)
        self.assertIn("server_group_anti_affinity excluded", refused.fault["message"])

    def test_affinity_stacks_concurrent_boots_on_one_host(self):
        group = self.group("affinity")
        rows = settle(self, self.boot(4, scheduler_hints={"group": group.uuid}))
        self.assertTrue(all(r.status == "ACTIVE" for r in rows), [r.fault for r in rows])
        self.assertEqual(len({r.host_id for r in rows}), 1)
