"""Compute /flavors: list filters, sorting and paging, show, create, update, delete, the
rendering at each microversion, tenancy and policy."""
import uuid

from compute.models import Flavor, FlavorAccess
from tests.api.microversion_case import MicroversionTestCase
from tests.factories import make_flavor

FLAVORS = "/compute/v2.1/flavors"
DETAIL_KEYS_21 = {"id", "name", "ram", "disk", "vcpus", "links", "OS-FLV-EXT-DATA:ephemeral",
                  "OS-FLV-DISABLED:disabled", "os-flavor-access:is_public", "swap",
                  "rxtx_factor"}


class FlavorTestCase(MicroversionTestCase):
    def setUp(self):
        super().setUp()
        self.tiny = make_flavor("m1.tiny", flavorid="1", memory_mb=512, root_gb=1)
        self.small = make_flavor("m1.small", flavorid="2", memory_mb=2048, root_gb=20,
                                 vcpus=2, extra_specs={"hw:cpu_policy": "shared"})
        self.shared = make_flavor("private-a", flavorid="pa", memory_mb=1024, is_public=False)
        FlavorAccess.objects.create(flavor=self.shared, project_id=self.project_a.id)
        self.hidden = make_flavor("private-b", flavorid="pb", memory_mb=1024, is_public=False)
        self.old = make_flavor("old", flavorid="old", memory_mb=256, disabled=True)

    def ids(self, response):
        self.assertEqual(response.status_code, 200, response.content)
        return [f["id"] for f in response.json()["flavors"]]

    def create(self, as_user="admin", version=None, **flavor):
        body = {"flavor": {"name": "f1", "ram": 512, "vcpus": 1, "disk": 1, "id": None,
                           **flavor}}
        return self.call("POST", FLAVORS, body, as_user=as_user, version=version)


class ListTests(FlavorTestCase):
    def test_brief_list_has_id_name_links_only(self):
        flavors = self.call("GET", FLAVORS).json()["flavors"]
        self.assertEqual(set(flavors[0]), {"id", "name", "links"})
        self.assertTrue(flavors[0]["links"][0]["href"].endswith(f"/flavors/{flavors[0]['id']}"))

    def test_member_sees_public_and_shared_but_not_disabled_or_unshared(self):
        self.assertEqual(self.ids(self.call("GET", FLAVORS)), ["1", "2", "pa"])
        self.assertEqual(self.ids(self.call("GET", FLAVORS, as_user="bob")), ["1", "2"])

    def test_member_cannot_widen_with_is_public(self):
        self.assertEqual(self.ids(self.call("GET", f"{FLAVORS}?is_public=None", as_user="bob")),
                         ["1", "2"])

    def test_admin_is_public_true_by_default_none_for_all_false_for_private(self):
        self.assertEqual(self.ids(self.call("GET", FLAVORS, as_user="admin")),
                         ["1", "2", "old"])
        self.assertEqual(self.ids(self.call("GET", f"{FLAVORS}?is_public=None",
                                            as_user="admin")), ["1", "2", "old", "pa", "pb"])
        self.assertEqual(self.ids(self.call("GET", f"{FLAVORS}?is_public=false",
                                            as_user="admin")), ["pa", "pb"])

    def test_is_public_spellings(self):
        for word in ("f", "false", "no", "0"):
            self.assertIn("pb", self.ids(self.call("GET", f"{FLAVORS}/detail?is_public={word}",
                                                   as_user="admin")))
        for word in ("t", "true", "yes", "1"):
            self.assertIn("1", self.ids(self.call("GET", f"{FLAVORS}/detail?is_public={word}",
                                                  as_user="admin")))

    def test_bad_is_public_is_400(self):
        response = self.call("GET", f"{FLAVORS}?is_public=maybe", as_user="admin")
        self.assertIn("Invalid is_public filter", self.assert_error(response, 400, "badRequest"))

    def test_min_ram_and_min_disk_filter(self):
        self.assertEqual(self.ids(self.call("GET", f"{FLAVORS}?minRam=1024")), ["2", "pa"])
        self.assertEqual(self.ids(self.call("GET", f"{FLAVORS}/detail?minDisk=10")), ["2"])

    def test_bad_min_ram_is_400(self):
        self.assert_error(self.call("GET", f"{FLAVORS}?minRam=lots"), 400, "badRequest")

    def test_sort_key_and_dir(self):
        self.assertEqual(self.ids(self.call("GET", f"{FLAVORS}?sort_key=memory_mb&sort_dir=desc")),
                         ["2", "pa", "1"])

    def test_bad_sort_key_is_400(self):
        self.assert_error(self.call("GET", f"{FLAVORS}?sort_key=colour"), 400, "badRequest")

    def test_limit_gives_a_next_link_and_marker_the_next_page(self):
        body = self.call("GET", f"{FLAVORS}/detail?limit=2").json()
        self.assertEqual([f["id"] for f in body["flavors"]], ["1", "2"])
        href = body["flavors_links"][0]["href"]
        self.assertIn("/compute/v2.1/flavors/detail?", href)
        self.assertIn("marker=2", href)
        self.assertEqual(self.ids(self.call("GET", f"{FLAVORS}/detail?limit=2&marker=2")),
                         ["pa"])

    def test_unknown_marker_is_400(self):
        self.assert_error(self.call("GET", f"{FLAVORS}?marker=nope"), 400, "badRequest")

    def test_negative_limit_is_400(self):
        self.assert_error(self.call("GET", f"{FLAVORS}?limit=-1"), 400, "badRequest")

    def test_no_token_is_401(self):
        self.assert_error(self.call("GET", FLAVORS, as_user=None), 401, "unauthorized")


