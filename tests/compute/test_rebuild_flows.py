"""Rebuild through compute.rebuilds, chains run eagerly on libvirt test:///default."""
import os

from django.test import TestCase, override_settings

from compute import quotas, rebuilds, services, states, workflows
from compute.drivers import get_driver
from compute.drivers.base import DriverError
from compute.models import Image, Instance
from compute.specs import PowerState
from tests.compute.test_flows import FlowTestCase
from tests.drivers import SpawnFailingDriver
from tests.factories import make_flavor, make_host, make_image, make_instance


class RebuildFlowTests(FlowTestCase):
    def setUp(self):
        super().setUp()
        self.new_image = make_image("new-image")

    def rebuild(self, instance, image=None, **kw):
        kw.setdefault("project_id", instance.project_id)
        kw.setdefault("user_id", "u")
        with self.captureOnCommitCallbacks(execute=True):
            rebuilds.rebuild_instance(instance, (image or self.new_image).id, **kw)
        instance.refresh_from_db()
        return instance

    def test_rebuild_of_active_server_ends_active_on_the_new_image(self):
        instance = self.boot()
        first_launch = instance.launched_at
        instance = self.rebuild(instance, display_name="renamed", metadata={"k": "v"})
        self.assertEqual((instance.status, instance.task_state), ("ACTIVE", None))
        self.assertEqual((instance.image_ref, instance.display_name, instance.metadata),
                         (self.new_image.id, "renamed", {"k": "v"}))
        self.assertEqual(self.domain_state(instance), PowerState.RUNNING)
        self.assertGreater(instance.launched_at, first_launch)

    def test_rebuild_recreates_the_root_disk_on_the_new_image(self):
        instance = self.boot()
        disk = os.path.join(instance.instance_dir, "disk")
        with open(disk, "ab") as marker:  # a write the rebuild must throw away
            marker.write(b"old data")
        size_before = os.path.getsize(disk)
        self.rebuild(instance)
        info = get_driver().run_command(["qemu-img", "info", "--output=json", disk])
        self.assertIn(self.new_image.path, info)
        self.assertLess(os.path.getsize(disk), size_before)

    def test_rebuild_records_its_steps(self):
        instance = self.rebuild(self.boot())
        self.assertEqual(self.events(instance, "rebuild"), [
            ("compute_rebuild_destroy_domain", "Success"),
            ("compute_rebuild_spawn_domain", "Success"), ("compute_mark_rebuilt", "Success")])
        self.assertIsNotNone(instance.actions.get(action="rebuild").finish_time)

    def test_rebuild_of_stopped_server_comes_back_stopped(self):
        instance = self.act("stop_instance", self.boot())
        instance = self.rebuild(instance)
        self.assertEqual((instance.status, instance.power_state), ("SHUTOFF", 4))
        self.assertEqual(self.domain_state(instance), PowerState.SHUTDOWN)
        self.assertEqual(instance.image_ref, self.new_image.id)

    def test_rebuild_of_error_server_ends_active(self):
        instance = self.boot()
        states.reset(instance.uuid, states.ERROR)
        instance.refresh_from_db()
        instance = self.rebuild(instance)
        self.assertEqual(instance.status, "ACTIVE")
        self.assertEqual(self.domain_state(instance), PowerState.RUNNING)

    def test_rebuild_keeps_the_claim(self):
        instance = self.rebuild(self.boot())
        self.host.refresh_from_db()
        self.assertEqual((self.host.vcpus_used, self.host.memory_mb_used), (2, 1024))
        self.assertEqual(instance.host, self.host)

    def test_spawn_failure_leaves_error_with_fault(self):
        instance = self.boot()
        self.use_driver(SpawnFailingDriver())
        with self.assertRaises(DriverError):
            self.rebuild(instance)
        instance.refresh_from_db()
        self.assertEqual((instance.status, instance.task_state), ("ERROR", None))
        self.assertIn("spawn", instance.fault["message"])
        self.assertEqual(instance.actions.get(action="rebuild").message, "Error")

    def test_redelivered_spawn_step_after_advancing_still_spawns(self):
        from compute.lifecycle_tasks import rebuild_spawn_domain

        instance = self.boot()
        get_driver().destroy(_spec_of(instance))
        Instance.objects.filter(pk=instance.pk).update(task_state=states.Task.REBUILD_SPAWNING)
        rebuild_spawn_domain(instance.uuid, "r")
        self.assertEqual(self.domain_state(instance), PowerState.RUNNING)

    def test_delete_during_rebuild_wins(self):
        instance = self.boot()
        with self.captureOnCommitCallbacks(execute=False):  # the rebuild chain never runs
            rebuilds.rebuild_instance(instance, self.new_image.id, project_id="p", user_id="u")
        instance.refresh_from_db()
        self.assertEqual(instance.status, "REBUILD")
        instance = self.act("delete_instance", instance)
        self.assertEqual(instance.vm_state, states.DELETED)


