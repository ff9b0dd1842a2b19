"""Compute /extensions: Nova's fixed list and lookup by alias."""
from tests.api.base import ApiTestCase

EXTENSIONS = "/compute/v2.1/extensions"
KEYS = {"alias", "description", "links", "name", "namespace", "updated"}


class ExtensionTests(ApiTestCase):
    def test_list_has_nova_shape_and_the_entries_tempest_reads(self):
        extensions = self.call("GET", EXTENSIONS).json()["extensions"]
        self.assertTrue(all(set(e) == KEYS for e in extensions))
        self.assertIn("Hosts", [e["name"] for e in extensions])
        self.assertIn("os-keypairs", [e["alias"] for e in extensions])

    def test_show_by_alias(self):
        extension = self.call("GET", f"{EXTENSIONS}/os-consoles").json()["extension"]
        self.assertEqual((extension["alias"], extension["links"], extension["updated"]),
                         ("os-consoles", [], "2014-12-03T00:00:00Z"))

    def test_unknown_alias_is_404(self):
        self.assert_error(self.call("GET", f"{EXTENSIONS}/os-nothing"), 404, "itemNotFound")

    def test_needs_a_token(self):
        self.assert_error(self.call("GET", EXTENSIONS, as_user=None), 401, "unauthorized")