class RenderingTests(FlavorTestCase):
    def detail(self, version, flavor_id="2"):
        response = self.call("GET", f"{FLAVORS}/{flavor_id}", version=version)
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()["flavor"]

    def test_detail_at_2_1_is_exactly_nova_keys_with_empty_swap(self):
        flavor = self.detail("2.1")
        self.assertEqual(set(flavor), DETAIL_KEYS_21)
        self.assertEqual((flavor["swap"], flavor["ram"], flavor["disk"], flavor["vcpus"],
                          flavor["rxtx_factor"]), ("", 2048, 20, 2, 1.0))

    def test_description_from_2_55_and_extra_specs_from_2_61(self):
        self.assertEqual(set(self.detail("2.55")), DETAIL_KEYS_21 | {"description"})
        flavor = self.detail("2.61")
        self.assertEqual(flavor["extra_specs"], {"hw:cpu_policy": "shared"})
        self.assertIsNone(flavor["description"])

    def test_swap_is_an_integer_from_2_75(self):
        self.assertEqual(self.detail("2.75")["swap"], 0)

    def test_brief_list_has_description_from_2_55(self):
        flavors = self.call("GET", FLAVORS, version="2.55").json()["flavors"]
        self.assertEqual(set(flavors[0]), {"id", "name", "links", "description"})

    def test_detail_list_items_match_show(self):
        listed = self.call("GET", f"{FLAVORS}/detail", version="2.61").json()["flavors"]
        self.assertEqual(next(f for f in listed if f["id"] == "2"), self.detail("2.61"))


class ShowTests(FlavorTestCase):
    def test_unknown_flavor_is_404_json(self):
        message = self.assert_error(self.call("GET", f"{FLAVORS}/m1.huge"), 404, "itemNotFound")
        self.assertEqual(message, "Flavor m1.huge could not be found.")

    def test_private_flavor_is_404_for_projects_without_access(self):
        self.assert_error(self.call("GET", f"{FLAVORS}/pb"), 404, "itemNotFound")
        self.assertEqual(self.call("GET", f"{FLAVORS}/pa").status_code, 200)
        self.assertEqual(self.call("GET", f"{FLAVORS}/pb", as_user="admin").status_code, 200)


