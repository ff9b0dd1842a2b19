"""/network/v2.0/security-groups: list (with filters), show, create, update, delete, each group
with its rules (egress included), in Neutron's shapes."""
from django.db.models import Prefetch
from django.urls import re_path

from api.openstack.network.base import NeutronView, admin_only, timestamp
from api.views import ok
from compute import quotas
from networking import errors
from networking import security_groups as sg
from networking.models import SecurityGroupRule


class OverQuota(errors.Conflict):
    type = "OverQuota"


def quota_refusal(exc):
    """Neutron answers a quota excess with 409 OverQuota."""
    return OverQuota(str(exc))


def render_rule(rule, group=None):
    group = group or rule.security_group
    return {
        "id": rule.pk, "tenant_id": rule.project_id, "project_id": rule.project_id,
        "security_group_id": rule.security_group_id, "direction": rule.direction,
        "ethertype": rule.ethertype, "protocol": rule.protocol,
        "port_range_min": rule.port_range_min, "port_range_max": rule.port_range_max,
        "remote_ip_prefix": rule.remote_ip_prefix, "remote_group_id": rule.remote_group_id,
        "remote_address_group_id": None, "normalized_cidr": rule.remote_ip_prefix,
        "description": rule.description, "belongs_to_default_sg": group.is_default,
        "tags": [], "revision_number": 0, "created_at": timestamp(rule.created_at),
        "updated_at": timestamp(rule.updated_at),
    }


def render(group):
    return {
        "id": group.pk, "name": group.name, "description": group.description,
        "tenant_id": group.project_id, "project_id": group.project_id, "stateful": True,
        "shared": False, "tags": [], "revision_number": 0,
        "created_at": timestamp(group.created_at), "updated_at": timestamp(group.updated_at),
        "security_group_rules": [render_rule(r, group) for r in group.rules.all()],
    }


def _text(body, key):
    value = body.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str) or len(value) > 255:
        raise errors.InvalidInput(f"Invalid input for {key}. Reason: '{value}' is not a valid "
                                  f"string of at most 255 characters.")
    return value


class _GroupView(NeutronView):
    collection, member = "security_groups", "security_group"

    def queryset(self):
        ctx = self.context
        return sg.visible(ctx.project_id, ctx.is_admin, all_projects=True).prefetch_related(
            Prefetch("rules", queryset=SecurityGroupRule.objects.order_by("created_at", "id")))

    def group(self, group_id):
        ctx = self.context
        return sg.get_group(group_id, ctx.project_id, ctx.is_admin)


class SecurityGroupList(_GroupView):
    """GET, POST /v2.0/security-groups."""

    def get(self, request):
        sg.ensure_default_group(self.context.project_id)
        return ok(self.listed([render(g) for g in self.queryset()]))

    def post(self, request):
        body = self.body_of("security_group")
        ctx = self.context
        admin_only(ctx, body, ("project_id", "tenant_id"), "create_security_group")
        project_id = body.get("project_id") or body.get("tenant_id") or ctx.project_id
        try:
            group = sg.create_group(str(project_id), _text(body, "name"),
                                    _text(body, "description"))
        except quotas.QuotaExceeded as exc:
            raise quota_refusal(exc) from None
        return ok({"security_group": render(self.queryset().get(pk=group.pk))}, status=201)


class SecurityGroupItem(_GroupView):
    """GET, PUT, DELETE /v2.0/security-groups/{id}."""

    def get(self, request, group_id):
        self.group(group_id)
        return ok({"security_group": render(self.queryset().get(pk=group_id))})

    def put(self, request, group_id):
        body = self.body_of("security_group")
        group = self.owned(self.group(group_id))
        sg.update_group(group, _text(body, "name") if "name" in body else None,
                        _text(body, "description") if "description" in body else None)
        return ok({"security_group": render(self.queryset().get(pk=group_id))})

    def delete(self, request, group_id):
        sg.delete_group(self.owned(self.group(group_id)), is_admin=self.context.is_admin)
        return ok(None, status=204)


_ID = r"(?P<group_id>[^/]+)"
routes = [
    re_path(r"^/v2\.0/security-groups/?$", SecurityGroupList.as_view()),
    re_path(rf"^/v2\.0/security-groups/{_ID}/?$", SecurityGroupItem.as_view()),
]
