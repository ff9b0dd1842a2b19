"""POST /servers/{id}/action createImage: the snapshot's image record, state rules, errors."""
from unittest import mock

from api import microversions
from compute import states
from compute.models import Image
from tests.api.base import ApiTestCase
from tests.factories import make_flavor, make_host, make_image, make_instance

SERVERS = "/compute/v2.1/servers"


class CreateImageTestCase(ApiTestCase):
    def setUp(self):
        super().setUp()
        self.host = make_host("snap-host")
        self.base = make_image(with_file=False, min_ram=128, min_disk=1,
                               properties={"os_distro": "cirros", "img_signature": "sig",
                                           "image_type": "image"})
        self.instance = make_instance(host=self.host, image=self.base,
                                      flavor=make_flavor(root_gb=3),
                                      project_id=self.project_a.id)

    def create_image(self, body=None, as_user="alice", server=None, version=None):
        body = {"createImage": {"name": "snap"}} if body is None else body
        with self.captureOnCommitCallbacks(execute=False):
            return self.call("POST", f"{SERVERS}/{server or self.instance.uuid}/action", body,
                             as_user=as_user, version=version)

    def snapshot(self, response):
        self.assertEqual(response.status_code, 202, response.content)
        return Image.objects.exclude(pk=self.base.pk).get()


class CreateImageTests(CreateImageTestCase):
    def test_answers_202_with_the_image_location_and_no_body(self):
        response = self.create_image()
        image = self.snapshot(response)
        self.assertTrue(response["Location"].endswith(f"/image/v2/images/{image.id}"))
        self.assertEqual(response.content, b"")

    def test_the_image_is_a_queued_private_snapshot_of_the_server(self):
        image = self.snapshot(self.create_image())
        self.assertEqual((image.name, image.status, image.visibility, image.owner),
                         ("snap", "queued", "private", self.project_a.id))
        self.assertEqual(image.properties["image_type"], "snapshot")
        self.assertEqual(image.properties["instance_uuid"], self.instance.uuid)
        self.assertEqual(image.properties["base_image_ref"], self.base.id)
        self.assertEqual(image.properties["os_distro"], "cirros")  # inherited
        self.assertNotIn("img_signature", image.properties)

    def test_min_ram_is_inherited_and_min_disk_covers_the_flavor_disk(self):
        image = self.snapshot(self.create_image())
        self.assertEqual((image.min_ram, image.min_disk), (128, 3))

    def test_metadata_becomes_properties_and_wins(self):
        image = self.snapshot(self.create_image(
            {"createImage": {"name": "snap", "metadata": {"image_type": "test", "a": "b"}}}))
        self.assertEqual((image.properties["image_type"], image.properties["a"]), ("test", "b"))

    def test_the_instance_is_busy_with_image_snapshot_and_the_action_is_recorded(self):
        self.create_image()
        self.instance.refresh_from_db()
        self.assertEqual((self.instance.status, self.instance.task_state),
                         ("ACTIVE", "image_snapshot"))
        self.assertEqual(self.instance.actions.get().action, "createImage")

    def test_the_proxy_shows_it_saving(self):
        image = self.snapshot(self.create_image())
        shown = self.call("GET", f"/compute/v2.1/images/{image.id}").json()["image"]
        self.assertEqual((shown["status"], shown["server"]["id"]),
                         ("SAVING", self.instance.uuid))

    @mock.patch.object(microversions, "MAX_VERSION", (2, 100))
    def test_from_2_45_the_body_names_the_image_and_there_is_no_location(self):
        response = self.create_image(version="2.45")
        image = self.snapshot(response)
        self.assertEqual(response.json(), {"image_id": image.id})
        self.assertFalse(response.has_header("Location"))

    def test_an_admin_snapshot_of_another_project_is_shared_and_names_it(self):
        image = self.snapshot(self.create_image(as_user="admin"))
        self.assertEqual(image.visibility, "shared")
        self.assertEqual(image.properties["instance_owner"], self.project_a.id)
        self.assertNotEqual(image.owner, self.project_a.id)

    def test_an_empty_accept_header_is_answered(self):
        # openstacksdk sends `Accept: ` (empty) with every server action
        with self.captureOnCommitCallbacks(execute=False):
            response = self.call("POST", f"{SERVERS}/{self.instance.uuid}/action",
                                 {"createImage": {"name": "snap"}}, headers={"Accept": ""})
        self.snapshot(response)

    def test_a_locked_server_may_still_be_snapshotted(self):
        self.instance.locked = True
        self.instance.save()
        self.snapshot(self.create_image())


class StateTests(CreateImageTestCase):
    def test_allowed_from_stopped_paused_and_suspended(self):
        for vm_state in (states.STOPPED, states.PAUSED, states.SUSPENDED):
            instance = make_instance(host=self.host, image=self.base, vm_state=vm_state,
                                     project_id=self.project_a.id)
            response = self.create_image(server=instance.uuid)
            self.assertEqual(response.status_code, 202, vm_state)
            instance.refresh_from_db()
            self.assertEqual((instance.vm_state, instance.task_state),
                             (vm_state, "image_snapshot"))

    def test_a_second_snapshot_while_saving_conflicts(self):
        self.create_image()
        message = self.assert_error(self.create_image(), 409, "conflictingRequest")
        self.assertIn("task_state image_snapshot", message)
        self.assertEqual(Image.objects.count(), 2)

    def test_building_or_error_servers_conflict_and_create_no_image(self):
        for vm_state in (states.BUILDING, states.ERROR):
            instance = make_instance(host=self.host, vm_state=vm_state,
                                     project_id=self.project_a.id)
            message = self.assert_error(self.create_image(server=instance.uuid), 409,
                                        "conflictingRequest")
            self.assertIn("Cannot 'createImage'", message)
        self.assertEqual(Image.objects.count(), 1)


class ErrorTests(CreateImageTestCase):
    def test_invalid_bodies_are_400(self):
        for arg in (None, {}, {"name": ""}, {"name": "a" * 256}, {"name": "x", "extra": 1},
                    {"name": "x", "metadata": {"": ""}},
                    {"name": "x", "metadata": {"a" * 256: "b" * 256}}):
            with self.subTest(arg):
                self.assert_error(self.create_image({"createImage": arg}), 400, "badRequest")
        self.assertEqual(Image.objects.count(), 1)

    def test_more_than_128_metadata_items_is_403_until_2_38_only(self):
        metadata = {f"k{n}": "v" for n in range(129)}
        body = {"createImage": {"name": "x", "metadata": metadata}}
        self.assert_error(self.create_image(body), 403, "forbidden")
        self.assert_error(self.create_image(body, version="2.38"), 403, "forbidden")
        image = self.snapshot(self.create_image(body, version="2.39"))
        self.assertEqual(image.properties["k128"], "v")

    def test_unknown_or_foreign_servers_are_404(self):
        for server in ("a" * 35, "a" * 37):
            self.assert_error(self.create_image(server=server), 404, "itemNotFound")
        self.assert_error(self.create_image(as_user="bob"), 404, "itemNotFound")

    def test_reader_cannot_snapshot(self):
        self.assert_error(self.create_image(as_user="reader"), 403, "forbidden")

    def test_utf8_names_are_kept(self):
        name = "snap-\u20a1"
        image = self.snapshot(self.create_image({"createImage": {"name": name}}))
        self.assertEqual(image.name, name)
