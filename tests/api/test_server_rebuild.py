"""POST /servers/{id}/action {"rebuild": ...}: body rules per microversion, the answer's
shape, and the refusals (400, 403, 404, 409)."""
import base64

from django.test import override_settings

from api.tokens import identity_of
from compute import states
from compute.models import Instance, KeyPair
from tests.api.microversion_case import MicroversionTestCase
from tests.factories import make_flavor, make_host, make_image, make_instance

SERVERS = "/compute/v2.1/servers"
# What Nova's rebuild answers below 2.75 (its update view, plus adminPass).
CORE = {"id", "name", "links", "status", "tenant_id", "user_id", "metadata", "hostId",
        "image", "flavor", "created", "updated", "addresses", "accessIPv4", "accessIPv6",
        "OS-DCF:diskConfig", "progress", "adminPass"}


class RebuildApiTests(MicroversionTestCase):
    def setUp(self):
        super().setUp()
        self.host = make_host("api-host")
        self.flavor = make_flavor("m1.api", flavorid="42", root_gb=1)
        self.image = make_image(with_file=False)
        self.new_image = make_image("new", with_file=False)
        self.server = make_instance(host=self.host, image=self.image, flavor=self.flavor,
                                    project_id=self.project_a.id,
                                    user_id=identity_of(self.alice).id)

    def rebuild(self, as_user="alice", version=None, server=None, **arg):
        arg.setdefault("imageRef", self.new_image.id)
        with self.captureOnCommitCallbacks(execute=False):
            return self.call("POST", f"{SERVERS}/{(server or self.server).uuid}/action",
                             {"rebuild": arg}, as_user=as_user, version=version)

    def rebuilt(self, **kw):
        response = self.rebuild(**kw)
        self.assertEqual(response.status_code, 202, response.content)
        return response.json()["server"]

    def test_answers_202_with_the_core_document_and_admin_pass(self):
        response = self.rebuild(adminPass="s3cret")
        self.assertEqual(response.status_code, 202)
        server = response.json()["server"]
        self.assertEqual(set(server), CORE)
        self.assertEqual((server["status"], server["adminPass"]), ("REBUILD", "s3cret"))
        self.assertEqual(server["image"]["id"], self.new_image.id)
        self.assertTrue(response["Location"].endswith(f"/servers/{self.server.uuid}"))

    def test_records_a_rebuild_action_in_rebuilding(self):
        self.rebuilt()
        self.server.refresh_from_db()
        self.assertEqual(self.server.task_state, states.Task.REBUILDING)
        self.assertTrue(self.server.actions.filter(action="rebuild").exists())

    def test_generates_admin_pass_unless_passwords_are_off(self):
        self.assertTrue(self.rebuilt()["adminPass"])
        states.reset(self.server.uuid, states.ACTIVE)
        with override_settings(ENABLE_INSTANCE_PASSWORD=False):
            self.assertNotIn("adminPass", self.rebuilt())

    def test_replaces_name_metadata_access_ips_and_disk_config(self):
        server = self.rebuilt(name="again", metadata={"a": "b"}, accessIPv4="10.0.0.9",
                              accessIPv6="2001:db8::0:1", **{"OS-DCF:diskConfig": "AUTO"})
        self.assertEqual((server["name"], server["metadata"], server["accessIPv4"],
                          server["accessIPv6"], server["OS-DCF:diskConfig"]),
                         ("again", {"a": "b"}, "10.0.0.9", "2001:db8::1", "AUTO"))

    def test_image_ref_may_be_a_link(self):
        server = self.rebuilt(imageRef=f"http://x/compute/images/{self.new_image.id}")
        self.assertEqual(server["image"]["id"], self.new_image.id)

    def test_preserve_ephemeral_is_accepted(self):
        self.rebuilt(preserve_ephemeral=True)

    def test_description_from_2_19_only(self):
        self.assertEqual(self.rebuild(version="2.18", description="d").status_code, 400)
        self.assertEqual(self.rebuilt(version="2.19", description="d")["description"], "d")

    def test_key_name_at_2_54_sets_and_unsets_the_key(self):
        KeyPair.objects.create(name="k", user_id=identity_of(self.alice).id,
                               public_key="ssh-rsa AAA", fingerprint="f")
        self.assertEqual(self.rebuilt(version="2.54", key_name="k")["key_name"], "k")
        self.assertEqual(Instance.objects.get(pk=self.server.pk).key_data, "ssh-rsa AAA")
        states.reset(self.server.uuid, states.ACTIVE)
        self.assertIsNone(self.rebuilt(version="2.54", key_name=None)["key_name"])

    def test_unknown_key_name_is_400(self):
        message = self.assert_error(self.rebuild(version="2.54", key_name="nope"), 400,
                                    "badRequest")
        self.assertEqual(message, "Invalid key_name provided.")

    def test_user_data_from_2_57_replaces_personality(self):
        data = base64.b64encode(b"#!/bin/sh").decode()
        server = self.rebuilt(version="2.57", user_data=data, as_user="admin")
        self.assertEqual(server["user_data"], data)
        self.assertNotIn("OS-EXT-SRV-ATTR:user_data", server)
        files = [{"path": "/etc/motd", "contents": "aGk="}]
        self.assertEqual(self.rebuild(version="2.57", personality=files).status_code, 400)

    def test_personality_below_2_57_is_checked(self):
        states.reset(self.server.uuid, states.ACTIVE)
        self.rebuilt(version="2.56", personality=[{"path": "/etc/motd", "contents": "aGk="}])
        states.reset(self.server.uuid, states.ACTIVE)
        bad = [{"path": "/etc/motd", "contents": "not base64!"}]
        self.assert_error(self.rebuild(version="2.56", personality=bad), 400, "badRequest")

    def test_bad_user_data_is_400(self):
        self.assert_error(self.rebuild(version="2.57", user_data="%%%"), 400, "badRequest")

    def test_trusted_image_certificates_from_2_63(self):
        self.assertEqual(self.rebuild(version="2.62", trusted_image_certificates=["a"])
                         .status_code, 400)
        self.assertEqual(self.rebuild(version="2.63", trusted_image_certificates=[])
                         .status_code, 400)
        server = self.rebuilt(version="2.63", trusted_image_certificates=["a", "b"])
        self.assertEqual(server["trusted_image_certificates"], ["a", "b"])
        states.reset(self.server.uuid, states.ACTIVE)
        server = self.rebuilt(version="2.63", trusted_image_certificates=None)
        self.assertIsNone(server["trusted_image_certificates"])

    def test_hostname_from_2_90(self):
        self.assertEqual(self.rebuild(version="2.89", hostname="web-1").status_code, 400)
        self.rebuilt(version="2.90", hostname="web-1")
        self.assertEqual(Instance.objects.get(pk=self.server.pk).hostname, "web-1")

    def test_at_2_75_the_answer_is_the_full_document(self):
        server = self.rebuilt(version="2.75")
        for key in ("OS-EXT-STS:task_state", "OS-EXT-STS:vm_state", "key_name",
                    "OS-EXT-AZ:availability_zone", "OS-SRV-USG:launched_at", "user_data"):
            self.assertIn(key, server)
        self.assertEqual(server["OS-EXT-STS:task_state"], "rebuilding")

    def test_missing_image_ref_is_400(self):
        response = self.call("POST", f"{SERVERS}/{self.server.uuid}/action",
                             {"rebuild": {"name": "x"}})
        self.assert_error(response, 400, "badRequest")

    def test_unknown_image_is_400_and_changes_nothing(self):
        message = self.assert_error(self.rebuild(imageRef="no-such-image"), 400, "badRequest")
        self.assertEqual(message, "Cannot find image for rebuild")
        self.server.refresh_from_db()
        self.assertEqual((self.server.task_state, self.server.image_ref), (None, self.image.id))

    def test_image_too_big_for_the_flavor_is_400(self):
        big = make_image("big", with_file=False, min_disk=5)
        message = self.assert_error(self.rebuild(imageRef=big.id), 400, "badRequest")
        self.assertEqual(message, "Flavor's disk is too small for requested image.")

    @override_settings(QUOTA_METADATA_ITEMS=1)
    def test_metadata_over_quota_is_403(self):
        self.assert_error(self.rebuild(metadata={"a": "1", "b": "2"}), 403, "forbidden")

    def test_paused_server_is_409(self):
        paused = make_instance(vm_state=states.PAUSED, host=self.host,
                               project_id=self.project_a.id)
        message = self.assert_error(self.rebuild(server=paused), 409, "conflictingRequest")
        self.assertEqual(message, f"Cannot 'rebuild' instance {paused.uuid} while it is in "
                                  "vm_state paused")

    def test_locked_server_is_409_for_its_owner_not_for_admin(self):
        Instance.objects.filter(pk=self.server.pk).update(locked=True)
        self.assert_error(self.rebuild(), 409, "conflictingRequest")
        self.rebuilt(as_user="admin")

    def test_stopped_and_error_servers_may_be_rebuilt(self):
        for vm_state in (states.STOPPED, states.ERROR):
            other = make_instance(vm_state=vm_state, host=self.host,
                                  project_id=self.project_a.id)
            self.assertEqual(self.rebuilt(server=other)["status"], "REBUILD")

    def test_other_projects_server_and_deleted_server_are_404(self):
        self.assert_error(self.rebuild(as_user="bob"), 404, "itemNotFound")
        gone = make_instance(vm_state=states.DELETED, host=self.host,
                             project_id=self.project_a.id)
        self.assert_error(self.rebuild(server=gone), 404, "itemNotFound")

    def test_argument_must_be_an_object(self):
        response = self.call("POST", f"{SERVERS}/{self.server.uuid}/action", {"rebuild": None})
        self.assert_error(response, 400, "badRequest")
