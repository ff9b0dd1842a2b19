"""Reschedule and release, through the whole boot chain: each attempt leaves an event and
a decision, the failed host is excluded and remembered, and claims always come back."""
from django.test import TestCase, override_settings

from compute import services as compute_services
from compute.models import Host, Instance
from scheduler.models import Allocation, BuildStats
from tests.drivers import SpawnFailingDriver
from tests.eager import EagerFlowMixin
from tests.factories import make_flavor, make_host, make_image


class RescheduleTests(EagerFlowMixin, TestCase):
    def setUp(self):
        super().setUp()
        self.hosts = [make_host(f"rs-host-{i}") for i in range(3)]
        self.flavor = make_flavor("m1.rs", vcpus=1, memory_mb=512, root_gb=1)
        self.image = make_image()

    def boot(self, failures=0):
        self.use_driver(SpawnFailingDriver(failures=failures))
        try:
            with self.captureOnCommitCallbacks(execute=True):
                compute_services.create_instance(name="vm", flavor=self.flavor,
                                                 image=self.image, project_id="p",
                                                 user_id="u")
        except Exception:  # eagerly, the failed spawn's error surfaces after its handling
            pass
        return Instance.objects.latest("id")

    def test_each_attempt_leaves_an_event_and_a_decision(self):
        instance = self.boot(failures=1)
        self.assertEqual(instance.status, "ACTIVE")
        events = [(e.event, e.result) for e in instance.actions.get().events.all()]
        self.assertEqual(events, [
            ("scheduler_schedule_instance", "Success"), ("compute_spawn_domain", "Error"),
            ("scheduler_schedule_instance", "Success"), ("compute_spawn_domain", "Success"),
            ("compute_mark_active", "Success")])
        first, second = instance.scheduling_decisions.order_by("attempt")
        self.assertEqual((first.attempt, second.attempt), (1, 2))
        [retry] = [e for e in second.filters if e["filter"] == "retry"]
        self.assertEqual([r["host"] for r in retry["rejected"]], [first.chosen_host])
        self.assertNotEqual(second.chosen_host, first.chosen_host)

    def test_failed_host_is_remembered_and_avoided_by_the_next_boot(self):
        failed = self.boot(failures=1).tried_hosts[0]
        self.assertEqual(BuildStats.objects.get(host__name=failed).failed_builds, 1)
        self.assertNotEqual(self.boot().host.name, failed)

    def test_a_successful_build_forgives_the_host(self):
        failing = self.boot(failures=1)
        Host.objects.exclude(name=failing.tried_hosts[0]).update(enabled=False)
        self.boot()
        self.assertEqual(BuildStats.objects.get().failed_builds, 0)

    @override_settings(SCHEDULER_MAX_ATTEMPTS=2)
    def test_attempts_come_from_settings(self):
        instance = self.boot(failures=10)
        self.assertEqual((instance.status, instance.scheduling_attempts), ("ERROR", 2))
        self.assertEqual(instance.scheduling_decisions.count(), 2)
        self.assertFalse(Allocation.objects.exists())


class ReleaseAfterDeleteTests(EagerFlowMixin, TestCase):
    def test_usage_returns_to_zero_after_deleting_every_instance(self):
        hosts = [make_host(f"rel-host-{i}") for i in range(2)]
        flavor, image = make_flavor("m1.rel", vcpus=2, memory_mb=1024, root_gb=2), make_image()
        with self.captureOnCommitCallbacks(execute=True):
            booted = compute_services.create_instance(name="vm", flavor=flavor, image=image,
                                                      project_id="p", user_id="u", count=4)
        for instance in booted:
            with self.captureOnCommitCallbacks(execute=True):
                compute_services.delete_instance(Instance.objects.get(pk=instance.pk))
        for host in hosts:
            host.refresh_from_db()
            self.assertEqual((host.vcpus_used, host.memory_mb_used, host.local_gb_used),
                             (0, 0, 0))
        self.assertFalse(Allocation.objects.exists())
