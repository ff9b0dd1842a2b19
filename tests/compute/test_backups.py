"""createBackup flows: a snapshot typed 'backup', then the rotation of the older backups
(chains run eagerly on libvirt test:///default with real qemu-img)."""
from django.test import TestCase

from compute import snapshots, workflows
from compute.models import Image
from tests.compute.test_snapshots import SnapshotFlowTestCase
from tests.compute.test_workflows import shape
from tests.factories import make_host, make_image, make_instance


class BackupWorkflowShapeTests(TestCase):
    def test_backup_copies_activates_rotates_and_completes_on_the_host_queue(self):
        instance = make_instance(host=make_host("wf-bk"), image=make_image(with_file=False))
        sig = workflows.backup(instance, "img", "r", "daily", 2)
        self.assertEqual(shape(sig), [("compute.snapshot_domain", "host.wf-bk"),
                                      ("compute.mark_image_active", "host.wf-bk"),
                                      ("compute.rotate_backups", "host.wf-bk"),
                                      ("compute.complete_action", "host.wf-bk")])
        self.assertEqual(sig.tasks[2].args[-2:], ("daily", 2))
        self.assertEqual(sig.tasks[-1].args[-1], "backup")


class BackupFlowTests(SnapshotFlowTestCase):
    def backup(self, name, rotation=2, backup_type="daily", instance=None):
        instance = instance or self.instance
        with self.captureOnCommitCallbacks(execute=True):
            image = snapshots.backup_instance(instance, name, backup_type, rotation,
                                              user_id="u", project_id="p")
        image.refresh_from_db()
        instance.refresh_from_db()
        return image

    def live(self):
        return sorted(Image.objects.exclude(status="deleted").exclude(pk=self.image.pk)
                      .values_list("name", flat=True))

    def test_a_backup_becomes_an_active_backup_image_and_the_server_stays_active(self):
        image = self.backup("b1")
        self.assertEqual(image.status, "active")
        self.assertEqual((image.properties["image_type"], image.properties["backup_type"]),
                         ("backup", "daily"))
        self.assertEqual((self.instance.status, self.instance.task_state), ("ACTIVE", None))
        self.assertEqual(self.events(self.instance, "createBackup"), [
            ("compute_backup_domain", "Success"), ("compute_mark_image_active", "Success"),
            ("compute_rotate_backups", "Success"), ("compute_complete_action", "Success")])

    def test_the_third_backup_with_rotation_2_deletes_the_first_and_its_file(self):
        first = self.backup("b1")
        self.backup("b2")
        self.assertEqual(self.live(), ["b1", "b2"])
        self.backup("b3")
        self.assertEqual(self.live(), ["b2", "b3"])
        self.assertNotIn(first.id, self.files())

    def test_rotation_0_deletes_the_new_backup_too(self):
        self.backup("b1", rotation=5)
        image = self.backup("b2", rotation=0)
        self.assertEqual(image.status, "deleted")
        self.assertEqual(self.live(), [])

    def test_other_types_snapshots_protected_images_and_other_servers_are_kept(self):
        self.backup("weekly", backup_type="weekly")
        self.snapshot()  # a createImage snapshot, named "snap"
        protected = self.backup("kept", rotation=5)
        Image.objects.filter(pk=protected.pk).update(protected=True)
        self.backup("other-server", instance=self.boot())
        self.backup("last", rotation=1)
        self.assertEqual(self.live(), ["kept", "last", "other-server", "snap", "weekly"])

    def test_rotating_again_deletes_nothing_more(self):
        self.backup("b1")
        self.backup("b2", rotation=1)
        self.assertEqual(snapshots.rotate_backups(self.instance.uuid, "daily", 1), [])
        self.assertEqual(self.live(), ["b2"])
