"""Soft delete, restore, force delete and reclaim (compute.deletes), and injectNetworkInfo,
chains run eagerly on libvirt test:///default."""
from datetime import timedelta

from django.test import TestCase, override_settings
from django.utils import timezone

from compute import deletes, network_injection, quotas, states
from compute.drivers import get_driver
from compute.drivers.base import DomainNotFound
from compute.lifecycle_tasks import reclaim_soft_deleted
from compute.models import Instance
from compute.specs import PowerState, instance_spec
from tests.compute.test_flows import FlowTestCase
from tests.factories import make_host, make_instance


def _age(instance, seconds):
    Instance.objects.filter(pk=instance.pk).update(
        deleted_at=timezone.now() - timedelta(seconds=seconds))


@override_settings(RECLAIM_INSTANCE_INTERVAL=3600)
class SoftDeleteFlowTests(FlowTestCase):
    def call(self, function, instance, **kw):
        with self.captureOnCommitCallbacks(execute=True):
            function(instance, **kw)
        instance.refresh_from_db()
        return instance

    def test_delete_powers_off_and_keeps_the_server(self):
        instance = self.call(deletes.request_delete, self.boot())
        self.assertEqual((instance.status, instance.vm_state, instance.task_state),
                         ("SOFT_DELETED", states.SOFT_DELETED, None))
        self.assertEqual(instance.power_state, PowerState.SHUTDOWN)
        self.assertEqual(self.domain_state(instance), PowerState.SHUTDOWN)
        self.assertIsNotNone(instance.deleted_at)
        self.host.refresh_from_db()
        self.assertEqual(self.host.vcpus_used, 2)  # the claim stays
        self.assertEqual(self.events(instance, "delete"),
                         [("compute_soft_delete_domain", "Success"),
                          ("compute_complete_action", "Success")])

    def test_restore_brings_it_back_active_and_running(self):
        instance = self.call(deletes.request_delete, self.boot())
        instance = self.call(deletes.restore_instance, instance)
        self.assertEqual((instance.status, instance.power_state), ("ACTIVE", 1))
        self.assertIsNone(instance.deleted_at)
        self.assertEqual(self.domain_state(instance), PowerState.RUNNING)
        self.assertEqual(self.events(instance, "restore"),
                         [("compute_power_on_domain", "Success"),
                          ("compute_complete_action", "Success")])

    def test_restore_of_active_server_conflicts(self):
        with self.assertRaisesMessage(states.InstanceInvalidState,
                                      "Cannot 'restore' instance"):
            deletes.restore_instance(self.boot())

    def test_force_delete_deletes_a_soft_deleted_server_now(self):
        instance = self.call(deletes.request_delete, self.boot())
        instance = self.call(deletes.force_delete_instance, instance)
        self.assertEqual(instance.vm_state, states.DELETED)
        self.assertIsNone(self.domain_state(instance))
        self.host.refresh_from_db()
        self.assertEqual(self.host.vcpus_used, 0)

    def test_deleting_again_restarts_the_grace_period(self):
        instance = self.call(deletes.request_delete, self.boot())
        _age(instance, 100)
        instance = self.call(deletes.request_delete, instance)
        self.assertEqual(instance.vm_state, states.SOFT_DELETED)
        self.assertLess(timezone.now() - instance.deleted_at, timedelta(seconds=10))

    def test_soft_delete_of_stopped_and_of_paused_servers(self):
        stopped = self.call(deletes.request_delete, self.act("stop_instance", self.boot()))
        paused = self.call(deletes.request_delete, self.act("pause_instance", self.boot()))
        self.assertEqual((stopped.status, paused.status), ("SOFT_DELETED", "SOFT_DELETED"))
        self.assertEqual(self.domain_state(paused), PowerState.SHUTDOWN)

    def test_soft_delete_of_a_server_without_domain_still_completes(self):
        instance = self.boot()
        get_driver().destroy(instance_spec(instance, "/nonexistent"))
        instance = self.call(deletes.request_delete, instance)
        self.assertEqual(instance.status, "SOFT_DELETED")

    def test_reclaim_deletes_only_servers_past_the_interval(self):
        old = self.call(deletes.request_delete, self.boot())
        young = self.call(deletes.request_delete, self.boot())
        _age(old, 3601)
        with self.captureOnCommitCallbacks(execute=True):
            reclaimed = reclaim_soft_deleted()
        old.refresh_from_db()
        young.refresh_from_db()
        self.assertEqual(reclaimed, [old.uuid])
        self.assertEqual((old.vm_state, young.vm_state), (states.DELETED, states.SOFT_DELETED))
        self.assertIsNone(self.domain_state(old))
        self.assertEqual(old.actions.filter(action="delete").count(), 2)

    def test_reclaim_leaves_a_server_being_restored(self):
        instance = self.call(deletes.request_delete, self.boot())
        _age(instance, 4000)
        with self.captureOnCommitCallbacks(execute=False):  # restore chain not yet run
            deletes.restore_instance(instance)
        self.assertEqual(deletes.reclaim_expired(), [])

    def test_server_still_building_is_deleted_at_once(self):
        building = make_instance(vm_state=states.BUILDING, task_state=states.Task.SCHEDULING)
        building = self.call(deletes.request_delete, building)
        self.assertEqual(building.vm_state, states.DELETED)


