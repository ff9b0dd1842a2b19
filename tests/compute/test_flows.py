"""Whole lifecycle flows through the services, chains run eagerly on libvirt test:///default."""
from django.test import TestCase, override_settings

from compute import services, states
from compute.drivers import get_driver
from compute.models import Instance
from compute.specs import PowerState
from scheduler.models import Allocation
from tests.eager import EagerFlowMixin
from tests.factories import make_flavor, make_host, make_image


class FlowTestCase(EagerFlowMixin, TestCase):
    def setUp(self):
        super().setUp()
        self.host = make_host("flow-host")
        self.flavor = make_flavor("m1.flow", vcpus=2, memory_mb=1024, root_gb=1)
        self.image = make_image()

    def boot(self, **kw):
        with self.captureOnCommitCallbacks(execute=True):
            [instance] = services.create_instance(
                name="vm", flavor=self.flavor, image=self.image, project_id="p",
                user_id="u", **kw)
        instance.refresh_from_db()
        return instance

    def act(self, service, instance, **kw):
        with self.captureOnCommitCallbacks(execute=True):
            getattr(services, service)(instance, **kw)
        instance.refresh_from_db()
        return instance

    def domain_state(self, instance):
        found = {d.uuid: d.power_state for d in get_driver().list_domains()}
        return found.get(instance.uuid)

    def events(self, instance, action):
        act = instance.actions.get(action=action)
        return [(e.event, e.result) for e in act.events.all()]


class BootFlowTests(FlowTestCase):
    def test_boot_reaches_active_on_the_claimed_host(self):
        instance = self.boot()
        self.assertEqual((instance.status, instance.power_state), ("ACTIVE", 1))
        self.assertEqual(instance.host, self.host)
        self.assertIsNotNone(instance.launched_at)
        self.assertEqual(self.domain_state(instance), PowerState.RUNNING)

    def test_boot_records_one_event_per_step(self):
        instance = self.boot()
        self.assertEqual(self.events(instance, "create"), [
            ("scheduler_schedule_instance", "Success"), ("compute_spawn_domain", "Success"),
            ("compute_mark_active", "Success")])
        self.assertIsNotNone(instance.actions.get(action="create").finish_time)

    def test_boot_claims_flavor_resources(self):
        self.boot()
        self.host.refresh_from_db()
        self.assertEqual((self.host.vcpus_used, self.host.memory_mb_used, self.host.local_gb_used),
                         (2, 1024, 1))

    @override_settings(QUOTA_RAM=-1)  # let the scheduler, not the quota, refuse
    def test_boot_without_room_goes_to_error_with_reason(self):
        self.flavor.memory_mb = 10**6
        self.flavor.save()
        instance = self.boot()
        self.assertEqual(instance.status, "ERROR")
        self.assertIn("No valid host was found", instance.fault["message"])
        self.assertIn("1000000 MB RAM", instance.fault["message"])
        self.assertFalse(Allocation.objects.exists())

    def test_boot_with_no_host_up_says_so(self):
        self.host.last_heartbeat = None
        self.host.save()
        instance = self.boot()
        self.assertIn("No compute host is enabled and up", instance.fault["message"])


class LifecycleFlowTests(FlowTestCase):
    def setUp(self):
        super().setUp()
        self.instance = self.boot()

    def assert_state(self, status, power_state):
        self.assertEqual((self.instance.status, self.instance.task_state), (status, None))
        self.assertEqual(self.instance.power_state, power_state)
        self.assertEqual(self.domain_state(self.instance), power_state)

    def test_stop_then_start(self):
        self.act("stop_instance", self.instance)
        self.assert_state("SHUTOFF", PowerState.SHUTDOWN)
        self.act("start_instance", self.instance)
        self.assert_state("ACTIVE", PowerState.RUNNING)

    def test_soft_reboot_records_its_steps(self):
        self.act("reboot_instance", self.instance)
        self.assert_state("ACTIVE", PowerState.RUNNING)
        self.assertEqual(self.events(self.instance, "reboot"), [
            ("compute_reboot_domain", "Success"), ("compute_complete_action", "Success")])

    def test_hard_reboot_from_stopped(self):
        self.act("stop_instance", self.instance)
        self.act("reboot_instance", self.instance, hard=True)
        self.assert_state("ACTIVE", PowerState.RUNNING)

    def test_pause_then_unpause(self):
        self.act("pause_instance", self.instance)
        self.assert_state("PAUSED", PowerState.PAUSED)
        self.act("unpause_instance", self.instance)
        self.assert_state("ACTIVE", PowerState.RUNNING)

    def test_suspend_then_resume(self):
        self.act("suspend_instance", self.instance)
        self.assert_state("SUSPENDED", PowerState.SUSPENDED)
        self.act("resume_instance", self.instance)
        self.assert_state("ACTIVE", PowerState.RUNNING)

    def test_delete_removes_domain_and_releases_claim(self):
        self.act("delete_instance", self.instance)
        self.assertEqual(self.instance.status, "DELETED")
        self.assertIsNone(self.domain_state(self.instance))
        self.host.refresh_from_db()
        self.assertEqual((self.host.vcpus_used, self.host.memory_mb_used), (0, 0))
        self.assertEqual(self.events(self.instance, "delete"), [
            ("compute_destroy_domain", "Success"), ("compute_release_resources", "Success"),
            ("compute_mark_deleted", "Success")])

    def test_delete_of_paused_instance(self):
        self.act("pause_instance", self.instance)
        self.act("delete_instance", self.instance)
        self.assertEqual(self.instance.status, "DELETED")


