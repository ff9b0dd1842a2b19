"""POST /servers/{id}/action createBackup: the backup image, Location/body by version, errors."""
from compute import states
from compute.models import Image
from tests.api.test_server_create_image import CreateImageTestCase
from tests.factories import make_instance

BACKUP = {"name": "bk", "backup_type": "daily", "rotation": 2}


class CreateBackupTestCase(CreateImageTestCase):
    def create_backup(self, arg=None, **kw):
        return self.create_image({"createBackup": {**BACKUP, **(arg or {})}}, **kw)


class CreateBackupTests(CreateBackupTestCase):
    def test_answers_202_with_the_compute_image_location_below_2_45(self):
        response = self.create_backup(version="2.44")
        image = self.snapshot(response)
        self.assertEqual(response.content, b"")
        self.assertTrue(response["Location"].endswith(f"/compute/v2.1/images/{image.id}"))

    def test_rotation_0_gives_no_location_below_2_45(self):
        response = self.create_backup({"rotation": 0})
        self.snapshot(response)
        self.assertFalse(response.has_header("Location"))

    def test_from_2_45_the_body_names_the_image_whatever_the_rotation(self):
        for rotation in (0, "3"):
            with self.subTest(rotation):
                response = self.create_backup({"rotation": rotation}, version="2.45")
                self.assertEqual(response.status_code, 202, response.content)
                self.assertTrue(Image.objects.filter(pk=response.json()["image_id"]).exists())
                self.assertFalse(response.has_header("Location"))
                self.instance.task_state = None
                self.instance.save()

    def test_the_image_is_a_backup_of_the_server_with_its_type(self):
        image = self.snapshot(self.create_backup({"metadata": {"a": "b",
                                                               "backup_type": "lost"}}))
        self.assertEqual((image.name, image.status, image.visibility),
                         ("bk", "queued", "private"))
        properties = image.properties
        self.assertEqual((properties["image_type"], properties["backup_type"]),
                         ("backup", "daily"))  # backup_type wins over metadata, as Nova
        self.assertEqual((properties["instance_uuid"], properties["a"]),
                         (self.instance.uuid, "b"))
        self.assertEqual(properties["os_distro"], "cirros")  # inherited like a snapshot

    def test_the_instance_is_busy_with_image_backup_and_the_action_is_recorded(self):
        self.create_backup()
        self.instance.refresh_from_db()
        self.assertEqual((self.instance.status, self.instance.task_state),
                         ("ACTIVE", "image_backup"))
        self.assertEqual(self.instance.actions.get().action, "createBackup")

    def test_allowed_from_stopped_paused_and_suspended(self):
        for vm_state in (states.STOPPED, states.PAUSED, states.SUSPENDED):
            instance = make_instance(host=self.host, image=self.base, vm_state=vm_state,
                                     project_id=self.project_a.id)
            self.assertEqual(self.create_backup(server=instance.uuid).status_code, 202)
            instance.refresh_from_db()
            self.assertEqual(instance.task_state, "image_backup")


class CreateBackupErrorTests(CreateBackupTestCase):
    def test_invalid_bodies_are_400_and_create_nothing(self):
        for arg in (None, {}, {"name": "x"}, {"name": "x", "backup_type": "d"},
                    {**BACKUP, "rotation": -1}, {**BACKUP, "rotation": "-1"},
                    {**BACKUP, "rotation": ""}, {**BACKUP, "rotation": "two"},
                    {**BACKUP, "rotation": 1.5}, {**BACKUP, "name": ""},
                    {**BACKUP, "backup_type": 1}, {**BACKUP, "extra": 1},
                    {**BACKUP, "metadata": {"a": 1}}):
            with self.subTest(arg):
                self.assert_error(self.create_image({"createBackup": arg}), 400, "badRequest")
        self.assertEqual(Image.objects.count(), 1)

    def test_too_many_metadata_items_is_403_until_2_38_only(self):
        metadata = {f"k{n}": "v" for n in range(129)}
        self.assert_error(self.create_backup({"metadata": metadata}, version="2.38"), 403,
                          "forbidden")
        self.snapshot(self.create_backup({"metadata": metadata}, version="2.39"))

    def test_a_busy_or_building_server_conflicts(self):
        self.create_backup()
        message = self.assert_error(self.create_backup(), 409, "conflictingRequest")
        self.assertIn("task_state image_backup", message)
        building = make_instance(host=self.host, vm_state=states.BUILDING,
                                 project_id=self.project_a.id)
        message = self.assert_error(self.create_backup(server=building.uuid), 409,
                                    "conflictingRequest")
        self.assertIn("Cannot 'createBackup'", message)
        self.assertEqual(Image.objects.count(), 2)

    def test_foreign_servers_are_404_and_readers_403(self):
        self.assert_error(self.create_backup(as_user="bob"), 404, "itemNotFound")
        self.assert_error(self.create_backup(as_user="reader"), 403, "forbidden")
        self.assertEqual(Image.objects.count(), 1)
