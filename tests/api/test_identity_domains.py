"""Keystone v3 /domains: only "default" exists, and it cannot be changed."""
from tests.api.identity_case import IdentityTestCase

DOMAIN_KEYS = {"id", "name", "description", "enabled", "tags", "options", "links"}


class DomainTests(IdentityTestCase):
    def test_list_by_name_default_finds_it(self):
        domains = self.assert_status(self.v3("GET", "/domains?name=Default"), 200)["domains"]
        self.assertEqual([(d["id"], d["name"]) for d in domains], [("default", "Default")])
        self.assertEqual(set(domains[0]), DOMAIN_KEYS)

    def test_list_by_other_name_is_empty(self):
        self.assertEqual(self.v3("GET", "/domains?name=Other").json()["domains"], [])
        self.assertEqual(self.v3("GET", "/domains?enabled=false").json()["domains"], [])

    def test_show_default_for_any_token(self):
        domain = self.assert_status(self.v3("GET", "/domains/default", as_user="alice"), 200)
        self.assertTrue(domain["domain"]["links"]["self"].endswith("/identity/v3/domains/default"))

    def test_unknown_domain_is_404(self):
        self.assert_keystone_error(self.v3("GET", "/domains/other"), 404, "Not Found")

    def test_no_token_is_401(self):
        self.assert_keystone_error(self.v3("GET", "/domains", as_user=None), 401,
                                   "Unauthorized")

    def test_admin_creating_a_domain_is_501_with_a_clear_message(self):
        response = self.v3("POST", "/domains", {"domain": {"name": "d2"}})
        message = self.assert_keystone_error(response, 501, "Not Implemented")
        self.assertIn("Only the default domain", message)

    def test_member_creating_or_deleting_a_domain_is_403(self):
        response = self.v3("POST", "/domains", {"domain": {"name": "d2"}}, as_user="alice")
        self.assert_keystone_error(response, 403, "Forbidden")
        response = self.v3("DELETE", "/domains/default", as_user="alice")
        self.assert_keystone_error(response, 403, "Forbidden")
