"""Role grants on projects (/v3/projects/{pid}/users/{uid}/roles[/{rid}]) and the
/v3/role_assignments listing."""
from django.urls import re_path

from api import accounts
from api.catalog import base_url
from api.models import Role, RoleAssignment
from api.openstack.identity import lookups
from api.openstack.identity.roles import role_body
from api.openstack.identity.views import IdentityView, query_true
from api.views import ok

# Assignment kinds we never hold (groups, domain and system scopes, inheritance).
_NEVER_HELD = ("group.id", "scope.domain.id", "scope.system", "scope.OS-INHERIT:inherited_to")


class ProjectUserRoles(IdentityView):
    """GET /v3/projects/{pid}/users/{uid}/roles: the user's roles there (self or admin)."""

    def get(self, request, project_id, user_id):
        project, identity = lookups.project(project_id), lookups.user(user_id)
        self.authorize("list_grants", self.context.user_id == identity.id)
        found = Role.objects.filter(assignments__user=identity.user,
                                    assignments__project=project)
        return ok({"roles": [role_body(self, r) for r in found], "links": self.list_links()})


class ProjectUserRole(IdentityView):
    """PUT (grant) and DELETE (revoke) are admin's; HEAD/GET check a grant (self or admin)."""

    admin_rules = {"PUT": "create_grant", "DELETE": "revoke_grant"}

    def _targets(self, project_id, user_id, role_id):
        return (lookups.project(project_id), lookups.user(user_id), lookups.role(role_id))

    def put(self, request, project_id, user_id, role_id):
        project, identity, role = self._targets(project_id, user_id, role_id)
        accounts.grant(identity.user, project, role)
        return ok(None, status=204)

    def head(self, request, project_id, user_id, role_id):
        project, identity, role = self._targets(project_id, user_id, role_id)
        self.authorize("check_grant", self.context.user_id == identity.id)
        if not RoleAssignment.objects.filter(user=identity.user, project=project,
                                             role=role).exists():
            raise accounts.Unknown(f"Could not find role assignment with role: {role.id}, "
                                   f"user or group: {identity.id}, project, domain, or "
                                   f"system: {project.id}.")
        return ok(None, status=204)

    get = head

    def delete(self, request, project_id, user_id, role_id):
        project, identity, role = self._targets(project_id, user_id, role_id)
        accounts.ungrant(identity.user, project, role)
        return ok(None, status=204)


def assignment_body(request, assignment, names):
    """One entry of Keystone's role_assignments list (with names when asked)."""
    user, project, role = assignment.user, assignment.project, assignment.role
    uid = user.identity.id
    base = f"{base_url(request)}/identity/v3"
    entry = {"role": {"id": role.id}, "scope": {"project": {"id": project.id}},
             "user": {"id": uid},
             "links": {"assignment": f"{base}/projects/{project.id}/users/{uid}/roles/"
                                     f"{role.id}"}}
    if names:
        domain = {"id": accounts.DEFAULT_DOMAIN["id"], "name": accounts.DEFAULT_DOMAIN["name"]}
        entry["role"]["name"] = role.name
        entry["scope"]["project"].update(name=project.name, domain=domain)
        entry["user"].update(name=user.get_username(), domain=domain)
    return entry


class RoleAssignments(IdentityView):
    """GET /v3/role_assignments (?user.id, ?scope.project.id, ?role.id, ?effective,
    ?include_names): admins see all, others only their own (?user.id=<self>)."""

    FILTERS = {"user.id": "user__identity__pk", "scope.project.id": "project_id",
               "role.id": "role_id"}

    def get(self, request):
        params = request.query_params
        self.authorize("list_role_assignments", params.get("user.id") == self.context.user_id)
        accounts.ensure_identities()
        found = RoleAssignment.objects.select_related("user__identity", "project", "role")
        if any(name in params for name in _NEVER_HELD):
            found = found.none()
        found = lookups.filtered(found, request, self.FILTERS).order_by(
            "project__name", "user__username", "role__name")
        names = query_true(request, "include_names")
        return ok({"role_assignments": [assignment_body(request, a, names) for a in found],
                   "links": self.list_links()})


GRANT = r"^/v3/projects/(?P<project_id>[^/]+)/users/(?P<user_id>[^/]+)/roles"
routes = [
    re_path(rf"{GRANT}/?$", ProjectUserRoles.as_view()),
    re_path(rf"{GRANT}/(?P<role_id>[^/]+)/?$", ProjectUserRole.as_view()),
    re_path(r"^/v3/role_assignments/?$", RoleAssignments.as_view()),
]
