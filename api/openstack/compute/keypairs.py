"""/os-keypairs: a user's key pairs: import (or generate, below 2.92), list, show, delete;
from 2.10 admins name another user with user_id."""
from django.urls import re_path

from api import schemas
from api.openstack.compute import paging, policy, query
from api.openstack.compute.links import usage_time
from api.openstack.compute.routing import V21
from api.views import OpenStackView, ok
from compute import keypairs
from compute.models import KeyPair


def _name(characters):
    return {"allOf": [schemas.name, {"type": "string", "pattern": rf"^[{characters}]+$"}]}

ITEM_QUERY = query.QuerySchema({"user_id": query.TEXT})
LIST_QUERY = query.QuerySchema({"user_id": query.TEXT, **query.PAGING})


def _create_schema(version):
    generated = version < (2, 92)
    props = {"name": _name(r"_\- a-zA-Z0-9" if generated else r"_\-\@\. a-zA-Z0-9"),
             "public_key": {"type": "string"}}
    if version >= (2, 2):
        props["type"] = {"type": "string", "enum": [keypairs.SSH, keypairs.X509]}
    if version >= (2, 10):
        props["user_id"] = {"type": "string"}
    keypair = {"type": "object", "properties": props, "additionalProperties": False,
               "required": ["name"] if generated else ["name", "public_key"]}
    return {"type": "object", "properties": {"keypair": keypair}, "required": ["keypair"],
            "additionalProperties": False}


def _fields(keypair, version, *names):
    body = {"name": keypair.name, "public_key": keypair.public_key,
            "fingerprint": keypair.fingerprint}
    for name in names:
        body[name] = {"user_id": keypair.user_id, "id": keypair.pk, "deleted": False,
                      "created_at": usage_time(keypair.created_at), "updated_at": None,
                      "deleted_at": None}[name]
    if version >= (2, 2):
        body["type"] = keypair.type
    return body


class KeypairView(OpenStackView):
    """The user a request acts for: the caller, or from 2.10 the `user_id` an admin names."""

    def target_user(self, rule, user_id=None):
        if self.version < (2, 10) or not user_id:
            return self.context.user_id
        if user_id != self.context.user_id:
            policy.require_admin(self.context, f"os_compute_api:os-keypairs:{rule}")
        return user_id


class KeypairList(KeypairView):
    """GET /os-keypairs, POST /os-keypairs."""

    request_schemas = {"post": _create_schema}

    def get(self, request):
        query.check(self, LIST_QUERY)
        user_id = self.target_user("index", request.GET.get("user_id"))
        items = list(KeyPair.objects.filter(user_id=user_id).order_by("name"))
        if self.version >= (2, 35):
            limit, marker = paging.limit_and_marker(request)
            items = paging.page(items, lambda k: k.name, limit, marker)
        body = {"keypairs": [{"keypair": _fields(k, self.version)} for k in items]}
        if self.version >= (2, 35):
            more = paging.next_links(request, "os-keypairs", len(items),
                                     items[-1].name if items else None)
            if more:
                body["keypairs_links"] = more
        return ok(body)

    def post(self, request):
        body = schemas.validate(request.data, _create_schema(self.version))["keypair"]
        user_id = self.target_user("create", body.get("user_id"))
        keypair, private_key = keypairs.create_keypair(
            user_id=user_id, project_id=self.context.project_id, name=body["name"],
            key_type=body.get("type", keypairs.SSH), public_key=body.get("public_key"))
        result = _fields(keypair, self.version, "user_id")
        if private_key is not None:
            result["private_key"] = private_key
        return ok({"keypair": result}, status=201 if self.version >= (2, 2) else 200)


class KeypairItem(KeypairView):
    """GET/DELETE /os-keypairs/{name}."""

    def get(self, request, name):
        query.check(self, ITEM_QUERY)
        user_id = self.target_user("show", request.GET.get("user_id"))
        keypair = keypairs.get_keypair(user_id, name)
        return ok({"keypair": _fields(keypair, self.version, "user_id", "created_at",
                                      "deleted", "deleted_at", "id", "updated_at")})

    def delete(self, request, name):
        query.check(self, ITEM_QUERY)
        user_id = self.target_user("delete", request.GET.get("user_id"))
        keypairs.delete_keypair(user_id, name)
        return ok(None, status=204 if self.version >= (2, 2) else 202)


routes = [
    re_path(rf"{V21}/os-keypairs/?$", KeypairList.as_view()),
    re_path(rf"{V21}/os-keypairs/(?P<name>[^/]+)/?$", KeypairItem.as_view()),
]
