"""Keystone v3 /users: shapes, admin/self policy, 404/409, password changes revoke tokens."""
from django.contrib.auth import authenticate, get_user_model

from api.models import RoleAssignment, Token, UserIdentity
from tests.api.identity_case import IdentityTestCase

USER_KEYS = {"id", "name", "domain_id", "enabled", "password_expires_at", "options", "links"}
SERVERS = "/compute/v2.1/servers"


class UserReadTests(IdentityTestCase):
    def test_admin_lists_users_in_keystones_shape(self):
        users = self.assert_status(self.v3("GET", "/users"), 200)["users"]
        self.assertEqual([u["name"] for u in users], ["admin-user", "alice", "bob", "reader"])
        self.assertEqual(set(users[1]), USER_KEYS)
        self.assertEqual(users[1]["id"], self.ids["alice"])

    def test_list_gives_identities_to_users_made_elsewhere(self):
        get_user_model().objects.create_user(username="from-admin", password="x")
        users = self.v3("GET", "/users?name=from-admin").json()["users"]
        self.assertEqual(len(users), 1)
        self.assertTrue(UserIdentity.objects.filter(pk=users[0]["id"]).exists())

    def test_list_filters_by_enabled_and_domain(self):
        self.bob.is_active = False
        self.bob.save()
        disabled = self.v3("GET", "/users?enabled=0").json()["users"]
        self.assertEqual([u["name"] for u in disabled], ["bob"])
        self.assertEqual(self.v3("GET", "/users?domain_id=other").json()["users"], [])

    def test_member_cannot_list_users(self):
        self.assert_keystone_error(self.v3("GET", "/users", as_user="alice"), 403, "Forbidden")

    def test_show_self_or_admin(self):
        path = f"/users/{self.ids['alice']}"
        self.assertEqual(self.assert_status(self.v3("GET", path, as_user="alice"), 200)
                         ["user"]["name"], "alice")
        self.assert_status(self.v3("GET", path), 200)
        self.assert_keystone_error(self.v3("GET", path, as_user="bob"), 403, "Forbidden")

    def test_show_unknown_is_404(self):
        message = self.assert_keystone_error(self.v3("GET", "/users/nope"), 404, "Not Found")
        self.assertEqual(message, "Could not find user: nope.")


class UserCreateTests(IdentityTestCase):
    def create(self, as_user="admin", **user):
        body = {"user": {"name": "tempest-u", "password": "pw", "domain_id": "default", **user}}
        return self.v3("POST", "/users", body, as_user=as_user)

    def test_create_answers_201_and_the_user_can_log_in(self):
        user = self.assert_status(self.create(), 201)["user"]
        self.assertEqual(set(user), USER_KEYS)
        self.assertTrue(user["enabled"])
        self.assertIsNotNone(authenticate(username="tempest-u", password="pw"))

    def test_create_with_optional_fields(self):
        user = self.assert_status(self.create(
            email="u@example.com", description="d", default_project_id=self.project_a.id,
            enabled=False, project_id="ignored-extra"), 201)["user"]
        self.assertEqual((user["email"], user["description"], user["default_project_id"],
                          user["enabled"]),
                         ("u@example.com", "d", self.project_a.id, False))

    def test_create_duplicate_is_409(self):
        self.assert_keystone_error(self.create(name="alice"), 409, "Conflict")

    def test_create_with_unknown_default_project_is_404(self):
        self.assert_keystone_error(self.create(default_project_id="nope"), 404, "Not Found")

    def test_create_in_unknown_domain_is_404(self):
        self.assert_keystone_error(self.create(domain_id="other"), 404, "Not Found")

    def test_create_with_bad_types_is_400(self):
        self.assert_keystone_error(self.create(enabled="yes"), 400, "Bad Request")
        self.assert_keystone_error(self.create(name=""), 400, "Bad Request")

    def test_member_cannot_create(self):
        self.assert_keystone_error(self.create(as_user="alice"), 403, "Forbidden")


class UserUpdateTests(IdentityTestCase):
    def patch(self, as_user="admin", **user):
        return self.v3("PATCH", f"/users/{self.ids['alice']}", {"user": user}, as_user=as_user)

    def test_update_fields(self):
        user = self.assert_status(self.patch(name="alice2", email="a@x.org", description="d",
                                             default_project_id=self.project_a.id), 200)["user"]
        self.assertEqual((user["name"], user["email"], user["description"],
                          user["default_project_id"]),
                         ("alice2", "a@x.org", "d", self.project_a.id))

    def test_update_clears_default_project(self):
        self.patch(default_project_id=self.project_a.id)
        user = self.assert_status(self.patch(default_project_id=None), 200)["user"]
        self.assertNotIn("default_project_id", user)

    def test_rename_to_taken_name_is_409(self):
        self.assert_keystone_error(self.patch(name="bob"), 409, "Conflict")

    def test_disabling_revokes_tokens(self):
        self.assert_status(self.patch(enabled=False), 200)
        self.assertFalse(Token.objects.filter(user=self.alice, revoked_at__isnull=True).exists())
        self.assert_error(self.call("GET", SERVERS), 401, "unauthorized")

    def test_new_password_revokes_tokens_and_works(self):
        self.assert_status(self.patch(password="new"), 200)
        self.assert_error(self.call("GET", SERVERS), 401, "unauthorized")
        self.assertIsNotNone(authenticate(username="alice", password="new"))

    def test_empty_update_is_400(self):
        self.assert_keystone_error(self.patch(), 400, "Bad Request")

    def test_member_cannot_update_even_self(self):
        self.assert_keystone_error(self.patch(as_user="alice", name="x"), 403, "Forbidden")


class UserDeleteTests(IdentityTestCase):
    def test_delete_removes_user_assignments_and_tokens(self):
        self.assert_status(self.v3("DELETE", f"/users/{self.ids['bob']}"), 204)
        self.assertFalse(get_user_model().objects.filter(username="bob").exists())
        self.assertFalse(RoleAssignment.objects.filter(user_id=self.bob.pk).exists())
        self.assert_error(self.call("GET", SERVERS, as_user="bob"), 401, "unauthorized")

    def test_delete_unknown_is_404(self):
        self.assert_keystone_error(self.v3("DELETE", "/users/nope"), 404, "Not Found")

    def test_member_cannot_delete(self):
        response = self.v3("DELETE", f"/users/{self.ids['bob']}", as_user="alice")
        self.assert_keystone_error(response, 403, "Forbidden")


class PasswordChangeTests(IdentityTestCase):
    def change(self, user="alice", original="secret", as_user="alice"):
        body = {"user": {"password": "changed", "original_password": original}}
        return self.v3("POST", f"/users/{self.ids[user]}/password", body, as_user=as_user)

    def test_self_service_change_answers_204_and_revokes_tokens(self):
        self.assert_status(self.change(), 204)
        self.assertIsNotNone(authenticate(username="alice", password="changed"))
        self.assert_error(self.call("GET", SERVERS), 401, "unauthorized")

    def test_wrong_original_password_is_401(self):
        self.assert_keystone_error(self.change(original="wrong"), 401, "Unauthorized")
        self.assertIsNotNone(authenticate(username="alice", password="secret"))

    def test_changing_someone_elses_password_is_403(self):
        self.assert_keystone_error(self.change(user="bob", as_user="alice"), 403, "Forbidden")

    def test_missing_original_password_is_400(self):
        body = {"user": {"password": "changed"}}
        response = self.v3("POST", f"/users/{self.ids['alice']}/password", body,
                           as_user="alice")
        self.assert_keystone_error(response, 400, "Bad Request")
