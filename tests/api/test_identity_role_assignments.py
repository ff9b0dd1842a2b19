"""Keystone v3 grants on projects and /role_assignments: policy, shapes, revocation."""
from api import tokens
from api.models import Role, RoleAssignment, Token
from tests.api.identity_case import IdentityTestCase


class GrantTests(IdentityTestCase):
    def setUp(self):
        super().setUp()
        self.member = Role.objects.get(name="member")

    def grant_path(self, project=None, user="bob", role=None):
        project = project or self.project_a
        return f"/projects/{project.id}/users/{self.ids[user]}/roles/{(role or self.member).id}"

    def test_put_grants_with_204_and_is_idempotent(self):
        self.assertEqual(self.v3("PUT", self.grant_path()).status_code, 204)
        self.assertEqual(self.v3("PUT", self.grant_path()).status_code, 204)
        self.assertEqual(RoleAssignment.objects.filter(user=self.bob,
                                                       project=self.project_a).count(), 1)
        tokens.issue(self.bob, "secret", self.project_a)  # bob may now scope to project-a

    def test_member_cannot_grant(self):
        response = self.v3("PUT", self.grant_path(), as_user="alice")
        self.assert_keystone_error(response, 403, "Forbidden")

    def test_grant_to_unknown_targets_is_404(self):
        path = f"/projects/{self.project_a.id}/users/{self.ids['bob']}/roles/nope"
        self.assert_keystone_error(self.v3("PUT", path), 404, "Not Found")
        path = f"/projects/nope/users/{self.ids['bob']}/roles/{self.member.id}"
        self.assert_keystone_error(self.v3("PUT", path), 404, "Not Found")

    def test_head_checks_a_grant(self):
        self.assertEqual(self.v3("HEAD", self.grant_path(user="alice")).status_code, 204)
        self.assertEqual(self.v3("HEAD", self.grant_path()).status_code, 404)
        mine = self.v3("HEAD", self.grant_path(user="alice"), as_user="alice")
        self.assertEqual(mine.status_code, 204)
        self.assertEqual(self.v3("HEAD", self.grant_path(user="alice"), as_user="bob")
                         .status_code, 403)

    def test_list_roles_of_user_on_project(self):
        path = f"/projects/{self.project_a.id}/users/{self.ids['alice']}/roles"
        roles = self.assert_status(self.v3("GET", path, as_user="alice"), 200)["roles"]
        self.assertEqual([r["name"] for r in roles], ["member", "reader"])
        self.assert_keystone_error(self.v3("GET", path, as_user="bob"), 403, "Forbidden")

    def test_delete_revokes_grant_and_tokens_on_that_project(self):
        response = self.v3("DELETE", self.grant_path(user="alice"))
        self.assertEqual(response.status_code, 204)
        self.assertEqual(tokens.roles_on(self.alice, self.project_a), ["reader"])
        self.assertFalse(Token.objects.filter(user=self.alice, revoked_at__isnull=True).exists())
        self.assertTrue(Token.objects.filter(user=self.bob, revoked_at__isnull=True).exists())

    def test_delete_missing_grant_is_404(self):
        self.assert_keystone_error(self.v3("DELETE", self.grant_path()), 404, "Not Found")

    def test_member_cannot_revoke(self):
        response = self.v3("DELETE", self.grant_path(user="alice"), as_user="alice")
        self.assert_keystone_error(response, 403, "Forbidden")


class RoleAssignmentListTests(IdentityTestCase):
    def test_admin_lists_all_in_keystones_shape(self):
        body = self.assert_status(self.v3("GET", "/role_assignments"), 200)
        self.assertEqual(len(body["role_assignments"]), 3 + 2 + 2 + 1)  # admin, alice, bob, reader
        entry = body["role_assignments"][0]
        self.assertEqual(set(entry), {"role", "scope", "user", "links"})
        self.assertEqual(set(entry["scope"]), {"project"})
        self.assertIn(f"/identity/v3/projects/{entry['scope']['project']['id']}/users/"
                      f"{entry['user']['id']}/roles/{entry['role']['id']}",
                      entry["links"]["assignment"])

    def test_filters_by_user_project_and_role(self):
        member = Role.objects.get(name="member")
        query = (f"/role_assignments?user.id={self.ids['alice']}"
                 f"&scope.project.id={self.project_a.id}&role.id={member.id}&effective")
        found = self.assert_status(self.v3("GET", query), 200)["role_assignments"]
        self.assertEqual([(a["user"]["id"], a["role"]["id"]) for a in found],
                         [(self.ids["alice"], member.id)])

    def test_include_names(self):
        member = Role.objects.get(name="member")
        query = (f"/role_assignments?user.id={self.ids['bob']}&role.id={member.id}"
                 "&include_names=True")
        (entry,) = self.v3("GET", query).json()["role_assignments"]
        self.assertEqual(entry["user"]["name"], "bob")
        self.assertEqual(entry["user"]["domain"], {"id": "default", "name": "Default"})
        self.assertEqual(entry["scope"]["project"]["name"], "project-b")
        self.assertEqual(entry["role"]["name"], "member")

    def test_group_and_domain_filters_find_nothing(self):
        for query in ("group.id=g", "scope.domain.id=default"):
            found = self.v3("GET", f"/role_assignments?{query}").json()["role_assignments"]
            self.assertEqual(found, [])

    def test_member_sees_only_own_assignments(self):
        own = self.v3("GET", f"/role_assignments?user.id={self.ids['alice']}", as_user="alice")
        self.assertEqual(len(self.assert_status(own, 200)["role_assignments"]), 2)
        response = self.v3("GET", "/role_assignments", as_user="alice")
        self.assert_keystone_error(response, 403, "Forbidden")
