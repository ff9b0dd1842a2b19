"""Compute flavor access: listing, addTenantAccess and removeTenantAccess (admin only)."""
from compute.models import FlavorAccess
from tests.api.microversion_case import MicroversionTestCase
from tests.factories import make_flavor

FLAVOR = "/compute/v2.1/flavors/priv"


class FlavorAccessTests(MicroversionTestCase):
    def setUp(self):
        super().setUp()
        self.private = make_flavor("private", flavorid="priv", is_public=False)
        self.public = make_flavor("public", flavorid="pub")

    def action(self, name, tenant, flavor=FLAVOR, as_user="admin", version=None):
        return self.call("POST", f"{flavor}/action", {name: {"tenant": tenant}},
                         as_user=as_user, version=version)

    def test_add_lists_access_and_lets_the_project_see_the_flavor(self):
        response = self.action("addTenantAccess", self.project_a.id)
        self.assertEqual(response.status_code, 200, response.content)
        expected = {"flavor_access": [{"flavor_id": "priv", "tenant_id": self.project_a.id}]}
        self.assertEqual(response.json(), expected)
        listed = self.call("GET", f"{FLAVOR}/os-flavor-access", as_user="admin")
        self.assertEqual(listed.json(), expected)
        self.assertEqual(self.call("GET", FLAVOR).status_code, 200)
        self.assert_error(self.call("GET", FLAVOR, as_user="bob"), 404, "itemNotFound")

    def test_adding_twice_is_409(self):
        self.action("addTenantAccess", self.project_a.id)
        response = self.action("addTenantAccess", self.project_a.id)
        self.assert_error(response, 409, "conflictingRequest")

    def test_unknown_project_is_400(self):
        message = self.assert_error(self.action("addTenantAccess", "nope"), 400, "badRequest")
        self.assertEqual(message, "Project ID nope is not a valid project.")

    def test_adding_to_a_public_flavor_is_409_from_2_7(self):
        public = "/compute/v2.1/flavors/pub"
        self.assertEqual(self.action("addTenantAccess", self.project_a.id, public).status_code,
                         200)
        response = self.action("addTenantAccess", self.project_b.id, public, version="2.7")
        self.assertEqual(self.assert_error(response, 409, "conflictingRequest"),
                         "Can not add access to a public flavor.")

    def test_remove_then_remove_again_is_404(self):
        self.action("addTenantAccess", self.project_a.id)
        response = self.action("removeTenantAccess", self.project_a.id)
        self.assertEqual(response.json(), {"flavor_access": []})
        self.assertFalse(FlavorAccess.objects.exists())
        self.assert_error(self.action("removeTenantAccess", self.project_a.id), 404,
                          "itemNotFound")

    def test_public_flavor_has_no_access_list(self):
        response = self.call("GET", "/compute/v2.1/flavors/pub/os-flavor-access",
                             as_user="admin")
        self.assertEqual(self.assert_error(response, 404, "itemNotFound"),
                         "Access list not available for public flavors.")

    def test_unknown_flavor_is_404(self):
        response = self.action("addTenantAccess", self.project_a.id,
                               "/compute/v2.1/flavors/none")
        self.assert_error(response, 404, "itemNotFound")

    def test_non_admins_are_refused(self):
        self.assert_error(self.action("addTenantAccess", self.project_a.id, as_user="alice"),
                          403, "forbidden")
        self.assert_error(self.action("removeTenantAccess", self.project_a.id,
                                      as_user="alice"), 403, "forbidden")
        self.assert_error(self.call("GET", f"{FLAVOR}/os-flavor-access"), 403, "forbidden")

    def test_missing_tenant_and_unknown_action_are_400(self):
        response = self.call("POST", f"{FLAVOR}/action", {"addTenantAccess": {}},
                             as_user="admin")
        self.assert_error(response, 400, "badRequest")
        response = self.call("POST", f"{FLAVOR}/action", {"shrink": {}}, as_user="admin")
        self.assert_error(response, 400, "badRequest")
