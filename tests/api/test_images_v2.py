"""Glance v2 /images: discovery, create, show, JSON-patch update, delete, tenancy, schemas."""
import os

from compute.models import Image
from tests.api.glance_case import V2, GlanceTestCase
from tests.factories import make_flavor, make_image, make_instance

GLANCE_KEYS = {"id", "name", "status", "visibility", "protected", "os_hidden", "checksum",
               "os_hash_algo", "os_hash_value", "owner", "size", "virtual_size",
               "container_format", "disk_format", "min_ram", "min_disk", "created_at",
               "updated_at", "tags", "self", "file", "schema"}
UUID = "6f2f0b8e-3c56-4d3f-9d0a-1b2c3d4e5f60"


class DiscoveryTests(GlanceTestCase):
    def test_image_root_lists_versions_with_300_and_no_token(self):
        response = self.call("GET", "/image", as_user=None)
        self.assertEqual(response.status_code, 300)
        first = response.json()["versions"][0]
        self.assertEqual((first["id"], first["status"]), ("v2.16", "CURRENT"))
        self.assertTrue(first["links"][0]["href"].endswith("/image/v2/"))

    def test_v2_root_lists_the_same_versions_with_200(self):
        response = self.call("GET", f"{V2}", as_user=None)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), self.call("GET", "/image", as_user=None).json())

    def test_image_schema_is_served(self):
        response = self.call("GET", f"{V2}/schemas/image")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["name"], "image")
        self.assertEqual(self.call("GET", f"{V2}/schemas/images").json()["name"], "images")

    def test_images_need_a_token(self):
        self.assert_error(self.call("GET", f"{V2}/images", as_user=None), 401, "unauthorized")


class CreateTests(GlanceTestCase):
    def test_create_answers_201_with_a_queued_image_in_glance_shape(self):
        response = self.create(name="cirros", min_ram=64)
        self.assertEqual(response.status_code, 201)
        image = response.json()
        self.assertEqual(set(image), GLANCE_KEYS)
        self.assertEqual((image["status"], image["name"], image["min_ram"]),
                         ("queued", "cirros", 64))
        self.assertIsNone(image["size"])
        self.assertIsNone(image["checksum"])
        self.assertEqual(image["self"], f"/v2/images/{image['id']}")
        self.assertEqual(image["file"], f"/v2/images/{image['id']}/file")
        self.assertTrue(image["created_at"].endswith("Z"))
        self.assertTrue(response["Location"].endswith(f"/image/v2/images/{image['id']}"))

    def test_defaults_are_shared_visibility_and_the_callers_project(self):
        image = self.created()
        self.assertEqual((image["visibility"], image["owner"]), ("shared", self.project_a.id))
        self.assertEqual((image["protected"], image["tags"]), (False, []))

    def test_extra_properties_are_flat_and_kernel_id_is_kept(self):
        image = self.created(architecture="x86_64", os_distro="cirros", kernel_id=UUID)
        self.assertEqual((image["architecture"], image["os_distro"], image["kernel_id"]),
                         ("x86_64", "cirros", UUID))
        stored = self.image(image["id"])
        self.assertEqual(stored.kernel_id, UUID)
        self.assertEqual(stored.properties, {"architecture": "x86_64", "os_distro": "cirros"})

    def test_formats_are_null_when_not_given(self):
        response = self.call("POST", f"{V2}/images", {"name": "bare"})
        self.assertEqual(response.status_code, 201)
        self.assertIsNone(response.json()["disk_format"])

    def test_given_id_is_used_and_a_second_use_conflicts(self):
        self.assertEqual(self.created(id=UUID)["id"], UUID)
        self.assert_error(self.create(id=UUID), 409, "conflictingRequest")

    def test_malformed_id_is_400(self):
        self.assert_error(self.create(id="not-a-uuid"), 400, "badRequest")

    def test_public_image_needs_admin(self):
        message = self.assert_error(self.create(visibility="public"), 403, "forbidden")
        self.assertIn("publicize_image", message)
        self.assertEqual(self.created(as_user="admin", visibility="public")["visibility"],
                         "public")

    def test_member_cannot_give_an_image_to_another_project(self):
        self.assert_error(self.create(owner=self.project_b.id), 403, "forbidden")

    def test_read_only_attribute_is_403(self):
        message = self.assert_error(self.create(status="active"), 403, "forbidden")
        self.assertIn("read-only", message)

    def test_schema_violations_are_400(self):
        for bad in ({"disk_format": "floppy"}, {"min_ram": -1}, {"protected": "yes"},
                    {"os_distro": 7}, {"tags": "a"}, {"visibility": "everyone"}):
            with self.subTest(bad):
                self.assert_error(self.create(**bad), 400, "badRequest")
        self.assertFalse(Image.objects.exists())

    def test_reader_cannot_create(self):
        self.assert_error(self.create(as_user="reader"), 403, "forbidden")

    def test_too_many_properties_is_413(self):
        props = {f"p{n}": "v" for n in range(129)}
        self.assert_error(self.create(**props), 413, "overLimit")


