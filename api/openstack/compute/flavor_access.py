"""Flavor access (admin): GET /flavors/{id}/os-flavor-access lists the projects a private
flavor is shared with; POST /flavors/{id}/action addTenantAccess / removeTenantAccess."""
from django.urls import re_path

from api import schemas
from api.errors import BadRequest, Conflict, NotFound
from api.models import Project
from api.openstack.compute import policy
from api.openstack.compute.flavors import FLAVOR, flavor_or_404
from api.openstack.compute.routing import V21
from api.views import OpenStackView, ok
from compute import flavors


def _action_schema(action):
    tenant = {"type": "object", "properties": {"tenant": {"type": "string", "minLength": 1,
                                                          "maxLength": 255}},
              "required": ["tenant"], "additionalProperties": False}
    return {"type": "object", "properties": {action: tenant}, "required": [action],
            "additionalProperties": False}


def _access_body(flavor):
    return {"flavor_access": [{"flavor_id": flavor.flavorid, "tenant_id": project_id}
                              for project_id in flavors.access_list(flavor)]}


class FlavorAccessList(OpenStackView):
    """GET /flavors/{id}/os-flavor-access."""

    def get(self, request, flavor_id):
        policy.require_admin(self.context, "os_compute_api:os-flavor-access")
        flavor = flavor_or_404(self.context, flavor_id)
        if flavor.is_public:
            raise NotFound("Access list not available for public flavors.")
        return ok(_access_body(flavor))


class FlavorAction(OpenStackView):
    """POST /flavors/{id}/action."""

    request_schemas = {"post": {"anyOf": [_action_schema("addTenantAccess"),
                                          _action_schema("removeTenantAccess")]}}

    def post(self, request, flavor_id):
        data = request.data if isinstance(request.data, dict) else {}
        if "addTenantAccess" in data:
            return self.add_tenant_access(request, flavor_id)
        if "removeTenantAccess" in data:
            return self.remove_tenant_access(request, flavor_id)
        raise BadRequest(f"There is no such action: {', '.join(data) or None}")

    def add_tenant_access(self, request, flavor_id):
        policy.require_admin(self.context,
                             "os_compute_api:os-flavor-access:add_tenant_access")
        tenant = schemas.validate(request.data, _action_schema("addTenantAccess")
                                  )["addTenantAccess"]["tenant"]
        if not Project.objects.filter(pk=tenant).exists():
            raise BadRequest(f"Project ID {tenant} is not a valid project.")
        flavor = flavor_or_404(self.context, flavor_id)
        if self.version >= (2, 7) and flavor.is_public:
            raise Conflict("Can not add access to a public flavor.")
        flavors.add_access(flavor, tenant)
        return ok(_access_body(flavor))

    def remove_tenant_access(self, request, flavor_id):
        policy.require_admin(self.context,
                             "os_compute_api:os-flavor-access:remove_tenant_access")
        tenant = schemas.validate(request.data, _action_schema("removeTenantAccess")
                                  )["removeTenantAccess"]["tenant"]
        flavor = flavor_or_404(self.context, flavor_id)
        flavors.remove_access(flavor, tenant)
        return ok(_access_body(flavor))


routes = [
    re_path(rf"{V21}/flavors/{FLAVOR}/os-flavor-access/?$", FlavorAccessList.as_view()),
    re_path(rf"{V21}/flavors/{FLAVOR}/action/?$", FlavorAction.as_view()),
]
