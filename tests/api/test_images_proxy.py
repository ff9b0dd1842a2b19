"""Compute /images and /images/{id}/metadata: Nova's image proxy over the image records."""
from unittest import mock

from api import microversions
from compute.models import Image
from tests.api.glance_case import GlanceTestCase

IMAGES = "/compute/v2.1/images"
DETAIL_KEYS = {"id", "name", "minRam", "minDisk", "metadata", "created", "updated", "status",
               "progress", "OS-EXT-IMG-SIZE:size", "links"}
SERVER = "0f8c2bb1-8e6d-4c9f-9b58-4d6e8a1f2c3d"


class ShowTests(GlanceTestCase):
    def test_detail_is_nova_shaped_from_the_glance_record(self):
        doc = self.active(name="cirros", min_ram=64, os_distro="cirros")
        response = self.call("GET", f"{IMAGES}/{doc['id']}")
        self.assertEqual(response.status_code, 200)
        image = response.json()["image"]
        self.assertEqual(set(image), DETAIL_KEYS)
        self.assertEqual((image["status"], image["progress"], image["minRam"]),
                         ("ACTIVE", 100, 64))
        self.assertEqual(image["metadata"], {"os_distro": "cirros"})
        self.assertEqual(image["OS-EXT-IMG-SIZE:size"], 1024)
        self.assertTrue(image["created"].endswith("Z"))
        rels = [link["rel"] for link in image["links"]]
        self.assertEqual(rels, ["self", "bookmark", "alternate"])
        self.assertEqual(image["links"][2]["type"], "application/vnd.openstack.image")

    def test_glance_statuses_map_to_nova_ones(self):
        doc = self.created()
        for status, shown, progress in (("queued", "SAVING", 25), ("saving", "SAVING", 50),
                                        ("killed", "ERROR", 0), ("deactivated", "UNKNOWN", 0)):
            Image.objects.filter(id=doc["id"]).update(status=status)
            image = self.call("GET", f"{IMAGES}/{doc['id']}").json()["image"]
            self.assertEqual((image["status"], image["progress"]), (shown, progress), status)
        self.assertEqual(image["OS-EXT-IMG-SIZE:size"], 0)

    def test_a_snapshot_links_its_server_and_disk_config_shows(self):
        doc = self.created(instance_uuid=SERVER, auto_disk_config="True")
        image = self.call("GET", f"{IMAGES}/{doc['id']}").json()["image"]
        self.assertEqual(image["server"]["id"], SERVER)
        self.assertTrue(image["server"]["links"][0]["href"].endswith(f"/servers/{SERVER}"))
        self.assertEqual(image["OS-DCF:diskConfig"], "AUTO")

    def test_unknown_or_invisible_image_is_404(self):
        private = self.created(visibility="private")
        for image_id in ("a" * 36, private["id"]):
            message = self.assert_error(self.call("GET", f"{IMAGES}/{image_id}", as_user="bob"),
                                        404, "itemNotFound")
            self.assertEqual(message, "Image not found.")


class ListTests(GlanceTestCase):
    def setUp(self):
        super().setUp()
        self.one = self.active(name="one")
        self.snap = self.active(name="snap", instance_uuid=SERVER, image_type="snapshot",
                                min_disk=5)
        self.queued = self.created(name="queued")

    def names(self, query="", detail=False):
        response = self.call("GET", f"{IMAGES}{'/detail' if detail else ''}{query}")
        self.assertEqual(response.status_code, 200, response.content)
        return sorted(image["name"] for image in response.json()["images"])

    def test_brief_list_has_id_name_links_only(self):
        images = self.call("GET", IMAGES).json()["images"]
        self.assertEqual(set(images[0]), {"id", "name", "links"})
        self.assertEqual(self.names(), ["one", "queued", "snap"])

    def test_detail_list_renders_each_image(self):
        images = self.call("GET", f"{IMAGES}/detail").json()["images"]
        self.assertTrue(all(DETAIL_KEYS <= set(image) for image in images))

    def test_nova_filters(self):
        for detail in (False, True):
            self.assertEqual(self.names("?status=ACTIVE", detail), ["one", "snap"])
            self.assertEqual(self.names("?name=one", detail), ["one"])
            self.assertEqual(self.names("?type=snapshot", detail), ["snap"])
            self.assertEqual(self.names(f"?server={SERVER}", detail), ["snap"])
            self.assertEqual(self.names("?minDisk=5", detail), ["snap"])
            self.assertEqual(self.names("?property-image_type=snapshot", detail), ["snap"])

    def test_server_filter_takes_a_link(self):
        self.assertEqual(self.names(f"?server=http://x/compute/v2.1/servers/{SERVER}"),
                         ["snap"])

    def test_changes_since(self):
        since = self.one["created_at"]
        self.assertEqual(self.names(f"?changes-since={since}"), ["one", "queued", "snap"])
        self.assertEqual(self.names("?changes-since=2999-01-01T00:00:00Z"), [])

    def test_limit_gives_a_next_link_and_marker_continues(self):
        body = self.call("GET", f"{IMAGES}?limit=2").json()
        self.assertEqual(len(body["images"]), 2)
        self.assertEqual(body["images_links"][0]["rel"], "next")
        marker = body["images"][-1]["id"]
        rest = self.call("GET", f"{IMAGES}?limit=2&marker={marker}").json()
        self.assertEqual(len(rest["images"]), 1)
        self.assertNotIn("images_links", rest)

    def test_bad_marker_is_400(self):
        self.assert_error(self.call("GET", f"{IMAGES}?marker=nope"), 400, "badRequest")


