"""Builds that do not go straight: deleted mid-way, spawn failures, reschedules, timeouts."""
from datetime import timedelta

from django.test import TestCase, override_settings
from django.utils import timezone

from compute import host_state, services, states, steps, tasks
from compute.drivers import get_driver
from compute.drivers.base import DriverError
from compute.models import Instance
from scheduler import claims
from scheduler.models import Allocation
from tests.drivers import SpawnFailingDriver
from tests.eager import EagerFlowMixin
from tests.factories import make_flavor, make_host, make_image


class BuildFailureTests(EagerFlowMixin, TestCase):
    def setUp(self):
        super().setUp()
        self.hosts = [make_host(f"bf-host-{i}") for i in range(3)]
        self.flavor = make_flavor("m1.bf", vcpus=1, memory_mb=512, root_gb=1)
        self.image = make_image()

    def create_failing(self):
        """Boot where a spawn fails: eagerly, the failed task's error surfaces here after its
        failure handling (and any reschedule) has run, as a worker would log it."""
        with self.assertRaises(DriverError):
            self.create()
        return Instance.objects.get()

    def create(self, execute=True):
        with self.captureOnCommitCallbacks(execute=execute) as callbacks:
            [instance] = services.create_instance(
                name="vm", flavor=self.flavor, image=self.image, project_id="p", user_id="u")
        return instance, callbacks

    def assert_no_usage(self):
        self.assertFalse(Allocation.objects.exists())
        for host in self.hosts:
            host.refresh_from_db()
            self.assertEqual((host.vcpus_used, host.memory_mb_used, host.local_gb_used),
                             (0, 0, 0))

    def test_delete_while_scheduling_wins_and_the_boot_stands_down(self):
        instance, boot_callbacks = self.create(execute=False)
        with self.captureOnCommitCallbacks(execute=True):
            services.delete_instance(instance)
        for callback in boot_callbacks:
            callback()  # the boot message arrives after the delete
        instance.refresh_from_db()
        self.assertEqual(instance.status, "DELETED")
        self.assert_no_usage()

    def test_delete_after_spawn_before_mark_active_leaves_no_domain(self):
        instance, _ = self.create(execute=False)
        self.assertTrue(claims.claim(instance, self.hosts[0]))
        states.scheduled(instance.uuid, self.hosts[0], "nova")
        tasks.spawn_domain(instance.uuid, "req-1")
        with self.captureOnCommitCallbacks(execute=True):
            services.delete_instance(Instance.objects.get(pk=instance.pk))
        tasks.mark_active(instance.uuid, "req-1")
        instance.refresh_from_db()
        self.assertEqual(instance.status, "DELETED")
        self.assertNotIn(instance.uuid, [d.uuid for d in get_driver().list_domains()])
        self.assert_no_usage()

    def test_spawn_late_after_delete_is_cleaned_up_by_mark_active(self):
        instance, _ = self.create(execute=False)
        claims.claim(instance, self.hosts[0])
        states.scheduled(instance.uuid, self.hosts[0], "nova")
        with self.captureOnCommitCallbacks(execute=True):
            services.delete_instance(Instance.objects.get(pk=instance.pk))
        get_driver().spawn(steps.spec(Instance.objects.get(pk=instance.pk)))  # a late spawn
        tasks.mark_active(instance.uuid, "req-1")
        self.assertNotIn(instance.uuid, [d.uuid for d in get_driver().list_domains()])

    def test_spawn_failure_reschedules_to_another_host(self):
        driver = self.use_driver(SpawnFailingDriver(failures=1))
        instance = self.create_failing()
        self.assertEqual(instance.status, "ACTIVE")
        self.assertEqual(driver.spawn_attempts, 2)
        self.assertEqual(len(instance.tried_hosts), 1)
        self.assertNotEqual(instance.host.name, instance.tried_hosts[0])
        results = [e.result for e in instance.actions.get().events.filter(
            event="compute_spawn_domain")]
        self.assertEqual(results, ["Error", "Success"])

    def test_spawn_failing_everywhere_ends_in_error_with_claims_released(self):
        self.use_driver(SpawnFailingDriver(failures=10))
        instance = self.create_failing()
        self.assertEqual(instance.status, "ERROR")
        self.assertIn("Exceeded maximum number of retries", instance.fault["message"])
        self.assertIn("injected spawn failure", instance.fault["message"])
        self.assertEqual(instance.scheduling_attempts, 3)
        self.assertEqual(len(set(instance.tried_hosts)), 3)
        self.assert_no_usage()
        self.assertEqual(instance.actions.get().message, "Error")

    def test_missing_image_file_is_a_real_spawn_failure(self):
        import os

        os.unlink(self.image.path)
        instance = self.create_failing()
        self.assertEqual(instance.status, "ERROR")
        self.assertEqual(instance.fault["code"], 500)
        self.assert_no_usage()

    @override_settings(BUILD_TIMEOUT=60)
    def test_stuck_build_expires_to_error_naming_the_state(self):
        instance, _ = self.create(execute=False)
        Instance.objects.filter(pk=instance.pk).update(
            task_state_updated_at=timezone.now() - timedelta(seconds=120))
        self.assertEqual(host_state.expire_stuck_tasks(), [instance.uuid])
        instance.refresh_from_db()
        self.assertEqual(instance.status, "ERROR")
        self.assertIn("task_state scheduling", instance.fault["message"])
