"""OS-DCF:diskConfig on create, update and rebuild: the image's default, and the refusal of
AUTO when the image's auto_disk_config is 'disabled' (Nova's AutoDiskConfigDisabledByImage)."""
from api.tokens import identity_of
from compute.models import Instance
from tests.api.test_servers import SERVERS, ServerApiTestCase
from tests.factories import make_image, make_instance


class CreateDiskConfigTests(ServerApiTestCase):
    def disk_config(self, image, **server):
        response = self.create(imageRef=image.id, **server)
        self.assertEqual(response.status_code, 202, response.content)
        shown = response.json()["server"]["OS-DCF:diskConfig"]
        self.assertEqual(Instance.objects.get(uuid=response.json()["server"]["id"]).disk_config,
                         shown)
        return shown

    def test_without_a_request_the_image_decides(self):
        for value, expected in (("True", "AUTO"), ("yes", "AUTO"), ("false", "MANUAL"),
                                ("disabled", "MANUAL")):
            image = make_image(with_file=False, properties={"auto_disk_config": value})
            self.assertEqual(self.disk_config(image), expected, value)
        self.assertEqual(self.disk_config(self.image), "MANUAL")

    def test_the_request_wins_over_the_image(self):
        image = make_image(with_file=False, properties={"auto_disk_config": "true"})
        self.assertEqual(self.disk_config(image, **{"OS-DCF:diskConfig": "MANUAL"}), "MANUAL")
        self.assertEqual(self.disk_config(self.image, **{"OS-DCF:diskConfig": "AUTO"}), "AUTO")

    def test_auto_on_an_image_that_disables_it_is_400_and_creates_nothing(self):
        image = make_image(with_file=False, properties={"auto_disk_config": " Disabled "})
        message = self.assert_error(self.create(imageRef=image.id,
                                                **{"OS-DCF:diskConfig": "AUTO"}),
                                    400, "badRequest")
        self.assertEqual(message, f"Requested image {image.id} has automatic disk resize "
                                  f"disabled.")
        self.assertFalse(Instance.objects.exists())

    def test_update_changes_it_and_shows_it(self):
        instance = self.created()
        response = self.call("PUT", f"{SERVERS}/{instance.uuid}",
                             {"server": {"OS-DCF:diskConfig": "AUTO"}})
        self.assertEqual(response.json()["server"]["OS-DCF:diskConfig"], "AUTO")
        shown = self.call("GET", f"{SERVERS}/{instance.uuid}").json()["server"]
        self.assertEqual(shown["OS-DCF:diskConfig"], "AUTO")


class RebuildDiskConfigTests(ServerApiTestCase):
    def setUp(self):
        super().setUp()
        self.server = make_instance(host=self.host, image=self.image, flavor=self.flavor,
                                    project_id=self.project_a.id,
                                    user_id=identity_of(self.alice).id)

    def rebuild(self, **arg):
        with self.captureOnCommitCallbacks(execute=False):
            return self.call("POST", f"{SERVERS}/{self.server.uuid}/action", {"rebuild": arg})

    def test_auto_on_a_new_image_that_disables_it_is_400_and_the_server_is_untouched(self):
        image = make_image("no-auto", with_file=False,
                           properties={"auto_disk_config": "disabled"})
        self.assert_error(self.rebuild(imageRef=image.id, **{"OS-DCF:diskConfig": "AUTO"}),
                          400, "badRequest")
        self.server.refresh_from_db()
        self.assertEqual((self.server.image_ref, self.server.task_state, self.server.disk_config),
                         (self.image.id, None, "MANUAL"))
        response = self.rebuild(imageRef=image.id, **{"OS-DCF:diskConfig": "MANUAL"})
        self.assertEqual(response.status_code, 202, response.content)
        server = response.json()["server"]
        self.assertEqual((server["image"]["id"], server["OS-DCF:diskConfig"]),
                         (image.id, "MANUAL"))
