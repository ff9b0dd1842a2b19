"""/v3/users: list, create, show, update, delete, and the self-service password change."""
from django.urls import re_path

from api import accounts, schemas
from api.errors import BadRequest
from api.models import UserIdentity
from api.openstack.identity import lookups
from api.openstack.identity.views import IdentityView
from api.views import ok

_nullable_string = {"type": ["string", "null"]}
_props = {
    # Django's usernames hold 150 characters (Keystone's 255).
    "name": {**schemas.name, "maxLength": 150},
    "password": {"type": ["string", "null"], "maxLength": 4096},
    "enabled": {"type": "boolean"}, "email": _nullable_string,
    "description": _nullable_string, "default_project_id": _nullable_string,
    "domain_id": _nullable_string, "options": {"type": "object"},
}
# Keystone keeps unknown properties (Tempest sends "project_id") as extras; we ignore them.
CREATE = {"type": "object", "properties": _props, "required": ["name"]}
UPDATE = {"type": "object", "properties": _props, "minProperties": 1}
PASSWORD = {"type": "object", "properties": {
    "password": {"type": "string", "maxLength": 4096},
    "original_password": {"type": "string"}},
    "required": ["password", "original_password"]}
FILTERS = {"name": "user__username", "domain_id": "domain_id", "enabled": "user__is_active",
           "id": "pk"}


def user_body(view, identity):
    """Keystone's user: email, description and default_project_id only when set."""
    user = identity.user
    body = {"id": identity.id, "name": user.get_username(), "domain_id": identity.domain_id,
            "enabled": user.is_active, "password_expires_at": None, "options": {},
            "links": view.self_link("users", identity.id)}
    if identity.default_project_id:
        body["default_project_id"] = identity.default_project_id
    if user.email:
        body["email"] = user.email
    if identity.description:
        body["description"] = identity.description
    return body


def _changes(body):
    """The attributes of a user body that accounts.create_user/update_user take."""
    changes = {k: body[k] for k in ("name", "password", "enabled", "email", "description")
               if k in body}
    if "default_project_id" in body:
        project_id = body["default_project_id"]
        changes["default_project"] = lookups.project(project_id) if project_id else None
    return changes


class UserList(IdentityView):
    """GET (admin; ?name=, ?domain_id=, ?enabled=) and POST /v3/users."""

    request_schemas = {"post": schemas.envelope("user", CREATE)}

    admin_rules = {"GET": "list_users", "POST": "create_user"}

    def get(self, request):
        accounts.ensure_identities()
        found = UserIdentity.objects.select_related("user").order_by("user__username")
        found = lookups.filtered(found, request, FILTERS)
        return ok({"users": [user_body(self, u) for u in found], "links": self.list_links()})

    def post(self, request):
        body = schemas.validate(self.body("user"), CREATE)
        identity = accounts.create_user(domain_id=body.get("domain_id") or "default",
                                        **_changes(body))
        return ok({"user": user_body(self, identity)}, status=201)


class UserItem(IdentityView):
    """GET (self or admin), PATCH and DELETE (admin) /v3/users/{user_id}."""

    request_schemas = {"patch": schemas.envelope("user", UPDATE)}

    admin_rules = {"PATCH": "update_user", "DELETE": "delete_user"}

    def get(self, request, user_id):
        identity = lookups.user(user_id)
        self.authorize("get_user", self.context.user_id == identity.id)
        return ok({"user": user_body(self, identity)})

    def patch(self, request, user_id):
        identity = lookups.user(user_id)
        body = schemas.validate(self.body("user"), UPDATE)
        if body.get("domain_id", identity.domain_id) != identity.domain_id:
            raise BadRequest("Update of `domain_id` is not allowed.")
        accounts.update_user(identity, **_changes(body))
        return ok({"user": user_body(self, identity)})

    def delete(self, request, user_id):
        accounts.delete_user(lookups.user(user_id))
        return ok(None, status=204)


class UserPassword(IdentityView):
    """POST /v3/users/{user_id}/password: change one's own password given the original."""

    request_schemas = {"post": schemas.envelope("user", PASSWORD)}

    def post(self, request, user_id):
        identity = lookups.user(user_id)
        self.authorize("change_password", self.context.user_id == identity.id)
        body = schemas.validate(self.body("user"), PASSWORD)
        accounts.change_password(identity, body["original_password"], body["password"])
        return ok(None, status=204)


USER_ID = r"(?P<user_id>[^/]+)"
routes = [
    re_path(r"^/v3/users/?$", UserList.as_view()),
    re_path(rf"^/v3/users/{USER_ID}/?$", UserItem.as_view()),
    re_path(rf"^/v3/users/{USER_ID}/password/?$", UserPassword.as_view()),
]
