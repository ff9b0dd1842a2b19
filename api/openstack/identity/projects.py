"""/v3/projects: list, create, show, update, delete; a user's projects and the token's own."""
from django.urls import re_path

from api import accounts, schemas
from api.errors import BadRequest
from api.models import Project
from api.openstack.identity import lookups
from api.openstack.identity.views import IdentityView
from api.views import ok

_name = {**schemas.name, "maxLength": 64}
_props = {
    "name": _name, "description": {"type": ["string", "null"]},
    "enabled": {"type": "boolean"}, "domain_id": {"type": ["string", "null"]},
    "parent_id": {"type": ["string", "null"]}, "is_domain": {"type": "boolean"},
    "tags": {"type": "array", "items": {"type": "string"}},
    "options": {"type": "object"},
}
# Keystone keeps unknown properties as "extra" attributes; we accept and ignore them.
CREATE = {"type": "object", "properties": _props, "required": ["name"]}
UPDATE = {"type": "object", "properties": _props, "minProperties": 1}
FILTERS = {"name": "name", "domain_id": "domain_id", "enabled": "enabled", "id": "pk"}


def project_body(view, project):
    return {"id": project.id, "name": project.name, "domain_id": project.domain_id,
            "description": project.description, "enabled": project.enabled,
            "is_domain": False, "parent_id": project.domain_id, "tags": [], "options": {},
            "links": view.self_link("projects", project.id)}


def _check_unsupported(body, project=None):
    """We keep a flat list of projects in one domain: no nesting, tags or domain moves."""
    domain_id = project.domain_id if project else "default"
    if body.get("is_domain"):
        raise BadRequest("Projects acting as domains are not supported.")
    if body.get("parent_id") not in (None, domain_id):
        raise BadRequest("Nested projects are not supported: parent_id must be the domain.")
    if body.get("tags"):
        raise BadRequest("Project tags are not supported.")
    if project is not None and body.get("domain_id", domain_id) != domain_id:
        raise BadRequest("Update of `domain_id` is not allowed.")


class ProjectList(IdentityView):
    """GET (admin; ?name=, ?domain_id=, ?enabled=) and POST /v3/projects."""

    request_schemas = {"post": schemas.envelope("project", CREATE)}

    admin_rules = {"GET": "list_projects", "POST": "create_project"}

    def get(self, request):
        found = lookups.filtered(Project.objects.all(), request, FILTERS)
        return ok({"projects": [project_body(self, p) for p in found],
                   "links": self.list_links()})

    def post(self, request):
        body = schemas.validate(self.body("project"), CREATE)
        _check_unsupported(body)
        project = accounts.create_project(
            name=body["name"], description=body.get("description"),
            enabled=body.get("enabled", True), domain_id=body.get("domain_id") or "default")
        return ok({"project": project_body(self, project)}, status=201)


class ProjectItem(IdentityView):
    """GET (admin, or a token scoped to it), PATCH and DELETE (admin) /v3/projects/{id}."""

    request_schemas = {"patch": schemas.envelope("project", UPDATE)}

    admin_rules = {"PATCH": "update_project", "DELETE": "delete_project"}

    def get(self, request, project_id):
        project = lookups.project(project_id)
        self.authorize("get_project", self.context.project_id == project.id)
        return ok({"project": project_body(self, project)})

    def patch(self, request, project_id):
        project = lookups.project(project_id)
        body = schemas.validate(self.body("project"), UPDATE)
        _check_unsupported(body, project)
        changes = {k: body[k] for k in ("name", "description", "enabled") if k in body}
        accounts.update_project(project, **changes)
        return ok({"project": project_body(self, project)})

    def delete(self, request, project_id):
        accounts.delete_project(lookups.project(project_id))
        return ok(None, status=204)


class UserProjects(IdentityView):
    """GET /v3/users/{user_id}/projects: projects the user holds a role on (self or admin)."""

    def get(self, request, user_id):
        identity = lookups.user(user_id)
        self.authorize("list_user_projects", self.context.user_id == identity.id)
        found = Project.objects.filter(assignments__user=identity.user).distinct()
        found = lookups.filtered(found, request, FILTERS)
        return ok({"projects": [project_body(self, p) for p in found],
                   "links": self.list_links()})


class AuthProjects(IdentityView):
    """GET /v3/auth/projects: the enabled projects the token's user may scope to."""

    def get(self, request):
        found = Project.objects.filter(assignments__user=request.user, enabled=True).distinct()
        return ok({"projects": [project_body(self, p) for p in found],
                   "links": self.list_links()})


PROJECT_ID = r"(?P<project_id>[^/]+)"
routes = [
    re_path(r"^/v3/projects/?$", ProjectList.as_view()),
    re_path(rf"^/v3/projects/{PROJECT_ID}/?$", ProjectItem.as_view()),
    re_path(r"^/v3/users/(?P<user_id>[^/]+)/projects/?$", UserProjects.as_view()),
    re_path(r"^/v3/auth/projects/?$", AuthProjects.as_view()),
]
