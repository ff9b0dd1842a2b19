"""createImage flows: chains run eagerly on libvirt test:///default with real qemu-img."""
import hashlib
import json
import os
import pathlib
import subprocess
import tempfile

from django.test import TestCase, override_settings

from compute import images, services, snapshots, workflows
from compute.drivers.base import DriverError
from compute.models import Image
from compute.specs import PowerState
from tests.compute.test_flows import FlowTestCase
from tests.compute.test_workflows import shape
from tests.drivers import SnapshotFailingDriver
from tests.factories import make_host, make_image, make_instance


class SnapshotWorkflowShapeTests(TestCase):
    def test_snapshot_copies_activates_and_completes_on_the_host_queue(self):
        instance = make_instance(host=make_host("wf-snap"), image=make_image(with_file=False))
        sig = workflows.snapshot(instance, "img", "r")
        self.assertEqual(shape(sig), [("compute.snapshot_domain", "host.wf-snap"),
                                      ("compute.mark_image_active", "host.wf-snap"),
                                      ("compute.complete_action", "host.wf-snap")])
        self.assertEqual(sig.tasks[-1].args[-1], "snapshot")

    def test_snapshot_tasks_are_registered(self):
        from cloudproject.celery import app

        self.assertLessEqual({"compute.snapshot_domain", "compute.mark_image_active"},
                             set(app.tasks))


class SnapshotFlowTestCase(FlowTestCase):
    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.images_dir = pathlib.Path(tmp.name)
        override = override_settings(IMAGES_DIR=self.images_dir)
        override.enable()
        self.addCleanup(override.disable)
        super().setUp()
        self.instance = self.boot()

    def snapshot(self, instance=None, execute=True, **kw):
        instance = instance or self.instance
        with self.captureOnCommitCallbacks(execute=execute):
            image = snapshots.snapshot_instance(instance, "snap", kw or None, user_id="u",
                                                project_id="p")
        image.refresh_from_db()
        instance.refresh_from_db()
        return image

    def files(self):
        return sorted(os.listdir(self.images_dir))


class SnapshotFlowTests(SnapshotFlowTestCase):
    def test_snapshot_becomes_an_active_image_with_its_checksums(self):
        image = self.snapshot()
        self.assertEqual(image.status, "active")
        data = pathlib.Path(image.path).read_bytes()
        self.assertEqual((image.size, image.checksum), (len(data), hashlib.md5(data).hexdigest()))
        self.assertEqual(image.os_hash_value, hashlib.sha512(data).hexdigest())
        self.assertEqual(image.virtual_size, 1024**3)  # the 1 GiB root disk of the flavor

    def test_the_image_file_is_a_standalone_qcow2(self):
        image = self.snapshot()
        info = json.loads(subprocess.run(["qemu-img", "info", "--output=json", image.path],
                                         check=True, capture_output=True, text=True).stdout)
        self.assertEqual(info["format"], "qcow2")
        self.assertNotIn("backing-filename", info)
        self.assertEqual(self.files(), sorted([self.image.id, image.id]))  # no staged leftovers

    def test_the_instance_keeps_running_and_the_steps_are_recorded(self):
        self.snapshot()
        self.assertEqual((self.instance.status, self.instance.task_state), ("ACTIVE", None))
        self.assertEqual(self.domain_state(self.instance), PowerState.RUNNING)
        self.assertEqual(self.events(self.instance, "createImage"), [
            ("compute_snapshot_domain", "Success"), ("compute_mark_image_active", "Success"),
            ("compute_complete_action", "Success")])
        self.assertIsNotNone(self.instance.actions.get(action="createImage").finish_time)

    def test_stopped_paused_and_suspended_instances_keep_their_state(self):
        for service, status in (("stop_instance", "SHUTOFF"), ("pause_instance", "PAUSED"),
                                ("suspend_instance", "SUSPENDED")):
            instance = self.act(service, self.boot())
            image = self.snapshot(instance)
            self.assertEqual((image.status, instance.status, instance.task_state),
                             ("active", status, None), service)

    def test_a_server_boots_from_its_snapshot(self):
        image = self.snapshot()
        with self.captureOnCommitCallbacks(execute=True):
            [second] = services.create_instance(name="vm2", flavor=self.flavor, image=image,
                                                project_id="p", user_id="u")
        second.refresh_from_db()
        self.assertEqual((second.status, second.image_ref), ("ACTIVE", image.id))


class SnapshotFailureTests(SnapshotFlowTestCase):
    def test_a_failed_copy_deletes_the_image_and_the_instance_stays_active(self):
        self.use_driver(SnapshotFailingDriver())
        with self.assertRaises(DriverError):  # eagerly, the failed step's error surfaces here
            self.snapshot()
        image = Image.objects.exclude(pk=self.image.pk).get()
        self.instance.refresh_from_db()
        self.assertEqual(image.status, "deleted")
        self.assertEqual((self.instance.status, self.instance.task_state), ("ACTIVE", None))
        self.assertIsNone(self.instance.fault)
        action = self.instance.actions.get(action="createImage")
        self.assertEqual(action.message, "Error")
        self.assertEqual(self.events(self.instance, "createImage"),
                         [("compute_snapshot_domain", "Error")])
        self.assertEqual(self.files(), [self.image.id])

    def test_an_image_deleted_before_the_copy_is_not_written(self):
        image = self.snapshot(execute=False)
        images.delete_image(image, project_id="p", is_admin=False)
        with self.captureOnCommitCallbacks(execute=True):
            workflows.snapshot(self.instance, image.id, "r").apply_async()
        self.instance.refresh_from_db()
        self.assertEqual(self.instance.task_state, None)
        self.assertEqual(self.files(), [self.image.id])

    def test_an_instance_deleted_before_the_copy_drops_the_image(self):
        image = self.snapshot(execute=False)
        self.act("delete_instance", self.instance)
        workflows.snapshot(self.instance, image.id, "r").apply_async()
        self.assertEqual(Image.objects.get(pk=image.pk).status, "deleted")
        self.assertEqual(self.files(), [self.image.id])
