"""/servers/{id}/metadata: replace, merge, items, quota, locked and busy servers, tenancy."""
from django.utils import timezone

from compute.models import Instance
from tests.api.base import ApiTestCase
from tests.factories import make_host, make_instance

MISSING = "00000000-0000-0000-0000-000000000000"


class MetadataTestCase(ApiTestCase):
    def setUp(self):
        super().setUp()
        self.vm = make_instance(host=make_host(), project_id=self.project_a.id,
                                launched_at=timezone.now(), metadata={"a": "1", "b": "2"})
        self.url = f"/compute/v2.1/servers/{self.vm.uuid}/metadata"

    def stored(self):
        return Instance.objects.get(pk=self.vm.pk).metadata


class ReadTests(MetadataTestCase):
    def test_list_and_show(self):
        self.assertEqual(self.call("GET", self.url).json(), {"metadata": {"a": "1", "b": "2"}})
        self.assertEqual(self.call("GET", self.url + "/a", as_user="reader").json(),
                         {"meta": {"a": "1"}})

    def test_missing_item_unknown_and_foreign_servers_are_404(self):
        self.assert_error(self.call("GET", self.url + "/zz"), 404, "itemNotFound")
        self.assert_error(self.call("GET", self.url, as_user="bob"), 404, "itemNotFound")
        self.assert_error(self.call("GET", f"/compute/v2.1/servers/{MISSING}/metadata"), 404,
                          "itemNotFound")


class WriteTests(MetadataTestCase):
    def test_put_replaces_everything(self):
        response = self.call("PUT", self.url, {"metadata": {"c": "3"}})
        self.assertEqual((response.status_code, response.json()), (200, {"metadata": {"c": "3"}}))
        self.assertEqual(self.stored(), {"c": "3"})

    def test_post_merges(self):
        response = self.call("POST", self.url, {"metadata": {"b": "two", "c": "3"}})
        self.assertEqual(response.json(), {"metadata": {"a": "1", "b": "two", "c": "3"}})
        self.assertEqual(self.stored(), {"a": "1", "b": "two", "c": "3"})

    def test_put_one_item_and_delete_one(self):
        response = self.call("PUT", self.url + "/new key", {"meta": {"new key": "v"}})
        self.assertEqual(response.json(), {"meta": {"new key": "v"}})
        self.assertEqual(self.call("DELETE", self.url + "/a").status_code, 204)
        self.assertEqual(self.stored(), {"b": "2", "new key": "v"})
        self.assert_error(self.call("DELETE", self.url + "/a"), 404, "itemNotFound")

    def test_bad_bodies_are_400(self):
        cases = [("PUT", "/k", {"meta": {"other": "v"}}), ("PUT", "/k", {"meta": {}}),
                 ("PUT", "/k", {"meta": {"k": "v", "l": "w"}}),
                 ("PUT", "", {"metadata": {"": "blank"}}), ("POST", "", {"meta": {"a": "b"}}),
                 ("POST", "", {"metadata": {"k": 1}}), ("PUT", "", {"metadata": {"k" * 256: "v"}})]
        for method, path, body in cases:
            with self.subTest(method=method, body=body):
                self.assert_error(self.call(method, self.url + path, body), 400, "badRequest")
        self.assertEqual(self.stored(), {"a": "1", "b": "2"})

    def test_going_over_the_metadata_items_quota_is_403(self):
        many = {f"key{n}": "v" for n in range(127)}
        self.assert_error(self.call("POST", self.url, {"metadata": many}), 403, "forbidden")
        self.assert_error(self.call("PUT", self.url, {"metadata": {**many, "x": "", "y": ""}}),
                          403, "forbidden")
        self.assertEqual(self.call("PUT", self.url, {"metadata": {**many, "x": ""}}).status_code,
                         200)


class RefusalTests(MetadataTestCase):
    def test_locked_server_refuses_its_owner_but_not_an_admin(self):
        Instance.objects.filter(pk=self.vm.pk).update(locked=True)
        self.assert_error(self.call("POST", self.url, {"metadata": {"c": "3"}}), 409,
                          "conflictingRequest")
        response = self.call("POST", self.url, {"metadata": {"c": "3"}}, as_user="admin")
        self.assertEqual(response.status_code, 200)

    def test_building_or_busy_servers_are_409(self):
        for fields in ({"vm_state": "building"}, {"task_state": "rebooting"},
                       {"vm_state": "error"}):
            with self.subTest(fields=fields):
                Instance.objects.filter(pk=self.vm.pk).update(
                    **{"vm_state": "active", "task_state": None, **fields})
                message = self.assert_error(self.call("DELETE", self.url + "/a"), 409,
                                            "conflictingRequest")
                self.assertIn("Cannot 'delete metadata' instance", message)

    def test_readers_and_other_projects_cannot_write(self):
        body = {"metadata": {"c": "3"}}
        self.assert_error(self.call("POST", self.url, body, as_user="reader"), 403, "forbidden")
        self.assert_error(self.call("PUT", self.url, body, as_user="bob"), 404, "itemNotFound")
        self.assertEqual(self.stored(), {"a": "1", "b": "2"})