class SoftDeleteOffTests(FlowTestCase):
    def test_with_interval_zero_delete_is_immediate_and_reclaim_idle(self):
        instance = self.boot()
        with self.captureOnCommitCallbacks(execute=True):
            deletes.request_delete(instance)
        instance.refresh_from_db()
        self.assertEqual(instance.vm_state, states.DELETED)
        self.assertEqual(deletes.reclaim_expired(), [])


class SoftDeleteQuotaTests(TestCase):
    def test_soft_deleted_servers_do_not_count_against_the_quota(self):
        host = make_host()
        make_instance(host=host, vcpus=2, memory_mb=256)
        make_instance(vm_state=states.SOFT_DELETED, host=host, vcpus=4, memory_mb=512)
        usage = quotas.usage("project-a")
        self.assertEqual((usage["instances"], usage["cores"], usage["ram"]), (1, 2, 256))

    @override_settings(QUOTA_INSTANCES=1)
    def test_restore_over_the_quota_is_refused_and_changes_nothing(self):
        host = make_host()
        soft = make_instance(vm_state=states.SOFT_DELETED, host=host)
        make_instance(host=host)  # took the project's only instance meanwhile
        with self.assertRaises(quotas.QuotaExceeded):
            deletes.restore_instance(soft)
        soft.refresh_from_db()
        self.assertEqual((soft.vm_state, soft.task_state), (states.SOFT_DELETED, None))
        self.assertFalse(soft.actions.exists())


class SoftDeleteStateTests(TestCase):
    def test_locked_server_refuses_non_admin_soft_delete_and_restore(self):
        locked = make_instance(host=make_host(), locked=True)
        with self.assertRaises(states.InstanceLocked):
            deletes.soft_delete_instance(locked, is_admin=False)
        with self.assertRaises(states.InstanceLocked):
            deletes.restore_instance(locked, is_admin=False)

    def test_soft_delete_of_a_server_being_deleted_conflicts(self):
        deleting = make_instance(host=make_host(), task_state=states.Task.DELETING)
        with self.assertRaisesMessage(states.InstanceInvalidState,
                                      "Cannot 'delete' instance"):
            deletes.soft_delete_instance(deleting)

    def test_server_being_rebuilt_is_deleted_at_once(self):
        rebuilding = make_instance(host=make_host(),
                                   task_state=states.Task.REBUILD_BLOCK_DEVICE_MAPPING)
        with self.captureOnCommitCallbacks(execute=False):
            deletes.request_delete(rebuilding)
        rebuilding.refresh_from_db()
        self.assertEqual((rebuilding.task_state, rebuilding.deleted_at),
                         (states.Task.DELETING, None))

    def test_soft_delete_of_a_server_being_rebuilt_conflicts(self):
        rebuilding = make_instance(host=make_host(), task_state=states.Task.REBUILDING)
        with self.assertRaises(states.InstanceInvalidState):
            deletes.soft_delete_instance(rebuilding)
        rebuilding.refresh_from_db()
        self.assertEqual(rebuilding.task_state, states.Task.REBUILDING)

    def test_soft_delete_preempts_a_running_task(self):
        busy = make_instance(host=make_host(), task_state=states.Task.REBOOTING)
        deletes.soft_delete_instance(busy)
        busy.refresh_from_db()
        self.assertEqual(busy.task_state, states.Task.SOFT_DELETING)


class InjectNetworkInfoFlowTests(FlowTestCase):
    def test_records_the_action_and_its_host_step(self):
        instance = self.boot()
        with self.captureOnCommitCallbacks(execute=True):
            network_injection.inject_network_info(instance, user_id="admin")
        self.assertEqual(self.events(instance, "inject_network_info"),
                         [("compute_inject_network_info", "Success")])
        action = instance.actions.get(action="inject_network_info")
        self.assertIsNotNone(action.finish_time)
        self.assertEqual(action.message, "")

    def test_missing_domain_is_an_error_event(self):
        instance = self.boot()
        get_driver().destroy(instance_spec(instance, "/nonexistent"))
        with self.assertRaises(DomainNotFound), self.captureOnCommitCallbacks(execute=True):
            network_injection.inject_network_info(instance)
        self.assertEqual(self.events(instance, "inject_network_info"),
                         [("compute_inject_network_info", "Error")])
        self.assertEqual(instance.actions.get(action="inject_network_info").message, "Error")

    def test_unplaced_and_locked_servers_are_refused(self):
        with self.assertRaises(states.InstanceNotReady):
            network_injection.inject_network_info(make_instance(vm_state=states.ERROR))
        locked = make_instance(host=self.host, locked=True)
        with self.assertRaises(states.InstanceLocked):
            network_injection.inject_network_info(locked, is_admin=False)
