"""/servers/{id}/tags (2.26+), tags in server documents, create with tags (2.52), filters."""
from django.utils import timezone

from compute.models import Instance
from tests.api.microversion_case import MicroversionTestCase
from tests.factories import make_flavor, make_host, make_image, make_instance


class TagTestCase(MicroversionTestCase):
    microversion = "2.26"

    def setUp(self):
        super().setUp()
        self.vm = make_instance(host=make_host(), project_id=self.project_a.id,
                                launched_at=timezone.now(), tags=["one", "two"])
        self.url = f"/compute/v2.1/servers/{self.vm.uuid}/tags"

    def stored(self):
        return Instance.objects.get(pk=self.vm.pk).tags


class TagApiTests(TagTestCase):
    def test_list_and_check_existence(self):
        self.assertEqual(self.call("GET", self.url, as_user="reader").json(),
                         {"tags": ["one", "two"]})
        self.assertEqual(self.call("GET", self.url + "/one").status_code, 204)
        self.assert_error(self.call("GET", self.url + "/three"), 404, "itemNotFound")

    def test_add_is_201_with_location_then_204(self):
        response = self.call("PUT", self.url + "/three")
        self.assertEqual(response.status_code, 201)
        self.assertTrue(response["Location"].endswith(f"/servers/{self.vm.uuid}/tags/three"))
        self.assertEqual(self.call("PUT", self.url + "/three").status_code, 204)
        self.assertEqual(self.stored(), ["one", "two", "three"])

    def test_replace_all_collapses_duplicates_and_delete_all(self):
        response = self.call("PUT", self.url, {"tags": ["x", "y", "x"]})
        self.assertEqual(response.json(), {"tags": ["x", "y"]})
        self.assertEqual(self.call("DELETE", self.url).status_code, 204)
        self.assertEqual(self.stored(), [])

    def test_delete_one_then_it_is_404(self):
        self.assertEqual(self.call("DELETE", self.url + "/one").status_code, 204)
        self.assert_error(self.call("DELETE", self.url + "/one"), 404, "itemNotFound")
        self.assertEqual(self.stored(), ["two"])

    def test_invalid_tags_and_too_many_are_400(self):
        Instance.objects.filter(pk=self.vm.pk).update(tags=[f"t{n}" for n in range(50)])
        cases = [("PUT", "/a,b", None), ("PUT", "/" + "x" * 61, None), ("PUT", "/fifty-one", None),
                 ("PUT", "", {"tags": [f"t{n}" for n in range(51)]}), ("PUT", "", {"tags": [""]}),
                 ("PUT", "", {"tags": "one"}), ("PUT", "", {})]
        for method, path, body in cases:
            with self.subTest(path=path, body=body):
                self.assert_error(self.call(method, self.url + path, body), 400, "badRequest")

    def test_building_server_is_409(self):
        Instance.objects.filter(pk=self.vm.pk).update(vm_state="building")
        self.assert_error(self.call("PUT", self.url + "/x"), 409, "conflictingRequest")
        self.assert_error(self.call("DELETE", self.url), 409, "conflictingRequest")

    def test_tenancy_and_readers(self):
        self.assert_error(self.call("GET", self.url, as_user="bob"), 404, "itemNotFound")
        self.assert_error(self.call("PUT", self.url + "/x", as_user="reader"), 403, "forbidden")
        self.assert_error(self.call("DELETE", self.url, as_user="bob"), 404, "itemNotFound")

    def test_tags_are_unknown_before_2_26(self):
        self.assert_error(self.call("GET", self.url, version="2.25"), 404, "itemNotFound")


class ServerDocumentTests(TagTestCase):
    def test_server_shows_tags_from_2_26(self):
        path = f"/compute/v2.1/servers/{self.vm.uuid}"
        self.assertEqual(self.call("GET", path).json()["server"]["tags"], ["one", "two"])
        self.assertNotIn("tags", self.call("GET", path, version="2.25").json()["server"])

    def test_create_with_tags_from_2_52(self):
        make_flavor("m1.tags", flavorid="77")
        image = make_image(with_file=False)
        body = {"server": {"name": "t", "imageRef": image.id, "flavorRef": "77",
                           "tags": ["a", "b"], "networks": "none"}}
        with self.captureOnCommitCallbacks(execute=False):
            self.assert_error(self.call("POST", "/compute/v2.1/servers", body, version="2.51"),
                              400, "badRequest")
            response = self.call("POST", "/compute/v2.1/servers", body, version="2.52")
        self.assertEqual(response.status_code, 202, response.content)
        created = Instance.objects.get(uuid=response.json()["server"]["id"])
        self.assertEqual(created.tags, ["a", "b"])

    def test_list_filters_by_tags(self):
        make_instance(project_id=self.project_a.id, display_name="red", tags=["red"])
        make_instance(project_id=self.project_a.id, display_name="both", tags=["red", "one"])
        self.vm.display_name = "vm"
        self.vm.save()

        def names(query):
            response = self.call("GET", "/compute/v2.1/servers/detail?" + query)
            return sorted(s["name"] for s in response.json()["servers"])
        self.assertEqual(names("tags=red,one"), ["both"])
        self.assertEqual(names("tags-any=red,two"), ["both", "red", "vm"])
        self.assertEqual(names("not-tags=red,one"), ["red", "vm"])
        self.assertEqual(names("not-tags-any=red"), ["vm"])
