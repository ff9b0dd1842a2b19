"""/os-security-group-rules: Nova's proxy to add an ingress rule to a group and delete a rule,
with Nova's parsing (ports as integers or strings, icmp type:code -1 for any, the cidr
0.0.0.0/0 when neither cidr nor group is given) and its messages. Up to 2.35."""
import ipaddress

from django.urls import re_path

from api.errors import BadRequest, NotFound, OverQuota
from api.openstack.compute.routing import V21
from api.openstack.compute.security_groups import (
    SecurityGroupProxyView,
    from_body,
    group_id,
    render_rule,
)
from api.views import ok
from compute import quotas
from networking import security_groups
from networking.models.security_groups import INGRESS, IPV4, IPV6, PORT_PROTOCOLS

RULE_BODY = {"type": "object", "required": ["security_group_rule"], "properties": {
    "security_group_rule": {"type": "object", "required": ["parent_group_id"], "properties": {
        "parent_group_id": {"type": "string"}, "group_id": {"type": ["string", "null"]},
        "ip_protocol": {"type": ["string", "null"]}, "cidr": {"type": ["string", "null"]},
        "from_port": {"type": ["integer", "string", "null"]},
        "to_port": {"type": ["integer", "string", "null"]}}}}}


def parse_cidr(cidr):
    """Nova's parse_cidr: no cidr is 0.0.0.0/0; anything else must be a network with a
    prefix length, and only the any-address may have prefix 0."""
    if not cidr:
        return "0.0.0.0/0"
    try:
        network = ipaddress.ip_network(str(cidr), strict=False)
    except ValueError:
        network = None
    address, _, prefix = str(cidr).partition("/")
    if network is None or not prefix:
        raise BadRequest(f"{cidr} is not a valid IP network.")
    if prefix == "0" and address not in ("0.0.0.0", "::"):
        raise BadRequest(f"Bad prefix for network in cidr {cidr}")
    return str(cidr)


def _ports(protocol, from_port, to_port):
    """(from, to) as integers, checked as Nova checks them for `protocol`."""
    kind = protocol.upper()
    try:
        low, high = int(from_port), int(to_port)
    except (TypeError, ValueError):
        what = ("Type and Code must be integers for ICMP protocol type" if kind == "ICMP"
                else "To and From ports must be integers")
        raise BadRequest(f"Invalid input received: {what}") from None
    if kind not in ("TCP", "UDP", "ICMP"):
        raise BadRequest(f"Invalid IP protocol {protocol}.")
    problem = None
    if kind != "ICMP" and low > high:
        problem = "Former value cannot be greater than the later"
    elif kind != "ICMP" and (low < 1 or high > 65535):
        problem = f"Valid {kind} ports should be between 1-65535"
    elif kind == "ICMP" and not (-1 <= low <= 255 and -1 <= high <= 255):
        problem = "For ICMP, the type:code must be valid"
    if problem:
        raise BadRequest(f"Invalid port range {low}:{high}. {problem}")
    return low, high


def rule_fields(body, remote):
    """The create_rule() arguments a Nova rule body asks for (`remote`: its peer group)."""
    protocol, low, high = body.get("ip_protocol"), body.get("from_port"), body.get("to_port")
    fields = {"direction": INGRESS, "ethertype": IPV4}
    if remote is not None:
        fields["remote_group"] = remote
        if low is None and high is None and str(protocol).upper() == "ICMP":
            low = high = -1
        elif low is None and high is None and str(protocol).lower() in PORT_PROTOCOLS:
            low, high = 1, 65535
    else:
        cidr = parse_cidr(body.get("cidr"))
        fields["remote_ip_prefix"] = cidr
        if ipaddress.ip_network(cidr, strict=False).version == 6:
            fields["ethertype"] = IPV6
    if not (protocol and low is not None and high is not None):
        if remote is None:
            raise BadRequest("Not enough parameters to build a valid rule.")
        return fields  # Nova drops a half-given protocol on a group rule: any protocol
    low, high = _ports(str(protocol), low, high)
    fields.update(protocol=str(protocol).lower(),
                  port_range_min=None if low == -1 else low,
                  port_range_max=None if high == -1 else high)
    return fields


class SecurityGroupRuleList(SecurityGroupProxyView):
    """POST /os-security-group-rules."""

    request_schemas = {"post": RULE_BODY}

    def post(self, request):
        body = from_body(request.data, "security_group_rule")
        if not isinstance(body, dict):
            raise BadRequest("Missing parameter security_group_rule")
        parent = self.group(body.get("parent_group_id"))
        remote = self.group(body["group_id"]) if body.get("group_id") is not None else None
        fields = rule_fields(body, remote)
        try:
            rule = security_groups.create_rule(parent, **fields)
        except security_groups.SecurityGroupRuleExists:
            raise BadRequest(f"This rule already exists in group {parent.pk}") from None
        except security_groups.SecurityGroupInvalid as exc:
            raise BadRequest(exc.message) from None
        except quotas.QuotaExceeded as exc:
            raise OverQuota(str(exc)) from None
        return ok({"security_group_rule": render_rule(rule)})


class SecurityGroupRuleItem(SecurityGroupProxyView):
    """DELETE /os-security-group-rules/{id}."""

    def delete(self, request, rule):
        context = self.context
        try:
            found = security_groups.get_rule(group_id(rule), context.project_id,
                                             context.is_admin)
        except security_groups.SecurityGroupRuleNotFound as exc:
            raise NotFound(exc.message) from None
        security_groups.delete_rule(found)
        return ok(None, status=202)


routes = [
    re_path(rf"{V21}/os-security-group-rules/?$", SecurityGroupRuleList.as_view()),
    re_path(rf"{V21}/os-security-group-rules/(?P<rule>[^/]+)/?$",
            SecurityGroupRuleItem.as_view()),
]