class ShowAndTenancyTests(GlanceTestCase):
    def test_owner_sees_its_private_image_other_projects_get_404(self):
        image = self.created(visibility="private")
        self.assertEqual(self.call("GET", f"{V2}/images/{image['id']}").status_code, 200)
        self.assert_error(self.call("GET", f"{V2}/images/{image['id']}", as_user="bob"), 404,
                          "itemNotFound")

    def test_public_and_community_images_are_readable_by_everyone(self):
        for visibility in ("public", "community"):
            image = self.created(as_user="admin", visibility=visibility)
            response = self.call("GET", f"{V2}/images/{image['id']}", as_user="bob")
            self.assertEqual(response.status_code, 200, visibility)

    def test_admin_sees_every_project_image(self):
        image = self.created(visibility="private")
        self.assertEqual(self.call("GET", f"{V2}/images/{image['id']}", as_user="admin")
                         .status_code, 200)

    def test_unknown_image_is_404(self):
        self.assert_error(self.call("GET", f"{V2}/images/{UUID}"), 404, "itemNotFound")

    def test_tasks_of_a_visible_image_are_an_empty_list_others_404(self):
        image = self.created(visibility="private")
        response = self.call("GET", f"{V2}/images/{image['id']}/tasks")
        self.assertEqual((response.status_code, response.json()), (200, {"tasks": []}))
        self.assert_error(self.call("GET", f"{V2}/images/{image['id']}/tasks", as_user="bob"),
                          404, "itemNotFound")
        self.assert_error(self.call("GET", f"{V2}/images/{UUID}/tasks"), 404, "itemNotFound")


class PatchTests(GlanceTestCase):
    def setUp(self):
        super().setUp()
        self.doc = self.created(os_distro="cirros")
        self.url = f"{V2}/images/{self.doc['id']}"

    def test_replace_add_and_remove(self):
        response = self.patch(self.doc["id"], [
            {"op": "replace", "path": "/name", "value": "renamed"},
            {"op": "add", "path": "/min_disk", "value": 2},
            {"op": "add", "path": "/architecture", "value": "aarch64"},
            {"op": "remove", "path": "/os_distro"},
            {"op": "replace", "path": "/tags", "value": ["b", "a", "a"]}])
        self.assertEqual(response.status_code, 200, response.content)
        image = response.json()
        self.assertEqual((image["name"], image["min_disk"], image["architecture"]),
                         ("renamed", 2, "aarch64"))
        self.assertNotIn("os_distro", image)
        self.assertEqual(image["tags"], ["a", "b"])

    def test_add_on_an_existing_property_replaces_it(self):
        image = self.patch(self.doc["id"], [{"op": "add", "path": "/os_distro",
                                             "value": "ubuntu"}]).json()
        self.assertEqual(image["os_distro"], "ubuntu")

    def test_the_patch_media_type_as_accept_is_answered_in_json(self):
        response = self.client.generic(
            "PATCH", self.url, '[{"op": "replace", "path": "/name", "value": "n"}]',
            content_type="application/openstack-images-v2.0-json-patch",
            HTTP_ACCEPT="application/openstack-images-v2.1-json-patch",
            HTTP_X_AUTH_TOKEN=self.tokens["alice"])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["name"], "n")

    def test_json_content_type_is_415(self):
        response = self.patch(self.doc["id"], [], content_type="application/json")
        self.assert_error(response, 415, "unsupportedMediaType")

    def test_replace_or_remove_of_a_missing_property_conflicts(self):
        for op in ({"op": "replace", "path": "/nope", "value": "x"},
                   {"op": "remove", "path": "/nope"}):
            self.assert_error(self.patch(self.doc["id"], [op]), 409, "conflictingRequest")

    def test_read_only_and_base_attributes_refuse(self):
        for op in ({"op": "replace", "path": "/status", "value": "active"},
                   {"op": "replace", "path": "/id", "value": UUID},
                   {"op": "remove", "path": "/name"}):
            self.assert_error(self.patch(self.doc["id"], [op]), 403, "forbidden")

    def test_invalid_values_and_operations_are_400(self):
        for op in ({"op": "replace", "path": "/min_ram", "value": -5},
                   {"op": "move", "path": "/name"},
                   {"op": "replace", "path": "/name"},
                   {"op": "add", "path": "/a/b", "value": "x"}):
            self.assert_error(self.patch(self.doc["id"], [op]), 400, "badRequest")

    def test_member_cannot_publicize(self):
        op = [{"op": "replace", "path": "/visibility", "value": "public"}]
        self.assert_error(self.patch(self.doc["id"], op), 403, "forbidden")
        self.assertEqual(self.patch(self.doc["id"], op, as_user="admin").status_code, 200)

    def test_other_projects_cannot_change_a_public_image(self):
        image = self.created(as_user="admin", visibility="public")
        op = [{"op": "replace", "path": "/name", "value": "mine"}]
        self.assert_error(self.patch(image["id"], op, as_user="bob"), 403, "forbidden")

    def test_disk_format_changes_only_while_queued(self):
        image = self.active()
        op = [{"op": "replace", "path": "/disk_format", "value": "qcow2"}]
        self.assert_error(self.patch(image["id"], op), 403, "forbidden")
        self.assertEqual(self.patch(self.doc["id"], op).status_code, 200)


