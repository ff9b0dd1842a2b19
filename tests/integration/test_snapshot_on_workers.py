"""createImage and createBackup on real worker processes: the host copies the disk, the image
becomes active; a backup chain also rotates the older backups out."""
import os

from compute import services, snapshots
from compute.models import Image, Instance, InstanceAction
from compute.specs import PowerState
from tests.factories import make_flavor, make_image
from tests.integration.workers import RealWorkerTestCase


class SnapshotOnWorkersTests(RealWorkerTestCase):
    def setUp(self):
        super().setUp()
        flavor = make_flavor("m1.snap", vcpus=1, memory_mb=256, root_gb=1)
        base = make_image()
        self.addCleanup(os.remove, base.path)
        [instance] = services.create_instance(
            name="snap", flavor=flavor, image=base, project_id="p", user_id="u")
        self.instance = self.wait_for_status(instance, "ACTIVE")

    def test_snapshot_of_a_running_server_becomes_an_active_image(self):
        image = snapshots.snapshot_instance(self.instance, "snap", user_id="u", project_id="p")
        self.addCleanup(lambda: os.path.exists(image.path) and os.remove(image.path))
        image = self.wait_for(
            lambda: Image.objects.filter(pk=image.pk, status="active").first(),
            "the snapshot image to become active")
        self.assertEqual(image.size, os.path.getsize(image.path))
        instance = self.wait_for_status(self.instance, "ACTIVE")
        self.assertEqual(instance.power_state, PowerState.RUNNING)
        action = InstanceAction.objects.get(instance=instance, action="createImage")
        host = instance.host.name
        self.assertEqual(list(action.events.values_list("event", "result", "host")), [
            ("compute_snapshot_domain", "Success", host),
            ("compute_mark_image_active", "Success", host),
            ("compute_complete_action", "Success", host)])

    def test_backups_rotate_on_the_host(self):
        """Two daily backups with rotation 1: the second's chain deletes the first."""
        first = self.backup("bk-1")
        second = self.backup("bk-2")
        self.assertEqual(Image.objects.get(pk=first.pk).status, "deleted")
        self.assertFalse(os.path.exists(first.path))
        self.assertEqual(second.properties["backup_type"], "daily")
        action = InstanceAction.objects.filter(instance=self.instance, action="createBackup")
        self.assertEqual(list(action.last().events.values_list("event", "result")), [
            ("compute_backup_domain", "Success"), ("compute_mark_image_active", "Success"),
            ("compute_rotate_backups", "Success"), ("compute_complete_action", "Success")])

    def backup(self, name):
        image = snapshots.backup_instance(self.instance, name, "daily", 1, user_id="u",
                                          project_id="p")
        self.addCleanup(lambda: os.path.exists(image.path) and os.remove(image.path))
        self.wait_for(lambda: Image.objects.filter(pk=image.pk, status="active").first(),
                      f"backup {name} to become active")
        self.instance = self.wait_for(
            lambda: Instance.objects.filter(pk=self.instance.pk, task_state=None).first(),
            f"backup {name} to finish")
        return Image.objects.get(pk=image.pk)
