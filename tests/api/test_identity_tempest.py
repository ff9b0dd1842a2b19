"""Tempest's dynamic credentials, end to end, in the order Tempest sends them."""
from api.models import Project, Role
from tests.api.identity_case import V3, IdentityTestCase


class DynamicCredentialsTests(IdentityTestCase):
    def as_admin(self, method, path, body=None, status=200):
        response = self.v3(method, path, body)
        return self.assert_status(response, status)

    def test_the_whole_sequence(self):
        domains = self.as_admin("GET", "/domains?name=Default")["domains"]
        domain_id = domains[0]["id"]
        project = self.as_admin("POST", "/projects", {"project": {
            "name": "tempest-ServersTestJSON-1", "description": "tempest-ServersTestJSON-1-desc",
            "domain_id": domain_id}}, 201)["project"]
        user = self.as_admin("POST", "/users", {"user": {
            "name": "tempest-ServersTestJSON-1", "password": "pw", "domain_id": domain_id,
            "project_id": project["id"], "email": "tempest@example.com"}}, 201)["user"]
        roles = {r["name"]: r["id"] for r in self.as_admin("GET", "/roles")["roles"]}
        for name in ("member", "reader"):
            path = f"/projects/{project['id']}/users/{user['id']}/roles/{roles[name]}"
            self.assertEqual(self.v3("PUT", path).status_code, 204)

        auth = {"auth": {
            "identity": {"methods": ["password"], "password": {"user": {
                "id": user["id"], "domain": {"id": domain_id}, "password": "pw"}}},
            "scope": {"project": {"id": project["id"], "domain": {"id": domain_id}}}}}
        response = self.call("POST", f"{V3}/auth/tokens", auth, as_user=None)
        token = self.assert_status(response, 201)["token"]
        self.assertEqual(sorted(r["name"] for r in token["roles"]), ["member", "reader"])
        self.tokens["tempest"] = response["X-Subject-Token"]
        self.assertEqual(self.as_admin("GET", f"/projects/{project['id']}")["project"]["name"],
                         project["name"])

        servers = self.call("GET", "/compute/v2.1/servers", as_user="tempest")
        self.assertEqual(self.assert_status(servers, 200)["servers"], [])

        self.as_admin("DELETE", f"/users/{user['id']}", status=204)
        self.as_admin("DELETE", f"/projects/{project['id']}", status=204)
        self.assertFalse(Project.objects.filter(pk=project["id"]).exists())
        self.assert_error(self.call("GET", "/compute/v2.1/servers", as_user="tempest"), 401,
                          "unauthorized")

    def test_member_role_is_created_when_missing(self):
        Role.objects.filter(name="member").delete()
        self.assertNotIn("member", [r["name"] for r in self.as_admin("GET", "/roles")["roles"]])
        created = self.as_admin("POST", "/roles", {"role": {"name": "member"}}, 201)["role"]
        self.assertIn(created["id"], [r["id"] for r in self.as_admin("GET", "/roles")["roles"]])
