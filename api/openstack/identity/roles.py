"""/v3/roles: list, show, create and delete global roles."""
from django.urls import re_path

from api import accounts, schemas
from api.errors import BadRequest
from api.models import Role
from api.openstack.identity import lookups
from api.openstack.identity.views import IdentityView
from api.views import ok

CREATE = {"type": "object", "properties": {
    "name": {**schemas.name, "maxLength": 255},
    "description": {"type": ["string", "null"], "maxLength": 255},
    "domain_id": {"type": "null"}, "options": {"type": "object"}},
    "required": ["name"]}


def role_body(view, role):
    immutable = role.name in accounts.IMMUTABLE_ROLES
    return {"id": role.id, "name": role.name, "domain_id": None,
            "description": role.description or None,
            "options": {"immutable": True} if immutable else {},
            "links": view.self_link("roles", role.id)}


class RoleList(IdentityView):
    """GET /v3/roles (?name=; every role is global, so ?domain_id= finds none), POST (admin)."""

    request_schemas = {"post": schemas.envelope("role", CREATE)}

    admin_rules = {"POST": "create_role"}

    def get(self, request):
        found = Role.objects.none() if "domain_id" in request.query_params else Role.objects.all()
        found = lookups.filtered(found, request, {"name": "name", "id": "pk"})
        return ok({"roles": [role_body(self, r) for r in found], "links": self.list_links()})

    def post(self, request):
        data = self.body("role")
        if data.get("domain_id") is not None:
            raise BadRequest("Domain-specific roles are not supported.")
        body = schemas.validate(data, CREATE)
        role = accounts.create_role(name=body["name"], description=body.get("description"))
        return ok({"role": role_body(self, role)}, status=201)


class RoleItem(IdentityView):
    """GET /v3/roles/{role_id}, DELETE (admin; immutable roles are refused)."""

    admin_rules = {"DELETE": "delete_role"}

    def get(self, request, role_id):
        return ok({"role": role_body(self, lookups.role(role_id))})

    def delete(self, request, role_id):
        accounts.delete_role(lookups.role(role_id))
        return ok(None, status=204)


routes = [
    re_path(r"^/v3/roles/?$", RoleList.as_view()),
    re_path(r"^/v3/roles/(?P<role_id>[^/]+)/?$", RoleItem.as_view()),
]
