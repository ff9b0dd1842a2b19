"""/os-server-groups: create, list, show and delete server groups, in Nova's shapes: one
policy in `policies` (and empty `metadata`) below 2.64, `policy` and `rules` from 2.64;
soft policies from 2.15; `project_id` and `user_id` from 2.13."""
from django.urls import re_path

from api import schemas
from api.errors import BadRequest, NotFound
from api.openstack.compute import query
from api.openstack.compute.routing import V21
from api.views import OpenStackView, ok
from scheduler import groups
from scheduler.models import ServerGroup

HARD_POLICIES = ["affinity", "anti-affinity"]
SOFT_POLICIES = ["soft-affinity", "soft-anti-affinity"]
MAX_LIMIT = 1000
LIST_QUERY = query.QuerySchema({"all_projects": query.TEXT,
                                 "limit": query.TEXT, "offset": query.TEXT})


def _create_schema(version):
    policies = HARD_POLICIES + (SOFT_POLICIES if version >= (2, 15) else [])
    if version >= (2, 64):
        rules = {"type": "object", "properties": {"max_server_per_host": schemas.positive_int},
                 "additionalProperties": False}
        props = {"name": schemas.name, "policy": {"type": "string", "enum": policies},
                 "rules": rules}
        required = ["name", "policy"]
    else:
        props = {"name": schemas.name,
                 "policies": {"type": "array", "items": {"type": "string", "enum": policies},
                              "minItems": 1, "maxItems": 1, "uniqueItems": True}}
        required = ["name", "policies"]
    group = {"type": "object", "properties": props, "required": required,
             "additionalProperties": False}
    return {"type": "object", "properties": {"server_group": group},
            "required": ["server_group"], "additionalProperties": False}


_SCHEMAS = {}


def create_schema(version):
    """One schema object per shape, so that api.schemas caches its validator."""
    key = (version >= (2, 15), version >= (2, 64))
    return _SCHEMAS.setdefault(key, _create_schema(version))


def render(group, members, version):
    body = {"id": group.uuid, "name": group.name}
    if version >= (2, 64):
        body.update(policy=group.policy, rules=group.rules)
    else:
        body.update(policies=[group.policy], metadata={})
    body["members"] = members
    if version >= (2, 13):
        body.update(project_id=group.project_id, user_id=group.user_id)
    return body


def _visible(context):
    if context.is_admin:
        return ServerGroup.objects.all()
    return ServerGroup.objects.filter(project_id=context.project_id)


def _group(context, group_id):
    group = _visible(context).filter(uuid=group_id).first()
    if group is None:
        raise NotFound(f"Server group {group_id} could not be found.")
    return group


def _paging(query):
    """(offset, limit) as Nova's common.limited reads them."""
    values = []
    for name, default in (("offset", 0), ("limit", MAX_LIMIT)):
        try:
            value = int(query.get(name, default))
        except ValueError:
            raise BadRequest(f"{name} param must be an integer")
        if value < 0:
            raise BadRequest(f"{name} param must be positive")
        values.append(value)
    offset, limit = values
    return offset, min(limit, MAX_LIMIT)


class ServerGroupList(OpenStackView):
    """GET /os-server-groups (all_projects for admins, limit, offset), POST."""

    request_schemas = {"post": create_schema}

    def get(self, request):
        query.check(self, LIST_QUERY)
        context = self.context
        found = ServerGroup.objects.filter(project_id=context.project_id)
        if context.is_admin and "all_projects" in request.GET:
            found = ServerGroup.objects.all()
        offset, limit = _paging(request.GET)
        page = list(found.order_by("id")[offset:offset + limit])
        members = groups.members(page)
        return ok({"server_groups": [render(g, members[g.pk], self.version) for g in page]})

    def post(self, request):
        body = schemas.validate(request.data, create_schema(self.version))["server_group"]
        policy = body["policy"] if self.version >= (2, 64) else body["policies"][0]
        rules = {key: int(value) for key, value in body.get("rules", {}).items()}
        group = groups.create_server_group(
            name=body["name"], policy=policy, rules=rules,
            project_id=self.context.project_id, user_id=self.context.user_id)
        return ok({"server_group": render(group, [], self.version)})


class ServerGroupItem(OpenStackView):
    """GET /os-server-groups/{id}, DELETE /os-server-groups/{id}."""

    def get(self, request, group_id):
        group = _group(self.context, group_id)
        members = groups.members([group])[group.pk]
        return ok({"server_group": render(group, members, self.version)})

    def delete(self, request, group_id):
        groups.delete_server_group(_group(self.context, group_id))
        return ok(None, status=204)


routes = [
    re_path(rf"{V21}/os-server-groups/?$", ServerGroupList.as_view()),
    re_path(rf"{V21}/os-server-groups/(?P<group_id>[^/]+)/?$", ServerGroupItem.as_view()),
]
