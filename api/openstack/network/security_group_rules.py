"""/network/v2.0/security-group-rules: list (with filters), show, create, delete (rules are
never updated, as in Neutron), in Neutron's shapes."""
from django.urls import re_path

from api.openstack.network.base import NeutronView
from api.openstack.network.security_groups import quota_refusal, render_rule
from api.views import ok
from compute import quotas
from networking import errors
from networking import security_groups as sg
from networking.models import SecurityGroupRule
from networking.models.security_groups import EGRESS, INGRESS, IPV4, IPV6


def _choice(body, key, choices, default=None):
    value = body.get(key, default)
    if value not in choices:
        raise errors.InvalidInput(f"Invalid input for {key}. Reason: {value} is not in "
                                  f"{choices}.")
    return value


def _protocol(value):
    """A name in lower case, a number as its decimal string, "any" as none (the model
    refuses what Neutron does not know)."""
    if value is None or str(value).lower() == "any":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return str(value).lower()


def _port(body, key):
    value = body.get(key)
    if value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise errors.InvalidInput(f"Invalid value for port {value}.") from None


class _RuleView(NeutronView):
    collection, member = "security_group_rules", "security_group_rule"

    def queryset(self):
        ctx = self.context
        groups = sg.visible(ctx.project_id, ctx.is_admin, all_projects=True)
        return SecurityGroupRule.objects.filter(security_group__in=groups).select_related(
            "security_group")

    def group(self, group_id):
        ctx = self.context
        return sg.get_group(group_id, ctx.project_id, ctx.is_admin)


class SecurityGroupRuleList(_RuleView):
    """GET, POST /v2.0/security-group-rules."""

    def get(self, request):
        return ok(self.listed([render_rule(r) for r in self.queryset()]))

    def post(self, request):
        body = self.body_of("security_group_rule")
        if not body.get("security_group_id"):
            raise errors.InvalidInput("Failed to parse request. Required attribute "
                                      "'security_group_id' not specified")
        group = self.owned(self.group(body.get("security_group_id")))
        remote = body.get("remote_group_id")
        try:
            rule = sg.create_rule(
                group, direction=_choice(body, "direction", [INGRESS, EGRESS]),
                ethertype=_choice(body, "ethertype", [IPV4, IPV6], IPV4),
                protocol=_protocol(body.get("protocol")),
                port_range_min=_port(body, "port_range_min"),
                port_range_max=_port(body, "port_range_max"),
                remote_ip_prefix=body.get("remote_ip_prefix") or None,
                remote_group=self.group(remote) if remote else None,
                description=str(body.get("description") or ""))
        except quotas.QuotaExceeded as exc:
            raise quota_refusal(exc) from None
        return ok({"security_group_rule": render_rule(rule)}, status=201)


class SecurityGroupRuleItem(_RuleView):
    """GET, DELETE /v2.0/security-group-rules/{id}."""

    def rule(self, rule_id):
        ctx = self.context
        return sg.get_rule(rule_id, ctx.project_id, ctx.is_admin)

    def get(self, request, rule_id):
        return ok({"security_group_rule": render_rule(self.rule(rule_id))})

    def delete(self, request, rule_id):
        sg.delete_rule(self.owned(self.rule(rule_id)))
        return ok(None, status=204)


_ID = r"(?P<rule_id>[^/]+)"
routes = [
    re_path(r"^/v2\.0/security-group-rules/?$", SecurityGroupRuleList.as_view()),
    re_path(rf"^/v2\.0/security-group-rules/{_ID}/?$", SecurityGroupRuleItem.as_view()),
]