class ConflictTests(FlowTestCase):
    """Nova's 409s: the loser of a transition changes nothing."""

    def setUp(self):
        super().setUp()
        self.instance = self.boot()

    def assert_conflict(self, service, message, **kw):
        with self.assertRaisesRegex(states.InstanceInvalidState, message):
            getattr(services, service)(self.instance, **kw)

    def test_start_of_active_conflicts(self):
        self.assert_conflict("start_instance", "Cannot 'start' instance .* vm_state active")

    def test_stop_of_stopped_conflicts(self):
        self.act("stop_instance", self.instance)
        self.assert_conflict("stop_instance", "vm_state stopped")

    def test_soft_reboot_of_stopped_conflicts(self):
        self.act("stop_instance", self.instance)
        self.assert_conflict("reboot_instance", "Cannot 'reboot' instance")

    def test_unpause_of_active_and_resume_of_active_conflict(self):
        self.assert_conflict("unpause_instance", "vm_state active")
        self.assert_conflict("resume_instance", "vm_state active")

    def test_pause_of_suspended_conflicts(self):
        self.act("suspend_instance", self.instance)
        self.assert_conflict("pause_instance", "vm_state suspended")

    def test_action_during_a_task_conflicts_on_task_state(self):
        states.begin(self.instance, "pause")
        self.assert_conflict("stop_instance", "task_state pausing")

    def test_conflict_records_no_action(self):
        self.act("stop_instance", self.instance)
        with self.assertRaises(states.InstanceInvalidState):
            services.stop_instance(self.instance)
        self.assertEqual(self.instance.actions.filter(action="stop").count(), 1)

    def test_locked_instance_refuses_non_admin(self):
        Instance.objects.filter(pk=self.instance.pk).update(locked=True)
        self.instance.refresh_from_db()
        with self.assertRaises(states.InstanceLocked):
            services.stop_instance(self.instance, is_admin=False)


class RefusalTests(FlowTestCase):
    """Requests that cannot be honoured change nothing and say why."""

    @override_settings(QUOTA_RAM=-1)  # let the scheduler, not the quota, refuse
    def test_stop_of_error_instance_that_never_got_a_host_is_not_ready(self):
        self.flavor.memory_mb = 10**6
        self.flavor.save()
        instance = self.boot()
        with self.assertRaisesRegex(states.InstanceNotReady, "is not ready"):
            services.stop_instance(instance)
        instance.refresh_from_db()
        self.assertEqual((instance.status, instance.task_state), ("ERROR", None))

    def test_deleting_a_deleted_instance_is_not_found(self):
        instance = self.act("delete_instance", self.boot())
        with self.assertRaises(services.NotFound):
            services.delete_instance(instance)
        self.assertEqual(instance.actions.filter(action="delete").count(), 1)

    def test_reset_of_deleted_instance_is_not_found(self):
        instance = self.act("delete_instance", self.boot())
        with self.assertRaises(services.NotFound):
            services.reset_state(instance, "active")
        self.assertFalse(instance.actions.filter(action="resetState").exists())

    def test_reset_state_clears_task_and_records_it(self):
        instance = self.boot()
        states.begin(instance, "pause")
        services.reset_state(instance, "error")
        instance.refresh_from_db()
        self.assertEqual((instance.vm_state, instance.task_state), ("error", None))
        self.assertIn("from active/pausing", instance.actions.get(action="resetState").message)

    def test_count_below_one_is_refused(self):
        with self.assertRaises(services.InvalidRequest):
            services.create_instance(name="x", flavor=self.flavor, image=self.image,
                                     project_id="p", user_id="u", count=0)

    def test_flavor_too_small_for_image_is_refused_before_any_row(self):
        self.image.min_ram = 4096
        self.image.save()
        with self.assertRaisesRegex(services.InvalidRequest, "memory is too small"):
            services.create_instance(name="x", flavor=self.flavor, image=self.image,
                                     project_id="p", user_id="u")
        self.assertFalse(Instance.objects.exists())
