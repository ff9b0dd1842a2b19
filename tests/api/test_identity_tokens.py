"""Keystone v3 tokens: issue by names and ids, catalog, refusals, validation, revocation."""
from datetime import timedelta

from django.utils import timezone

from api import tokens
from api.models import Project, Token
from tests.api.base import make_user
from tests.api.identity_case import V3, IdentityTestCase

SERVERS = "/compute/v2.1/servers"


def password_auth(user, password="secret", project=None):
    """A v3 password auth body; `user`/`project` are dicts of name or id (+ domain)."""
    auth = {"identity": {"methods": ["password"],
                         "password": {"user": {**user, "password": password}}}}
    if project is not None:
        auth["scope"] = {"project": project}
    return {"auth": auth}


BY_NAME = {"name": "alice", "domain": {"name": "Default"}}
PROJECT_A = {"name": "project-a", "domain": {"name": "Default"}}


class IssueTests(IdentityTestCase):
    def issue(self, body):
        return self.call("POST", f"{V3}/auth/tokens", body, as_user=None)

    def test_issue_by_names_answers_201_with_subject_token(self):
        response = self.issue(password_auth(BY_NAME, project=PROJECT_A))
        token = self.assert_status(response, 201)["token"]
        self.assertTrue(response["X-Subject-Token"])
        self.assertEqual(token["user"], {"id": self.ids["alice"], "name": "alice",
                                         "domain": {"id": "default", "name": "Default"},
                                         "password_expires_at": None})
        self.assertEqual(token["project"]["id"], self.project_a.id)
        self.assertEqual(sorted(r["name"] for r in token["roles"]), ["member", "reader"])
        self.assertRegex(token["expires_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")

    def test_issue_by_ids_as_tempest_does(self):
        body = password_auth({"id": self.ids["alice"], "domain": {"id": "default"}},
                             project={"id": self.project_a.id, "domain": {"id": "default"}})
        token = self.assert_status(self.issue(body), 201)["token"]
        self.assertEqual(token["project"]["name"], "project-a")

    def test_scoped_catalog_lists_identity_compute_image_with_three_interfaces(self):
        token = self.issue(password_auth(BY_NAME, project=PROJECT_A)).json()["token"]
        services = {entry["type"]: entry for entry in token["catalog"]}
        self.assertLessEqual({"identity", "compute", "image"}, set(services))
        for entry in services.values():
            endpoints = entry["endpoints"]
            self.assertEqual(sorted(e["interface"] for e in endpoints),
                             ["admin", "internal", "public"])
            for endpoint in endpoints:
                self.assertEqual(endpoint["region"], "RegionOne")
                self.assertEqual(endpoint["region_id"], "RegionOne")
        self.assertTrue(services["compute"]["endpoints"][0]["url"].endswith("/compute/v2.1"))
        self.assertTrue(services["identity"]["endpoints"][0]["url"].endswith("/identity"))

    def test_wrong_password_is_401(self):
        response = self.issue(password_auth(BY_NAME, "wrong", project=PROJECT_A))
        self.assert_keystone_error(response, 401, "Unauthorized")
        self.assertIn("Keystone uri=", response["WWW-Authenticate"])

    def test_unknown_user_is_401(self):
        response = self.issue(password_auth({"name": "nobody"}, project=PROJECT_A))
        self.assert_keystone_error(response, 401, "Unauthorized")

    def test_user_without_role_on_project_is_401(self):
        project_b = {"name": "project-b", "domain": {"name": "Default"}}
        response = self.issue(password_auth(BY_NAME, project=project_b))
        self.assert_keystone_error(response, 401, "Unauthorized")

    def test_disabled_user_is_401(self):
        self.alice.is_active = False
        self.alice.save()
        response = self.issue(password_auth(BY_NAME, project=PROJECT_A))
        self.assert_keystone_error(response, 401, "Unauthorized")

    def test_disabled_project_is_401(self):
        Project.objects.filter(pk=self.project_a.pk).update(enabled=False)
        response = self.issue(password_auth(BY_NAME, project=PROJECT_A))
        self.assert_keystone_error(response, 401, "Unauthorized")

    def test_unknown_domain_is_401(self):
        response = self.issue(password_auth({"name": "alice", "domain": {"name": "Other"}}))
        self.assert_keystone_error(response, 401, "Unauthorized")

    def test_missing_auth_is_400(self):
        self.assert_keystone_error(self.issue({"nope": {}}), 400, "Bad Request")

    def test_no_scope_gives_unscoped_token_without_catalog(self):
        token = self.assert_status(self.issue(password_auth(BY_NAME)), 201)["token"]
        self.assertNotIn("project", token)
        self.assertNotIn("catalog", token)

    def test_no_scope_uses_default_project(self):
        identity = tokens.identity_of(self.alice)
        identity.default_project = self.project_a
        identity.save()
        token = self.assert_status(self.issue(password_auth(BY_NAME)), 201)["token"]
        self.assertEqual(token["project"]["id"], self.project_a.id)


class ValidationTests(IdentityTestCase):
    def subject(self, method, subject, as_user="alice"):
        return self.call(method, f"{V3}/auth/tokens", as_user=as_user,
                         headers={"X-Subject-Token": subject})

    def test_get_validates_and_echoes_subject_token(self):
        response = self.subject("GET", self.tokens["alice"])
        self.assertEqual(self.assert_status(response, 200)["token"]["user"]["name"], "alice")
        self.assertEqual(response["X-Subject-Token"], self.tokens["alice"])

    def test_head_validates(self):
        response = self.subject("HEAD", self.tokens["alice"])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["X-Subject-Token"], self.tokens["alice"])

    def test_someone_elses_token_is_404_unless_admin(self):
        self.assert_keystone_error(self.subject("GET", self.tokens["bob"]), 404, "Not Found")
        self.assert_status(self.subject("GET", self.tokens["bob"], as_user="admin"), 200)

    def test_invalid_subject_is_404(self):
        self.assert_keystone_error(self.subject("GET", "bogus"), 404, "Not Found")

    def test_validation_without_token_is_401(self):
        response = self.subject("GET", self.tokens["alice"], as_user=None)
        self.assert_keystone_error(response, 401, "Unauthorized")

    def test_delete_revokes(self):
        self.assert_status(self.subject("DELETE", self.tokens["alice"]), 204)
        self.assert_error(self.call("GET", SERVERS), 401, "unauthorized")
        self.assertIsNotNone(Token.objects.get(user=self.alice).revoked_at)

    def test_catalog_endpoint(self):
        catalog = self.assert_status(self.call("GET", f"{V3}/auth/catalog"), 200)["catalog"]
        self.assertIn("compute", {entry["type"] for entry in catalog})


