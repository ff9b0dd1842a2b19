"""Keystone v3 /projects: shapes, admin policy, 404/409, disabling and deleting revoke access."""
from django.contrib.auth import get_user_model

from api.models import Project, RoleAssignment, Token
from compute import states
from tests.api.identity_case import IdentityTestCase
from tests.factories import make_instance

PROJECT_KEYS = {"id", "name", "domain_id", "description", "enabled", "is_domain", "parent_id",
                "tags", "links", "options"}


class ProjectReadTests(IdentityTestCase):
    def test_admin_lists_all_projects_in_keystones_shape(self):
        body = self.assert_status(self.v3("GET", "/projects"), 200)
        names = [p["name"] for p in body["projects"]]
        self.assertEqual(names, ["admin", "project-a", "project-b"])
        project = body["projects"][1]
        self.assertEqual(set(project), PROJECT_KEYS)
        self.assertEqual((project["is_domain"], project["parent_id"], project["tags"]),
                         (False, "default", []))
        self.assertTrue(project["links"]["self"].endswith(f"/identity/v3/projects/"
                                                          f"{project['id']}"))
        self.assertEqual(set(body["links"]), {"self", "previous", "next"})

    def test_list_filters_by_name_domain_and_enabled(self):
        Project.objects.filter(name="project-b").update(enabled=False)
        by_name = self.v3("GET", "/projects?name=project-a").json()["projects"]
        self.assertEqual([p["name"] for p in by_name], ["project-a"])
        self.assertEqual(self.v3("GET", "/projects?domain_id=other").json()["projects"], [])
        disabled = self.v3("GET", "/projects?enabled=false").json()["projects"]
        self.assertEqual([p["name"] for p in disabled], ["project-b"])

    def test_member_cannot_list_projects(self):
        self.assert_keystone_error(self.v3("GET", "/projects", as_user="alice"), 403,
                                   "Forbidden")

    def test_no_token_is_401(self):
        self.assert_keystone_error(self.v3("GET", "/projects", as_user=None), 401,
                                   "Unauthorized")

    def test_member_reads_own_project_but_not_others(self):
        own = self.v3("GET", f"/projects/{self.project_a.id}", as_user="alice")
        self.assertEqual(self.assert_status(own, 200)["project"]["name"], "project-a")
        other = self.v3("GET", f"/projects/{self.project_b.id}", as_user="alice")
        self.assert_keystone_error(other, 403, "Forbidden")

    def test_unknown_project_is_404(self):
        message = self.assert_keystone_error(self.v3("GET", "/projects/nope"), 404, "Not Found")
        self.assertEqual(message, "Could not find project: nope.")

    def test_user_projects_for_self_and_admin_only(self):
        path = f"/users/{self.ids['alice']}/projects"
        mine = self.assert_status(self.v3("GET", path, as_user="alice"), 200)
        self.assertEqual([p["name"] for p in mine["projects"]], ["project-a"])
        self.assert_status(self.v3("GET", path), 200)
        self.assert_keystone_error(self.v3("GET", path, as_user="bob"), 403, "Forbidden")

    def test_auth_projects_lists_the_callers_projects(self):
        body = self.assert_status(self.v3("GET", "/auth/projects", as_user="bob"), 200)
        self.assertEqual([p["name"] for p in body["projects"]], ["project-b"])