class DeleteTests(GlanceTestCase):
    def test_delete_answers_204_then_404(self):
        doc = self.active()
        self.assertEqual(self.call("DELETE", f"{IMAGES}/{doc['id']}").status_code, 204)
        self.assert_error(self.call("GET", f"{IMAGES}/{doc['id']}"), 404, "itemNotFound")

    def test_deleting_unknown_ids_is_404(self):
        for image_id in ("a" * 36, "-1", "nope", ""):
            self.assert_error(self.call("DELETE", f"{IMAGES}/{image_id}"), 404, "itemNotFound")

    def test_protected_or_foreign_image_is_403(self):
        protected = self.created(protected=True)
        self.assert_error(self.call("DELETE", f"{IMAGES}/{protected['id']}"), 403, "forbidden")
        public = self.created(as_user="admin", visibility="public")
        self.assert_error(self.call("DELETE", f"{IMAGES}/{public['id']}"), 403, "forbidden")


class MetadataTests(GlanceTestCase):
    def setUp(self):
        super().setUp()
        self.doc = self.active(os_version="value1", os_distro="value2")
        self.url = f"{IMAGES}/{self.doc['id']}/metadata"

    def metadata(self):
        return self.call("GET", self.url).json()["metadata"]

    def test_list(self):
        self.assertEqual(self.metadata(), {"os_version": "value1", "os_distro": "value2"})

    def test_put_replaces_everything(self):
        body = {"metadata": {"os_version": "value2", "architecture": "value3"}}
        response = self.call("PUT", self.url, body)
        self.assertEqual(response.json(), body)
        self.assertEqual(self.metadata(), body["metadata"])

    def test_post_merges(self):
        response = self.call("POST", self.url, {"metadata": {"os_version": "alt1",
                                                             "architecture": "value3"}})
        expected = {"os_version": "alt1", "os_distro": "value2", "architecture": "value3"}
        self.assertEqual(response.json(), {"metadata": expected})
        self.assertEqual(self.metadata(), expected)

    def test_item_get_put_delete(self):
        self.assertEqual(self.call("GET", f"{self.url}/os_distro").json(),
                         {"meta": {"os_distro": "value2"}})
        response = self.call("PUT", f"{self.url}/os_version", {"meta": {"os_version": "alt"}})
        self.assertEqual(response.json(), {"meta": {"os_version": "alt"}})
        self.assertEqual(self.call("DELETE", f"{self.url}/os_version").status_code, 204)
        self.assertEqual(self.metadata(), {"os_distro": "value2"})
        self.assertEqual(self.image(self.doc["id"]).name, "img")  # core attributes kept

    def test_kernel_id_is_metadata_too(self):
        kernel = "6f2f0b8e-3c56-4d3f-9d0a-1b2c3d4e5f60"
        self.call("POST", self.url, {"metadata": {"kernel_id": kernel}})
        self.assertEqual(self.image(self.doc["id"]).kernel_id, kernel)
        self.call("DELETE", f"{self.url}/kernel_id")
        self.assertEqual(self.image(self.doc["id"]).kernel_id, "")

    def test_missing_items_and_images_are_404(self):
        self.assert_error(self.call("GET", f"{self.url}/nope"), 404, "itemNotFound")
        self.assert_error(self.call("DELETE", f"{self.url}/nope"), 404, "itemNotFound")
        other = f"{IMAGES}/{'b' * 36}/metadata"
        for method, path, body in (("GET", other, None),
                                   ("PUT", other, {"metadata": {"a": "b"}}),
                                   ("POST", other, {"metadata": {"a": "b"}}),
                                   ("GET", f"{other}/a", None),
                                   ("PUT", f"{other}/a", {"meta": {"a": "b"}}),
                                   ("DELETE", f"{other}/a", None)):
            self.assert_error(self.call(method, path, body), 404, "itemNotFound")

    def test_bad_bodies_are_400(self):
        for path, body in ((self.url, {"metadata": {"": "x"}}),
                           (f"{self.url}/a", {"meta": {"b": "x"}}),
                           (f"{self.url}/a", {"meta": {"a": "x", "b": "y"}}),
                           (self.url, {"meta": {"a": "x"}})):
            self.assert_error(self.call("PUT", path, body), 400, "badRequest")

    def test_more_than_128_items_is_403(self):
        items = {f"k{n}": "v" for n in range(129)}
        self.assert_error(self.call("PUT", self.url, {"metadata": items}), 403, "forbidden")

    def test_other_projects_cannot_change_a_public_image(self):
        public = self.active(as_user="admin", visibility="public")
        url = f"{IMAGES}/{public['id']}/metadata"
        self.assertEqual(self.call("GET", url, as_user="bob").status_code, 200)
        self.assert_error(self.call("POST", url, {"metadata": {"a": "b"}}, as_user="bob"), 403,
                          "forbidden")


@mock.patch.object(microversions, "MAX_VERSION", (2, 100))
class MicroversionTests(GlanceTestCase):
    """The proxies exist up to 2.35 (images) and 2.38 (metadata), as in Nova."""

    def test_images_proxy_ends_at_2_35(self):
        doc = self.active()
        self.assertEqual(self.call("GET", IMAGES, version="2.35").status_code, 200)
        self.assert_error(self.call("GET", IMAGES, version="2.36"), 404, "itemNotFound")
        self.assert_error(self.call("GET", f"{IMAGES}/{doc['id']}", version="2.36"), 404,
                          "itemNotFound")

    def test_metadata_proxy_ends_at_2_38(self):
        url = f"{IMAGES}/{self.active()['id']}/metadata"
        self.assertEqual(self.call("GET", url, version="2.38").status_code, 200)
        self.assert_error(self.call("GET", url, version="2.39"), 404, "itemNotFound")
