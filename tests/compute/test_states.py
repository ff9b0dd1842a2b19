"""The state table and the compare-and-swap transitions."""
from django.test import TestCase

from compute import states
from compute.specs import PowerState
from tests.factories import make_instance


class StatusTableTests(TestCase):
    def test_active_without_task_is_active(self):
        self.assertEqual(states.status_from_state("active"), "ACTIVE")

    def test_building_is_build_whatever_the_task(self):
        self.assertEqual(states.status_from_state("building", "spawning"), "BUILD")

    def test_soft_and_hard_reboot_statuses(self):
        self.assertEqual(states.status_from_state("active", "rebooting"), "REBOOT")
        self.assertEqual(states.status_from_state("active", "rebooting_hard"), "HARD_REBOOT")

    def test_stopped_is_shutoff(self):
        self.assertEqual(states.status_from_state("stopped"), "SHUTOFF")

    def test_stopped_resizing_is_resize(self):
        self.assertEqual(states.status_from_state("stopped", "resize_prep"), "RESIZE")

    def test_paused_suspended_error_deleted(self):
        self.assertEqual(states.status_from_state("paused"), "PAUSED")
        self.assertEqual(states.status_from_state("suspended"), "SUSPENDED")
        self.assertEqual(states.status_from_state("error"), "ERROR")
        self.assertEqual(states.status_from_state("error", "rebuilding"), "REBUILD")
        self.assertEqual(states.status_from_state("deleted"), "DELETED")
        self.assertEqual(states.status_from_state("soft-delete"), "SOFT_DELETED")

    def test_resized_and_revert(self):
        self.assertEqual(states.status_from_state("resized"), "VERIFY_RESIZE")
        self.assertEqual(states.status_from_state("resized", "resize_reverting"),
                         "REVERT_RESIZE")

    def test_unknown_vm_state_is_unknown(self):
        self.assertEqual(states.status_from_state("bogus"), "UNKNOWN")

    def test_status_inverts_to_states(self):
        self.assertIn(("stopped", None), states.states_from_status("SHUTOFF"))
        pairs = dict(states.states_from_status("REBOOT"))
        self.assertEqual(set(pairs["active"]),
                         {"rebooting", "reboot_pending", "reboot_started"})


class AllowedSourcesTests(TestCase):
    """Nova's check_instance_state table."""

    def test_soft_reboot_only_from_active(self):
        self.assertEqual(states.ACTIONS["reboot"].allowed, ("active",))

    def test_hard_reboot_sources(self):
        self.assertEqual(set(states.ACTIONS["reboot_hard"].allowed),
                         {"active", "stopped", "paused", "suspended", "error"})

    def test_stop_from_active_or_error(self):
        self.assertEqual(set(states.ACTIONS["stop"].allowed), {"active", "error"})


class TransitionTests(TestCase):
    def test_begin_sets_transitional_task_state(self):
        instance = states.begin(make_instance(), "stop")
        self.assertEqual(instance.task_state, "powering-off")
        self.assertEqual(instance.status, "ACTIVE")

    def test_begin_from_wrong_vm_state_raises_nova_message(self):
        instance = make_instance(vm_state=states.STOPPED, power_state=4)
        with self.assertRaises(states.InstanceInvalidState) as ctx:
            states.begin(instance, "stop")
        self.assertEqual(str(ctx.exception), f"Cannot 'stop' instance {instance.uuid} while "
                         "it is in vm_state stopped")

    def test_begin_while_task_running_raises(self):
        instance = make_instance(task_state="rebooting")
        with self.assertRaisesRegex(states.InstanceInvalidState, "task_state rebooting"):
            states.begin(instance, "pause")

    def test_second_begin_loses(self):
        instance = make_instance()
        states.begin(instance, "pause")
        with self.assertRaises(states.InstanceInvalidState):
            states.begin(instance, "suspend")

    def test_hard_reboot_message_says_reboot(self):
        instance = make_instance(vm_state=states.BUILDING, task_state=None)
        with self.assertRaisesRegex(states.InstanceInvalidState, "Cannot 'reboot'"):
            states.begin(instance, "reboot_hard")

    def test_finish_moves_to_result_state(self):
        instance = states.begin(make_instance(), "stop")
        self.assertTrue(states.finish(instance.uuid, "stop", PowerState.SHUTDOWN))
        instance.refresh_from_db()
        self.assertEqual((instance.vm_state, instance.task_state, instance.power_state),
                         ("stopped", None, 4))

    def test_finish_after_delete_preempted_does_nothing(self):
        instance = states.begin(make_instance(), "stop")
        states.begin_delete(instance)
        self.assertFalse(states.finish(instance.uuid, "stop"))
        instance.refresh_from_db()
        self.assertEqual(instance.task_state, "deleting")

    def test_delete_allowed_from_any_state(self):
        for vm_state, task in [("building", "spawning"), ("error", None), ("active", "pausing")]:
            instance = states.begin_delete(make_instance(vm_state=vm_state, task_state=task))
            self.assertEqual(instance.task_state, "deleting")

    def test_errored_does_not_override_deleting(self):
        instance = states.begin_delete(make_instance())
        self.assertFalse(states.errored(instance.uuid, {"message": "x"}))

    def test_power_sync_skips_instances_with_a_task(self):
        instance = make_instance(task_state="pausing")
        self.assertFalse(states.power_synced(instance.uuid, "stopped", PowerState.SHUTDOWN))
