"""A server's security groups: GET /servers/{id}/os-security-groups, the addSecurityGroup and
removeSecurityGroup actions, the groups a boot asks for, and the `security_groups` of the
server views (by name, absent when the server has none, as Nova shows them)."""
from django.urls import re_path

from api.errors import BadRequest, Conflict, NotFound
from api.openstack.compute import lookups
from api.openstack.compute.page_loads import PageLoad
from api.openstack.compute.routing import V21
from api.openstack.compute.security_groups import sorted_groups, with_rules
from api.views import OpenStackView, ok
from networking import instance_security_groups as bindings
from networking import security_groups
from networking.models.security_groups import SecurityGroup


class ServerSecurityGroupList(OpenStackView):
    """GET /servers/{id}/os-security-groups: the groups with their ingress rules."""

    def get(self, request, server_id):
        instance = lookups.server(self.context, server_id)
        groups = with_rules(SecurityGroup.objects.filter(instances=instance))
        return ok({"security_groups": sorted_groups(groups)})


def _group_name(arg):
    """The `name` of an add/remove action's argument, with Nova's messages."""
    if not isinstance(arg, dict):
        raise BadRequest("Missing parameter dict")
    if "name" not in arg:
        raise BadRequest("Security group not specified")
    name = arg["name"]
    if not name or not isinstance(name, str) or not name.strip():
        raise BadRequest("Security group name cannot be empty")
    return name


def _find(instance, arg):
    try:
        return security_groups.find_group(_group_name(arg), instance.project_id)
    except security_groups.SecurityGroupNotFound as exc:
        raise NotFound(exc.message) from None
    except security_groups.SecurityGroupConflict as exc:
        raise Conflict(exc.message) from None


def add_security_group(view, instance, arg, common):
    """The addSecurityGroup action: 404 for a group the project lacks; adding twice is fine."""
    bindings.add_to_instance(instance, _find(instance, arg))


def remove_security_group(view, instance, arg, common):
    """The removeSecurityGroup action: 404 for an unknown group or one not applied."""
    try:
        bindings.remove_from_instance(instance, _find(instance, arg))
    except security_groups.SecurityGroupNotFound as exc:
        raise NotFound(exc.message) from None


def requested_groups(context, body):
    """The groups a create body names in `security_groups` (400 for an unknown one)."""
    names = [item.get("name") for item in body.get("security_groups") or []
             if isinstance(item, dict) and item.get("name")]
    try:
        return bindings.requested_groups(context.project_id, names)
    except security_groups.SecurityGroupNotFound as exc:
        raise BadRequest(exc.message) from None
    except security_groups.SecurityGroupConflict as exc:
        raise Conflict(exc.message) from None


def created_view(body):
    """`security_groups` of a create answer: as asked, else the default group (as Nova)."""
    return body.get("security_groups", [{"name": "default"}])


# the group names of every server of a list in one query
GROUP_NAMES = PageLoad("_cloudproject_group_names", bindings.names_by_instance,
                       key_of=lambda instance: instance.pk, default=())


def server_view(instance):
    """`security_groups` of a server document: [{"name": ...}], or None when it has none."""
    return [{"name": name} for name in GROUP_NAMES.of(instance)] or None
bind = bindings.bind

routes = [
    re_path(rf"{V21}/servers/(?P<server_id>[^/]+)/os-security-groups/?$",
            ServerSecurityGroupList.as_view()),
]