class ComputeAuthTests(IdentityTestCase):
    def test_expired_token_is_401_on_compute(self):
        Token.objects.filter(user=self.alice).update(
            expires_at=timezone.now() - timedelta(seconds=1))
        self.assert_error(self.call("GET", SERVERS), 401, "unauthorized")

    def test_revoked_token_is_401_on_compute(self):
        tokens.revoke(self.tokens["alice"])
        self.assert_error(self.call("GET", SERVERS), 401, "unauthorized")

    def test_token_of_disabled_user_is_401_on_compute(self):
        self.alice.is_active = False
        self.alice.save()
        self.assert_error(self.call("GET", SERVERS), 401, "unauthorized")

    def test_token_of_project_disabled_elsewhere_is_401_on_compute(self):
        Project.objects.filter(pk=self.project_a.pk).update(enabled=False)
        self.assert_error(self.call("GET", SERVERS), 401, "unauthorized")

    def test_live_token_works_on_compute(self):
        self.assert_status(self.call("GET", SERVERS), 200)

    def test_user_made_in_django_admin_gets_an_identity_on_first_token(self):
        user = make_user("carol", "project-a")
        body = password_auth({"name": "carol"}, project=PROJECT_A)
        token = self.call("POST", f"{V3}/auth/tokens", body, as_user=None).json()["token"]
        self.assertEqual(token["user"]["id"], tokens.identity_of(user).id)


class DiscoveryTests(IdentityTestCase):
    def test_identity_root_is_300_with_v3(self):
        response = self.call("GET", "/identity", as_user=None)
        self.assertEqual(response.status_code, 300)
        self.assertEqual(response.json()["versions"]["values"][0]["id"], "v3.14")

    def test_identity_v3_is_200(self):
        response = self.call("GET", V3, as_user=None)
        self.assertEqual(self.assert_status(response, 200)["version"]["status"], "stable")
