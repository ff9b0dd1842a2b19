"""Compute /flavors/{id}/os-extra_specs: everyone who sees the flavor reads; admins write."""
from compute.models import Flavor
from tests.api.base import ApiTestCase
from tests.factories import make_flavor

SPECS = "/compute/v2.1/flavors/7/os-extra_specs"


class ExtraSpecsTests(ApiTestCase):
    def setUp(self):
        super().setUp()
        self.flavor = make_flavor("m1.specs", flavorid="7", extra_specs={"hw:numa_nodes": "1"})

    def specs(self):
        return Flavor.objects.get(pk=self.flavor.pk).extra_specs

    def test_member_lists_and_shows(self):
        self.assertEqual(self.call("GET", SPECS).json(), {"extra_specs": {"hw:numa_nodes": "1"}})
        self.assertEqual(self.call("GET", f"{SPECS}/hw:numa_nodes").json(),
                         {"hw:numa_nodes": "1"})

    def test_unknown_key_is_404(self):
        message = self.assert_error(self.call("GET", f"{SPECS}/nope"), 404, "itemNotFound")
        self.assertEqual(message, "Flavor 7 has no extra specs with key nope.")

    def test_unknown_flavor_is_404(self):
        response = self.call("GET", "/compute/v2.1/flavors/404/os-extra_specs")
        self.assert_error(response, 404, "itemNotFound")

    def test_admin_sets_specs_numbers_are_stored_as_strings(self):
        body = {"extra_specs": {"hw:cpu_policy": "dedicated", "quota:cpu_shares": 2048}}
        response = self.call("POST", SPECS, body, as_user="admin")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json(), body)
        self.assertEqual(self.specs(), {"hw:numa_nodes": "1", "hw:cpu_policy": "dedicated",
                                        "quota:cpu_shares": "2048"})

    def test_bad_key_is_400(self):
        response = self.call("POST", SPECS, {"extra_specs": {"bad/key": "x"}}, as_user="admin")
        self.assert_error(response, 400, "badRequest")

    def test_admin_updates_one_key(self):
        response = self.call("PUT", f"{SPECS}/hw:numa_nodes", {"hw:numa_nodes": "2"},
                             as_user="admin")
        self.assertEqual(response.json(), {"hw:numa_nodes": "2"})
        self.assertEqual(self.specs(), {"hw:numa_nodes": "2"})

    def test_update_with_body_key_not_the_url_key_is_400(self):
        response = self.call("PUT", f"{SPECS}/hw:numa_nodes", {"other": "2"}, as_user="admin")
        self.assertEqual(self.assert_error(response, 400, "badRequest"),
                         "Request body and URI mismatch")

    def test_update_with_two_keys_is_400(self):
        response = self.call("PUT", f"{SPECS}/a", {"a": "1", "b": "2"}, as_user="admin")
        self.assert_error(response, 400, "badRequest")

    def test_admin_deletes_a_key_and_a_missing_one_is_404(self):
        response = self.call("DELETE", f"{SPECS}/hw:numa_nodes", as_user="admin")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.specs(), {})
        self.assert_error(self.call("DELETE", f"{SPECS}/hw:numa_nodes", as_user="admin"),
                          404, "itemNotFound")

    def test_members_cannot_write(self):
        self.assert_error(self.call("POST", SPECS, {"extra_specs": {"a": "b"}}), 403,
                          "forbidden")
        self.assert_error(self.call("PUT", f"{SPECS}/a", {"a": "b"}), 403, "forbidden")
        self.assert_error(self.call("DELETE", f"{SPECS}/hw:numa_nodes"), 403, "forbidden")
        self.assertEqual(self.specs(), {"hw:numa_nodes": "1"})

    def test_private_flavor_specs_are_404_without_access(self):
        make_flavor("secret", flavorid="s", is_public=False)
        response = self.call("GET", "/compute/v2.1/flavors/s/os-extra_specs")
        self.assert_error(response, 404, "itemNotFound")
