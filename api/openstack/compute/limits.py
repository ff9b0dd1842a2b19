"""GET /limits: the caller's project's absolute limits and usage (admins may name another
project with ?tenant_id=); no rate limits. Keys per microversion as Nova."""
from django.urls import re_path

from api.openstack.compute import policy, query
from api.openstack.compute.routing import V21
from api.views import OpenStackView, ok
from compute import quotas

# Quota resource → the absolute limits showing it.
LIMIT_NAMES = {
    "ram": ("maxTotalRAMSize",), "instances": ("maxTotalInstances",),
    "cores": ("maxTotalCores",), "key_pairs": ("maxTotalKeypairs",),
    "floating_ips": ("maxTotalFloatingIps",),
    "metadata_items": ("maxServerMeta", "maxImageMeta"),
    "injected_files": ("maxPersonality",),
    "injected_file_content_bytes": ("maxPersonalitySize",),
    "security_groups": ("maxSecurityGroups",),
    "security_group_rules": ("maxSecurityGroupRules",),
    "server_groups": ("maxServerGroups",), "server_group_members": ("maxServerGroupMembers",),
}
USED_NAMES = {"totalRAMUsed": "ram", "totalCoresUsed": "cores",
              "totalInstancesUsed": "instances", "totalFloatingIpsUsed": "floating_ips",
              "totalSecurityGroupsUsed": "security_groups",
              "totalServerGroupsUsed": "server_groups"}

QUERY = query.QuerySchema({"tenant_id": query.TEXT})


def hidden(version):
    """Resources /limits no longer shows: network ones at 2.36, personality at 2.57."""
    gone = set()
    if version >= (2, 36):
        gone.update(("floating_ips", "security_groups", "security_group_rules"))
    if version >= (2, 57):
        gone.update(("injected_files", "injected_file_content_bytes"))
    return gone


def absolute(values, version):
    """Nova's `absolute` map from {resource: {"limit", "in_use"}}."""
    gone = hidden(version)
    body = {}
    for resource, names in LIMIT_NAMES.items():
        if resource in gone:
            continue
        for name in names:
            if name == "maxImageMeta" and version >= (2, 39):
                continue  # the image proxy went away at 2.39
            body[name] = values[resource]["limit"]
    body.update({name: values[resource]["in_use"] for name, resource in USED_NAMES.items()
                 if resource not in gone})
    return body


class Limits(OpenStackView):
    """GET /limits[?tenant_id=][&reserved=]; `reserved` is accepted, nothing is reserved."""

    def get(self, request):
        query.check(self, QUERY)
        project_id = self.context.project_id
        if "tenant_id" in request.GET:
            policy.require_admin(self.context, "os_compute_api:limits:other_project")
            project_id = request.GET["tenant_id"]
        values = quotas.detail(project_id)
        return ok({"limits": {"rate": [], "absolute": absolute(values, self.version)}})


routes = [re_path(rf"{V21}/limits/?$", Limits.as_view())]
