"""API test helpers: real users, projects, roles and tokens; requests with OpenStack headers."""
import json

from django.contrib.auth import get_user_model
from django.test import TestCase

from api import tokens
from api.models import Project, Role, RoleAssignment


def make_user(username, project, roles=("member", "reader"), password="secret"):
    """A Django user holding `roles` on `project` (a Project or its name)."""
    if isinstance(project, str):
        project = Project.objects.get_or_create(name=project)[0]
    user = get_user_model().objects.create_user(username=username, password=password)
    for name in roles:
        role = Role.objects.get_or_create(name=name)[0]
        RoleAssignment.objects.create(user=user, project=project, role=role)
    return user


def token_for(user, project_name, password="secret"):
    value, _ = tokens.issue(user, password, Project.objects.get(name=project_name))
    return value


class ApiTestCase(TestCase):
    """Three callers: `admin` (admin of project admin), `alice` (member of project-a) and
    `bob` (member of project-b); `reader` reads project-a. call() speaks JSON."""

    microversion = None

    def setUp(self):
        super().setUp()
        self.admin = make_user("admin-user", "admin", ("admin", "member", "reader"))
        self.alice = make_user("alice", "project-a")
        self.bob = make_user("bob", "project-b")
        self.reader = make_user("reader", "project-a", ("reader",))
        self.tokens = {
            "admin": token_for(self.admin, "admin"), "alice": token_for(self.alice, "project-a"),
            "bob": token_for(self.bob, "project-b"),
            "reader": token_for(self.reader, "project-a"),
        }
        self.project_a = Project.objects.get(name="project-a")
        self.project_b = Project.objects.get(name="project-b")

    def call(self, method, path, body=None, as_user="alice", version=None, headers=None):
        """Request with a token (as_user None: none) and the microversion header."""
        extra = {"HTTP_ACCEPT": "application/json"}
        if as_user:
            extra["HTTP_X_AUTH_TOKEN"] = self.tokens[as_user]
        version = version or self.microversion
        if version:
            extra["HTTP_X_OPENSTACK_NOVA_API_VERSION"] = version
        for name, value in (headers or {}).items():
            extra["HTTP_" + name.upper().replace("-", "_")] = value
        data = json.dumps(body) if body is not None else None
        return self.client.generic(method.upper(), path, data or "",
                                   content_type="application/json", **extra)

    def assert_error(self, response, status, fault):
        self.assertEqual(response.status_code, status, response.content)
        self.assertEqual(response["Content-Type"], "application/json")
        body = response.json()
        self.assertIn(fault, body)
        self.assertEqual(body[fault]["code"], status)
        return body[fault]["message"]