class ProjectWriteTests(IdentityTestCase):
    def create(self, as_user="admin", **project):
        body = {"project": {"name": "tempest-p", "description": "d", "domain_id": "default",
                            **project}}
        return self.v3("POST", "/projects", body, as_user=as_user)

    def test_create_answers_201(self):
        project = self.assert_status(self.create(), 201)["project"]
        self.assertEqual(set(project), PROJECT_KEYS)
        self.assertEqual((project["name"], project["description"], project["enabled"]),
                         ("tempest-p", "d", True))
        self.assertTrue(Project.objects.filter(pk=project["id"]).exists())

    def test_create_duplicate_name_is_409(self):
        self.assert_keystone_error(self.create(name="project-a"), 409, "Conflict")

    def test_create_in_unknown_domain_is_404(self):
        self.assert_keystone_error(self.create(domain_id="other"), 404, "Not Found")

    def test_create_nested_or_tagged_is_400(self):
        self.assert_keystone_error(self.create(parent_id=self.project_a.id), 400,
                                   "Bad Request")
        self.assert_keystone_error(self.create(tags=["x"]), 400, "Bad Request")

    def test_create_without_name_is_400(self):
        response = self.v3("POST", "/projects", {"project": {"description": "x"}})
        self.assert_keystone_error(response, 400, "Bad Request")

    def test_member_cannot_create(self):
        self.assert_keystone_error(self.create(as_user="alice"), 403, "Forbidden")

    def test_update_renames_and_redescribes(self):
        body = {"project": {"name": "renamed", "description": "new"}}
        project = self.assert_status(
            self.v3("PATCH", f"/projects/{self.project_b.id}", body), 200)["project"]
        self.assertEqual((project["name"], project["description"]), ("renamed", "new"))

    def test_update_to_taken_name_is_409(self):
        body = {"project": {"name": "project-a"}}
        response = self.v3("PATCH", f"/projects/{self.project_b.id}", body)
        self.assert_keystone_error(response, 409, "Conflict")

    def test_update_domain_is_400(self):
        body = {"project": {"domain_id": "other"}}
        response = self.v3("PATCH", f"/projects/{self.project_b.id}", body)
        self.assert_keystone_error(response, 400, "Bad Request")

    def test_disabling_revokes_the_projects_tokens(self):
        body = {"project": {"enabled": False}}
        self.assert_status(self.v3("PATCH", f"/projects/{self.project_a.id}", body), 200)
        self.assert_error(self.call("GET", "/compute/v2.1/servers"), 401, "unauthorized")
        self.assert_status(self.call("GET", "/compute/v2.1/servers", as_user="bob"), 200)

    def test_member_cannot_update_or_delete(self):
        path = f"/projects/{self.project_a.id}"
        self.assert_keystone_error(self.v3("PATCH", path, {"project": {"name": "x"}},
                                           as_user="alice"), 403, "Forbidden")
        self.assert_keystone_error(self.v3("DELETE", path, as_user="alice"), 403, "Forbidden")

    def test_delete_removes_assignments_and_revokes_tokens(self):
        token = Token.objects.get(user=self.bob)
        self.assert_status(self.v3("DELETE", f"/projects/{self.project_b.id}"), 204)
        self.assertFalse(Project.objects.filter(pk=self.project_b.pk).exists())
        self.assertFalse(RoleAssignment.objects.filter(user=self.bob).exists())
        self.assertFalse(Token.objects.filter(pk=token.pk, revoked_at__isnull=True).exists())
        self.assert_error(self.call("GET", "/compute/v2.1/servers", as_user="bob"), 401,
                          "unauthorized")

    def test_delete_with_live_instances_is_409(self):
        make_instance(project_id=self.project_b.id)
        response = self.v3("DELETE", f"/projects/{self.project_b.id}")
        message = self.assert_keystone_error(response, 409, "Conflict")
        self.assertIn("instance", message)
        self.assertTrue(Project.objects.filter(pk=self.project_b.pk).exists())

    def test_delete_ignores_deleted_instances(self):
        make_instance(project_id=self.project_b.id, vm_state=states.DELETED)
        self.assert_status(self.v3("DELETE", f"/projects/{self.project_b.id}"), 204)

    def test_delete_unknown_is_404(self):
        self.assert_keystone_error(self.v3("DELETE", "/projects/nope"), 404, "Not Found")


class ProjectDjangoAdminTests(IdentityTestCase):
    def test_django_admin_refuses_to_delete_a_project_with_live_instances(self):
        self.client.force_login(get_user_model().objects.create_superuser("op", password="x"))
        make_instance(project_id=self.project_b.id)
        path = f"/admin/api/project/{self.project_b.pk}/delete/"
        self.assertEqual(self.client.get(path).status_code, 403)
        self.assertEqual(self.client.get(f"/admin/api/project/{self.project_a.pk}/delete/")
                         .status_code, 200)
