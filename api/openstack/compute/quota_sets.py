"""/os-quota-sets/{project_id}[/detail|/defaults]: a project's (or with ?user_id= a user's)
limits and usage; admins set and reset them. Keys per microversion as Nova: 2.36 drops
nova-network's quotas, 2.57 the personality-file ones."""
from django.urls import re_path

from api import schemas
from api.errors import BadRequest
from api.models import Project
from api.openstack.compute import policy, query
from api.openstack.compute.routing import V21
from api.views import OpenStackView, ok
from compute import quotas

LIMIT = {"type": ["integer", "string"], "pattern": "^-?[0-9]+$", "minimum": -1,
         "maximum": 0x7FFFFFFF}

QUERY = query.QuerySchema({"user_id": query.TEXT})


def hidden(version):
    """Resources os-quota-sets no longer names at `version`."""
    gone = set()
    if version >= (2, 36):
        gone.update(quotas.NETWORK_RESOURCES)
    if version >= (2, 57):
        gone.update(quotas.PERSONALITY_RESOURCES)
    return gone


def render(values, gone, item_id=None):
    """The values of every resource not `gone`, under "id" when given."""
    body = {"id": item_id} if item_id is not None else {}
    body.update({key: value for key, value in values.items() if key not in gone})
    return body


def update_schema(wrapper, gone):
    """A PUT body: {wrapper: {resource: limit, ...}} naming no resource `gone`."""
    props = {resource: LIMIT for resource in quotas.RESOURCES if resource not in gone}
    if wrapper == "quota_set":
        props["force"] = schemas.boolean
    return {"type": "object", "required": [wrapper], "additionalProperties": False,
            "properties": {wrapper: {"type": "object", "properties": props,
                                     "additionalProperties": False}}}


def verify_project(project_id):
    """Nova asks Keystone; an unknown project is a 400."""
    if not Project.objects.filter(pk=project_id).exists():
        raise BadRequest(f"Project ID {project_id} is not a valid project.")


class QuotaSetItem(OpenStackView):
    """GET/PUT/DELETE /os-quota-sets/{project_id}."""

    request_schemas = {"put": lambda version: update_schema("quota_set", hidden(version))}

    def get(self, request, project_id):
        policy.require_own_project(self.context, project_id,
                                   "os_compute_api:os-quota-sets:show")
        query.check(self, QUERY)
        verify_project(project_id)
        values = quotas.limits(project_id, request.GET.get("user_id"))
        return ok({"quota_set": render(values, hidden(self.version), project_id)})

    def put(self, request, project_id):
        policy.require_admin(self.context, "os_compute_api:os-quota-sets:update")
        query.check(self, QUERY)
        verify_project(project_id)
        gone = hidden(self.version)
        body = dict(schemas.validate(request.data, update_schema("quota_set", gone))["quota_set"])
        force = str(body.pop("force", False)).lower() in schemas.TRUE_STRINGS
        user_id = request.GET.get("user_id")
        quotas.set_limits(project_id, body, user_id=user_id, force=force)
        return ok({"quota_set": render(quotas.limits(project_id, user_id), gone)})

    def delete(self, request, project_id):
        policy.require_admin(self.context, "os_compute_api:os-quota-sets:delete")
        query.check(self, QUERY)
        quotas.delete_limits(project_id, request.GET.get("user_id"))
        return ok(None, status=202)


class QuotaSetDetail(OpenStackView):
    """GET /os-quota-sets/{project_id}/detail: limit, in_use and reserved per resource."""

    def get(self, request, project_id):
        policy.require_own_project(self.context, project_id,
                                   "os_compute_api:os-quota-sets:detail")
        query.check(self, QUERY)
        verify_project(project_id)
        values = quotas.detail(project_id, request.GET.get("user_id"))
        return ok({"quota_set": render(values, hidden(self.version), project_id)})


class QuotaSetDefaults(OpenStackView):
    """GET /os-quota-sets/{project_id}/defaults: the limits a project starts with."""

    def get(self, request, project_id):
        verify_project(project_id)
        return ok({"quota_set": render(quotas.defaults(), hidden(self.version), project_id)})


PROJECT = r"(?P<project_id>[^/]+)"
routes = [
    re_path(rf"{V21}/os-quota-sets/{PROJECT}/?$", QuotaSetItem.as_view()),
    re_path(rf"{V21}/os-quota-sets/{PROJECT}/detail/?$", QuotaSetDetail.as_view()),
    re_path(rf"{V21}/os-quota-sets/{PROJECT}/defaults/?$", QuotaSetDefaults.as_view()),
]