class TagTests(GlanceTestCase):
    def test_put_adds_and_delete_removes_a_tag(self):
        image = self.created(tags=["a"])
        url = f"{V2}/images/{image['id']}/tags"
        self.assertEqual(self.call("PUT", f"{url}/b").status_code, 204)
        self.assertEqual(self.call("PUT", f"{url}/b").status_code, 204)  # again: no change
        self.assertEqual(self.image(image["id"]).tags, ["a", "b"])
        self.assertEqual(self.call("DELETE", f"{url}/a").status_code, 204)
        self.assertEqual(self.image(image["id"]).tags, ["b"])
        self.assert_error(self.call("DELETE", f"{url}/a"), 404, "itemNotFound")

    def test_other_projects_cannot_tag(self):
        image = self.created(as_user="admin", visibility="public")
        self.assert_error(self.call("PUT", f"{V2}/images/{image['id']}/tags/x", as_user="bob"),
                          403, "forbidden")


class DeleteTests(GlanceTestCase):
    def test_delete_answers_204_then_404_and_removes_the_file(self):
        image = self.active()
        path = self.image(image["id"]).path
        self.assertTrue(os.path.exists(path))
        response = self.call("DELETE", f"{V2}/images/{image['id']}")
        self.assertEqual(response.status_code, 204)
        self.assertFalse(os.path.exists(path))
        self.assert_error(self.call("GET", f"{V2}/images/{image['id']}"), 404, "itemNotFound")
        self.assert_error(self.call("DELETE", f"{V2}/images/{image['id']}"), 404,
                          "itemNotFound")

    def test_protected_image_refuses_until_unprotected(self):
        image = self.created(protected=True)
        self.assert_error(self.call("DELETE", f"{V2}/images/{image['id']}"), 403, "forbidden")
        self.patch(image["id"], [{"op": "replace", "path": "/protected", "value": False}])
        self.assertEqual(self.call("DELETE", f"{V2}/images/{image['id']}").status_code, 204)

    def test_other_projects_get_403_on_public_404_on_private(self):
        public = self.created(as_user="admin", visibility="public")
        private = self.created(visibility="private")
        self.assert_error(self.call("DELETE", f"{V2}/images/{public['id']}", as_user="bob"),
                          403, "forbidden")
        self.assert_error(self.call("DELETE", f"{V2}/images/{private['id']}", as_user="bob"),
                          404, "itemNotFound")

    def test_a_deleted_image_no_longer_boots_servers(self):
        image = self.active(as_user="admin", visibility="public")
        make_flavor(flavorid="7")
        self.call("DELETE", f"{V2}/images/{image['id']}", as_user="admin")
        body = {"server": {"name": "vm", "imageRef": image["id"], "flavorRef": "7"}}
        response = self.call("POST", "/compute/v2.1/servers", body)
        self.assertIn("image", self.assert_error(response, 400, "badRequest"))

    def test_an_image_instances_boot_from_is_deletable_and_keeps_its_file(self):
        image = make_image()
        instance = make_instance(image=image, flavor=make_flavor(), project_id=image.owner)
        response = self.call("DELETE", f"{V2}/images/{image.id}", as_user="admin")
        self.assertEqual(response.status_code, 204)
        self.assertTrue(os.path.exists(image.path))  # the instance's overlay reads it
        instance.refresh_from_db()
        self.assertEqual((instance.image_ref, instance.image_id), (image.id, image.id))
