"""/os-quota-class-sets/{class} (admin): a quota class's limits; the 'default' class sets what
projects start with. Keys per microversion as Nova: server groups appear and nova-network's
quotas go at 2.50, the personality-file ones at 2.57."""
from django.urls import re_path

from api import schemas
from api.errors import BadRequest
from api.openstack.compute import policy
from api.openstack.compute.quota_sets import render, update_schema
from api.openstack.compute.routing import V21
from api.views import OpenStackView, ok
from compute import quotas

SERVER_GROUP_RESOURCES = ("server_groups", "server_group_members")


def hidden(version):
    """Resources os-quota-class-sets does not name at `version`."""
    if version < (2, 50):
        gone = set(SERVER_GROUP_RESOURCES)
    else:
        gone = set(quotas.NETWORK_RESOURCES)
    if version >= (2, 57):
        gone.update(quotas.PERSONALITY_RESOURCES)
    return gone


class QuotaClassItem(OpenStackView):
    """GET/PUT /os-quota-class-sets/{class}."""

    request_schemas = {"put": lambda version: update_schema(
        "quota_class_set", hidden(version) - set(SERVER_GROUP_RESOURCES))}

    def get(self, request, name):
        policy.require_admin(self.context, "os_compute_api:os-quota-class-sets:show")
        return ok({"quota_class_set": render(quotas.class_limits(name), hidden(self.version),
                                             name)})

    def put(self, request, name):
        policy.require_admin(self.context, "os_compute_api:os-quota-class-sets:update")
        if len(name) > 255:
            raise BadRequest("Invalid input received: quota_class_name has more than 255 "
                             "characters.")
        gone = hidden(self.version)
        # Below 2.50 Nova takes server group limits but does not show them.
        accepted = update_schema("quota_class_set", gone - set(SERVER_GROUP_RESOURCES))
        body = schemas.validate(request.data, accepted)
        quotas.set_class_limits(name, body["quota_class_set"])
        return ok({"quota_class_set": render(quotas.class_limits(name), gone)})


routes = [
    re_path(rf"{V21}/os-quota-class-sets/(?P<name>[^/]+)/?$", QuotaClassItem.as_view()),
]