class RebuildRefusalTests(TestCase):
    """What rebuild_instance refuses before any state changes."""

    def setUp(self):
        self.host = make_host()
        self.image = make_image(with_file=False)
        self.instance = make_instance(host=self.host, image=self.image)

    def assertUnchanged(self):
        self.instance.refresh_from_db()
        self.assertEqual((self.instance.vm_state, self.instance.task_state,
                          self.instance.image_ref), (states.ACTIVE, None, self.image.id))
        self.assertFalse(self.instance.actions.exists())

    def rebuild(self, image_id=None, **kw):
        kw.setdefault("project_id", "project-a")
        return rebuilds.rebuild_instance(self.instance, image_id or self.image.id,
                                         user_id="u", **kw)

    def test_paused_server_conflicts_with_novas_message(self):
        paused = make_instance(vm_state=states.PAUSED, host=self.host, image=self.image)
        with self.assertRaisesMessage(states.InstanceInvalidState,
                                      f"Cannot 'rebuild' instance {paused.uuid} while it is "
                                      "in vm_state paused"):
            rebuilds.rebuild_instance(paused, self.image.id, project_id="p", user_id="u")

    def test_busy_server_conflicts_on_task_state(self):
        busy = make_instance(task_state=states.Task.REBOOTING, host=self.host)
        with self.assertRaisesMessage(states.InstanceInvalidState, "task_state rebooting"):
            rebuilds.rebuild_instance(busy, self.image.id, project_id="p", user_id="u")

    def test_locked_server_refuses_non_admin(self):
        self.instance.locked = True
        self.instance.save()
        with self.assertRaises(states.InstanceLocked):
            self.rebuild(is_admin=False)
        self.assertUnchanged()

    def test_unknown_image_is_invalid_and_changes_nothing(self):
        with self.assertRaisesMessage(services.InvalidRequest, "Cannot find image for rebuild"):
            self.rebuild("no-such-image")
        self.assertUnchanged()

    def test_other_projects_private_image_is_not_found(self):
        private = make_image(with_file=False, owner="project-b")
        Image.objects.filter(pk=private.pk).update(visibility="private")
        with self.assertRaises(services.InvalidRequest):
            self.rebuild(private.id, is_admin=False)
        self.assertUnchanged()

    def test_image_needing_more_ram_than_the_flavor_is_refused(self):
        big = make_image(with_file=False, min_ram=self.instance.memory_mb + 1)
        with self.assertRaisesMessage(services.InvalidRequest, "memory is too small"):
            self.rebuild(big.id)
        self.assertUnchanged()

    def test_image_larger_than_the_root_disk_is_refused(self):
        big = make_image(with_file=False, min_disk=self.instance.root_gb + 1)
        with self.assertRaisesMessage(services.InvalidRequest, "disk is too small"):
            self.rebuild(big.id)
        self.assertUnchanged()

    def test_inactive_image_is_refused(self):
        queued = make_image(with_file=False)
        Image.objects.filter(pk=queued.pk).update(status="queued")
        with self.assertRaisesMessage(services.InvalidRequest, "is not active"):
            self.rebuild(queued.id)
        self.assertUnchanged()

    @override_settings(QUOTA_METADATA_ITEMS=1)
    def test_metadata_over_quota_is_refused(self):
        with self.assertRaises(quotas.QuotaExceeded):
            self.rebuild(metadata={"a": "1", "b": "2"})
        self.assertUnchanged()

    @override_settings(QUOTA_INJECTED_FILES=1)
    def test_too_many_personality_files_are_over_quota(self):
        files = [{"path": f"/etc/f{i}", "contents": "aGk="} for i in range(2)]
        with self.assertRaisesMessage(quotas.QuotaExceeded, "Personality file limit exceeded"):
            self.rebuild(personality=files)
        self.assertUnchanged()

    def test_server_that_never_got_a_host_is_not_ready(self):
        homeless = make_instance(vm_state=states.ERROR, image=self.image)
        with self.assertRaises(states.InstanceNotReady):
            rebuilds.rebuild_instance(homeless, self.image.id, project_id="p", user_id="u")

    def test_unknown_field_is_refused(self):
        with self.assertRaises(services.InvalidRequest):
            self.rebuild(vm_state="active")
        self.assertUnchanged()


class RebuildStatusTests(TestCase):
    def test_rebuild_task_states_show_rebuild_from_every_allowed_state(self):
        for vm_state in (states.ACTIVE, states.STOPPED, states.ERROR):
            for task in states.REBUILD_STEPS:
                self.assertEqual(states.status_from_state(vm_state, task), "REBUILD")

    def test_flavor_check_uses_the_servers_own_sizes(self):
        flavor = make_flavor(memory_mb=256, root_gb=1)
        image = make_image(with_file=False, min_ram=512)
        with self.assertRaises(services.InvalidRequest):
            services.check_image_fits(image, flavor.memory_mb, flavor.root_gb)
        services.check_image_fits(image, 512, 1)


class RebuildChainTests(TestCase):
    def setUp(self):
        self.instance = make_instance(host=make_host("rb-host"))

    def test_rebuild_chain_is_three_steps_on_the_host_queue(self):
        sig = workflows.rebuild(self.instance, "r")
        self.assertEqual([(t.task, t.options.get("queue")) for t in sig.tasks], [
            ("compute.rebuild_destroy_domain", "host.rb-host"),
            ("compute.rebuild_spawn_domain", "host.rb-host"),
            ("compute.mark_rebuilt", "host.rb-host")])

    def test_advance_only_from_the_expected_task_state(self):
        Task = states.Task
        Instance.objects.filter(pk=self.instance.pk).update(task_state=Task.REBUILDING)
        self.assertFalse(states.advance(self.instance.uuid, Task.REBUILD_BLOCK_DEVICE_MAPPING,
                                        Task.REBUILD_SPAWNING))
        self.assertTrue(states.advance(self.instance.uuid, Task.REBUILDING,
                                       Task.REBUILD_BLOCK_DEVICE_MAPPING))

    def test_rebuilt_of_a_preempted_rebuild_changes_nothing(self):
        Instance.objects.filter(pk=self.instance.pk).update(task_state=states.Task.DELETING)
        self.assertFalse(states.rebuilt(self.instance.uuid, PowerState.RUNNING))
        self.instance.refresh_from_db()
        self.assertEqual(self.instance.task_state, states.Task.DELETING)


def _spec_of(instance):
    from compute.specs import instance_spec

    return instance_spec(instance, "/nonexistent")
