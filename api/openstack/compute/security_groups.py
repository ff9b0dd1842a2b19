"""/os-security-groups: Nova's proxy to the project's security groups (list, create, show,
update, delete) in Nova's shapes: ingress rules only, ports and peers as Nova renders them.
Nova removed the proxy in 2.36; above it the resource does not exist."""
import uuid

from django.db.models import Prefetch
from django.urls import re_path

from api.errors import BadRequest, NotFound, OverQuota
from api.openstack.compute.routing import V21
from api.views import OpenStackView, ok
from compute import quotas
from networking import security_groups
from networking.models.security_groups import (
    INGRESS,
    PORT_PROTOCOLS,
    SecurityGroup,
    SecurityGroupRule,
)

MAX_VERSION = (2, 35)
MAX_LIMIT = 1000
_TEXT = {"type": "string", "maxLength": 255}
GROUP_BODY = {"type": "object", "required": ["security_group"], "properties": {
    "security_group": {"type": "object", "required": ["name", "description"],
                       "properties": {"name": _TEXT, "description": _TEXT}}}}


def render_rule(rule):
    """A rule as Nova's proxy shows it; `rule.remote_group` should be loaded."""
    low, high = rule.port_range_min, rule.port_range_max
    if rule.protocol and low is None and high is None:
        low, high = (1, 65535) if rule.protocol in PORT_PROTOCOLS else (-1, -1)
    body = {"id": rule.pk, "parent_group_id": rule.security_group_id,
            "ip_protocol": rule.protocol, "from_port": low, "to_port": high,
            "group": {}, "ip_range": {}}
    if rule.remote_group_id:
        body["group"] = {"name": rule.remote_group.name,
                         "tenant_id": rule.remote_group.project_id}
    else:
        body["ip_range"] = {"cidr": rule.remote_ip_prefix or "0.0.0.0/0"}
    return body


def render(group):
    """A group with its ingress rules (load them with `with_rules`)."""
    return {"id": group.pk, "name": group.name, "description": group.description,
            "tenant_id": group.project_id,
            "rules": [render_rule(r) for r in group.rules.all() if r.direction == INGRESS]}


def with_rules(queryset):
    """`queryset` of groups with their ingress rules and those rules' peers, in two queries."""
    rules = SecurityGroupRule.objects.filter(direction=INGRESS).select_related("remote_group")
    return queryset.prefetch_related(Prefetch("rules", queryset=rules))


def shown(group):
    """`group` rendered afresh, rules included."""
    return render(with_rules(SecurityGroup.objects).get(pk=group.pk))


def sorted_groups(groups):
    return sorted((render(g) for g in groups), key=lambda g: (g["tenant_id"], g["name"]))


def group_id(value):
    """Nova's proxy takes only uuids as group ids (400 otherwise)."""
    try:
        uuid.UUID(str(value))
    except ValueError:
        raise BadRequest("Security group id should be uuid") from None
    return str(value)


def from_body(data, key):
    """The object under `key`, with Nova's messages when the body is empty or lacks it."""
    if not data:
        raise BadRequest("The request body can't be empty")
    value = data.get(key) if isinstance(data, dict) else None
    if value is None:
        raise BadRequest(f"Missing parameter {key}")
    return value


def _property(body, name):
    value = body.get(name) if isinstance(body, dict) else None
    if not isinstance(value, str):
        raise BadRequest(f"Security group {name} is not a string or unicode")
    if len(value) > 255:
        raise BadRequest(f"{name} has {len(value)} characters, more than 255.")
    return value


def _offset_limit(query):
    values = []
    for name, default in (("offset", 0), ("limit", MAX_LIMIT)):
        try:
            value = int(query.get(name, default))
        except ValueError:
            raise BadRequest(f"{name} param must be an integer") from None
        if value < 0:
            raise BadRequest(f"{name} param must be positive")
        values.append(value)
    return values[0], min(values[1], MAX_LIMIT)


class SecurityGroupProxyView(OpenStackView):
    """Answers up to 2.35; looks groups up with tenancy (another project's group: 404)."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.version > MAX_VERSION:
            raise NotFound("The resource could not be found.")

    def group(self, value):
        context = self.context
        try:
            return security_groups.get_group(group_id(value), context.project_id,
                                             context.is_admin)
        except security_groups.SecurityGroupNotFound as exc:
            raise NotFound(exc.message) from None


class SecurityGroupList(SecurityGroupProxyView):
    """GET /os-security-groups (all_tenants for admins, offset/limit), POST."""

    request_schemas = {"post": GROUP_BODY}

    def get(self, request):
        context = self.context
        security_groups.ensure_default_group(context.project_id)
        found = security_groups.visible(context.project_id, context.is_admin,
                                        "all_tenants" in request.GET)
        offset, limit = _offset_limit(request.GET)
        page = with_rules(found.order_by("created_at", "id"))[offset:offset + limit]
        return ok({"security_groups": sorted_groups(page)})

    def post(self, request):
        body = from_body(request.data, "security_group")
        name, description = _property(body, "name"), _property(body, "description")
        try:
            group = security_groups.create_group(self.context.project_id, name, description)
        except security_groups.SecurityGroupInvalid as exc:
            raise BadRequest(exc.message) from None
        except (quotas.QuotaExceeded, security_groups.SecurityGroupConflict) as exc:
            raise OverQuota(str(exc)) from None  # Nova answers Neutron's 409s with 403
        return ok({"security_group": render(group)})

    def delete(self, request):
        """DELETE without an id: Nova finds no such group."""
        raise NotFound("Security group  not found.")


class SecurityGroupItem(SecurityGroupProxyView):
    """GET/PUT/DELETE /os-security-groups/{id}."""

    request_schemas = {"put": GROUP_BODY}

    def get(self, request, group):
        found = self.group(group)
        return ok({"security_group": shown(found)})

    def put(self, request, group):
        found = self.group(group)
        body = from_body(request.data, "security_group")
        name, description = _property(body, "name"), _property(body, "description")
        try:
            security_groups.update_group(found, name, description)
        except (security_groups.SecurityGroupInvalid,
                security_groups.SecurityGroupConflict) as exc:
            raise BadRequest(exc.message) from None
        return ok({"security_group": shown(found)})

    def delete(self, request, group):
        try:
            security_groups.delete_group(self.group(group), is_admin=self.context.is_admin)
        except security_groups.SecurityGroupConflict as exc:
            raise BadRequest(exc.message) from None  # Nova: in use, or the default group
        return ok(None, status=202)


routes = [
    re_path(rf"{V21}/os-security-groups/?$", SecurityGroupList.as_view()),
    re_path(rf"{V21}/os-security-groups/(?P<group>[^/]+)/?$", SecurityGroupItem.as_view()),
]
