"""Keystone v3 /roles: list, show, create (409 on duplicates), delete (immutable refused)."""
from django.contrib.auth import get_user_model

from api.models import Role, RoleAssignment, Token
from tests.api.identity_case import IdentityTestCase

ROLE_KEYS = {"id", "name", "domain_id", "description", "options", "links"}


class RoleTests(IdentityTestCase):
    def test_any_token_lists_roles_in_keystones_shape(self):
        roles = self.assert_status(self.v3("GET", "/roles", as_user="alice"), 200)["roles"]
        self.assertEqual([r["name"] for r in roles], ["admin", "member", "reader"])
        self.assertEqual(set(roles[0]), ROLE_KEYS)
        self.assertEqual(roles[0]["options"], {"immutable": True})

    def test_list_filters_by_name(self):
        roles = self.v3("GET", "/roles?name=member").json()["roles"]
        self.assertEqual([r["name"] for r in roles], ["member"])
        self.assertEqual(self.v3("GET", "/roles?domain_id=default").json()["roles"], [])

    def test_show_and_404(self):
        role = Role.objects.get(name="reader")
        self.assertEqual(self.assert_status(self.v3("GET", f"/roles/{role.id}"), 200)
                         ["role"]["name"], "reader")
        message = self.assert_keystone_error(self.v3("GET", "/roles/nope"), 404, "Not Found")
        self.assertEqual(message, "Could not find role: nope.")

    def test_no_token_is_401(self):
        self.assert_keystone_error(self.v3("GET", "/roles", as_user=None), 401, "Unauthorized")

    def test_admin_creates_role(self):
        body = {"role": {"name": "observer", "description": "looks"}}
        role = self.assert_status(self.v3("POST", "/roles", body), 201)["role"]
        self.assertEqual((role["name"], role["description"], role["options"]),
                         ("observer", "looks", {}))

    def test_create_duplicate_is_409(self):
        response = self.v3("POST", "/roles", {"role": {"name": "member"}})
        self.assert_keystone_error(response, 409, "Conflict")

    def test_create_domain_role_or_nameless_is_400(self):
        body = {"role": {"name": "x", "domain_id": "default"}}
        self.assert_keystone_error(self.v3("POST", "/roles", body), 400, "Bad Request")
        self.assert_keystone_error(self.v3("POST", "/roles", {"role": {}}), 400, "Bad Request")

    def test_member_cannot_create_or_delete(self):
        response = self.v3("POST", "/roles", {"role": {"name": "x"}}, as_user="alice")
        self.assert_keystone_error(response, 403, "Forbidden")
        role = Role.objects.create(name="custom")
        response = self.v3("DELETE", f"/roles/{role.id}", as_user="alice")
        self.assert_keystone_error(response, 403, "Forbidden")

    def test_delete_removes_assignments_and_revokes_their_tokens(self):
        role = Role.objects.create(name="custom")
        RoleAssignment.objects.create(user=self.bob, project=self.project_b, role=role)
        self.assert_status(self.v3("DELETE", f"/roles/{role.id}"), 204)
        self.assertFalse(Role.objects.filter(pk=role.pk).exists())
        self.assertFalse(Token.objects.filter(user=self.bob, revoked_at__isnull=True).exists())
        self.assertTrue(Token.objects.filter(user=self.alice, revoked_at__isnull=True).exists())

    def test_delete_immutable_role_is_403(self):
        role = Role.objects.get(name="member")
        self.assert_keystone_error(self.v3("DELETE", f"/roles/{role.id}"), 403, "Forbidden")
        self.assertTrue(Role.objects.filter(pk=role.pk).exists())

    def test_delete_unknown_is_404(self):
        self.assert_keystone_error(self.v3("DELETE", "/roles/nope"), 404, "Not Found")


class RoleDjangoAdminTests(IdentityTestCase):
    def test_django_admin_refuses_to_delete_immutable_roles_only(self):
        self.client.force_login(get_user_model().objects.create_superuser("op", password="x"))
        member = Role.objects.get(name="member")
        custom = Role.objects.create(name="custom")
        self.assertEqual(self.client.get(f"/admin/api/role/{member.pk}/delete/").status_code,
                         403)
        self.assertEqual(self.client.get(f"/admin/api/role/{custom.pk}/delete/").status_code,
                         200)