class CreateTests(FlavorTestCase):
    def test_admin_creates_with_null_id_as_generated_uuid(self):
        response = self.create()
        self.assertEqual(response.status_code, 200, response.content)
        flavor = response.json()["flavor"]
        self.assertEqual(str(uuid.UUID(flavor["id"])), flavor["id"])
        self.assertEqual(set(flavor), DETAIL_KEYS_21)
        self.assertEqual((flavor["ram"], flavor["swap"], flavor["os-flavor-access:is_public"]),
                         (512, "", True))

    def test_numeric_id_and_string_sizes(self):
        flavor = self.create(id=1234, ram="1024", vcpus="2", swap=512,
                             **{"OS-FLV-EXT-DATA:ephemeral": 5, "rxtx_factor": 2.0}
                             ).json()["flavor"]
        self.assertEqual((flavor["id"], flavor["ram"], flavor["vcpus"], flavor["swap"]),
                         ("1234", 1024, 2, 512))
        stored = Flavor.objects.get(flavorid="1234")
        self.assertEqual((stored.ephemeral_gb, stored.rxtx_factor), (5, 2.0))

    def test_private_flavor_is_not_shared_with_the_creator(self):
        self.create(id="priv", **{"os-flavor-access:is_public": "False"})
        self.assertFalse(Flavor.objects.get(flavorid="priv").is_public)
        self.assertFalse(FlavorAccess.objects.filter(flavor__flavorid="priv").exists())

    def test_duplicate_name_is_409(self):
        message = self.assert_error(self.create(name="m1.tiny"), 409, "conflictingRequest")
        self.assertEqual(message, "Flavor with name m1.tiny already exists.")

    def test_duplicate_id_is_409(self):
        message = self.assert_error(self.create(id="1"), 409, "conflictingRequest")
        self.assertEqual(message, "Flavor with ID 1 already exists.")

    def test_invalid_sizes_are_400(self):
        for bad in ({"ram": 0}, {"vcpus": "0"}, {"disk": -1}, {"ram": "lots"},
                    {"swap": -5}, {"rxtx_factor": 0}, {"name": "  "}, {"name": ""},
                    {"id": " x"}, {"bogus": 1}):
            with self.subTest(bad=bad):
                self.assert_error(self.create(**bad), 400, "badRequest")
        self.assertFalse(Flavor.objects.filter(name="f1").exists())

    def test_zero_vcpus_string_names_the_rule(self):
        message = self.assert_error(self.create(vcpus="0"), 400, "badRequest")
        self.assertEqual(message, "Invalid input received: vcpus must be >= 1")

    def test_description_only_from_2_55(self):
        self.assert_error(self.create(description="d"), 400, "badRequest")
        flavor = self.create(version="2.55", description="small one").json()["flavor"]
        self.assertEqual(flavor["description"], "small one")

    def test_create_at_2_61_shows_empty_extra_specs(self):
        self.assertEqual(self.create(version="2.61").json()["flavor"]["extra_specs"], {})

    def test_member_and_reader_cannot_create(self):
        message = self.assert_error(self.create(as_user="alice"), 403, "forbidden")
        self.assertIn("os-flavor-manage:create", message)
        self.assert_error(self.create(as_user="reader"), 403, "forbidden")
        self.assertFalse(Flavor.objects.filter(name="f1").exists())


class UpdateDeleteTests(FlavorTestCase):
    def update(self, as_user="admin", version="2.55", description="new"):
        return self.call("PUT", f"{FLAVORS}/2", {"flavor": {"description": description}},
                         as_user=as_user, version=version)

    def test_admin_updates_description_from_2_55(self):
        response = self.update()
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["flavor"]["description"], "new")
        self.assertEqual(Flavor.objects.get(flavorid="2").description, "new")

    def test_update_below_2_55_is_404(self):
        self.assert_error(self.update(version="2.1"), 404, "itemNotFound")

    def test_update_other_fields_is_400(self):
        response = self.call("PUT", f"{FLAVORS}/2", {"flavor": {"name": "x"}},
                             as_user="admin", version="2.55")
        self.assert_error(response, 400, "badRequest")

    def test_member_cannot_update(self):
        self.assert_error(self.update(as_user="alice"), 403, "forbidden")

    def test_admin_deletes_with_202_then_404(self):
        response = self.call("DELETE", f"{FLAVORS}/1", as_user="admin")
        self.assertEqual(response.status_code, 202)
        self.assert_error(self.call("GET", f"{FLAVORS}/1"), 404, "itemNotFound")
        self.assert_error(self.call("DELETE", f"{FLAVORS}/1", as_user="admin"), 404,
                          "itemNotFound")

    def test_member_cannot_delete(self):
        self.assert_error(self.call("DELETE", f"{FLAVORS}/1"), 403, "forbidden")
        self.assertTrue(Flavor.objects.filter(flavorid="1").exists())
