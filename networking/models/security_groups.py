"""Security groups, their rules, and which instances each group applies to (Neutron's model:
a rule lets traffic in or out; everything else is dropped)."""
import ipaddress
import uuid as uuidlib

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

INGRESS, EGRESS = "ingress", "egress"
IPV4, IPV6 = "IPv4", "IPv6"
TCP, UDP, ICMP = "tcp", "udp", "icmp"
PORT_PROTOCOLS = (TCP, UDP)
# Neutron's protocol names; a number 0-255 is accepted too and kept as given.
PROTOCOL_NAMES = ("ah", "dccp", "egp", "esp", "gre", "hopopt", ICMP, "icmpv6", "igmp", "ipip",
                  "ipv6-encap", "ipv6-frag", "ipv6-icmp", "ipv6-nonxt", "ipv6-opts",
                  "ipv6-route", "ospf", "pgm", "rsvp", "sctp", TCP, UDP, "udplite", "vrrp")
# Protocols whose rules take a port range, and those whose take an ICMP type and code.
_RANGED = {TCP, UDP, "dccp", "sctp", "udplite", "6", "17", "33", "132", "136"}
_ICMP = {ICMP, "icmpv6", "ipv6-icmp", "1", "58"}
DEFAULT_NAME = "default"


def _new_uuid():
    return str(uuidlib.uuid4())


class SecurityGroup(models.Model):
    """A project's named set of rules. Each project has one `default` group (is_default),
    created on first use, which cannot be renamed or deleted."""

    id = models.CharField(primary_key=True, max_length=36, default=_new_uuid)
    project_id = models.CharField(max_length=64, db_index=True)
    name = models.CharField(max_length=255, blank=True)
    description = models.CharField(max_length=255, blank=True)
    is_default = models.BooleanField(default=False, editable=False)
    instances = models.ManyToManyField("compute.Instance", related_name="security_groups",
                                       blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["project_id"], condition=Q(is_default=True),
                                               name="one_default_security_group")]

    def __str__(self):
        return f"{self.name or self.id} ({self.project_id})"


class SecurityGroupRule(models.Model):
    """One allowed flow: direction, ethertype, protocol (None: any), a port range (tcp/udp;
    for icmp the type in port_range_min and the code in port_range_max), and the peer: a
    CIDR or the members of a group (neither: anywhere)."""

    id = models.CharField(primary_key=True, max_length=36, default=_new_uuid)
    security_group = models.ForeignKey(SecurityGroup, on_delete=models.CASCADE,
                                       related_name="rules")
    project_id = models.CharField(max_length=64, db_index=True)
    direction = models.CharField(max_length=8, choices=[(d, d) for d in (INGRESS, EGRESS)])
    ethertype = models.CharField(max_length=4, default=IPV4,
                                 choices=[(e, e) for e in (IPV4, IPV6)])
    protocol = models.CharField(max_length=16, null=True, blank=True,
                                help_text="a name (tcp, udp, icmp, ...) or a number 0-255; "
                                          "empty: any")
    port_range_min = models.IntegerField(null=True, blank=True)
    port_range_max = models.IntegerField(null=True, blank=True)
    remote_ip_prefix = models.CharField(max_length=64, null=True, blank=True)
    # Deleting the peer group deletes the rules naming it (as Neutron does).
    remote_group = models.ForeignKey(SecurityGroup, null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="remote_rules")
    description = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        ports = f"{self.port_range_min}-{self.port_range_max}"
        return f"{self.direction} {self.ethertype} {self.protocol or 'any'} {ports}"

    def clean(self):
        """Neutron's rule checks, so the API and the admin refuse the same rules."""
        _check_protocol(self.protocol)
        if self.protocol in _RANGED:
            _check_ports(self.port_range_min, self.port_range_max)
        elif self.protocol in _ICMP:
            _check_icmp(self.port_range_min, self.port_range_max)
        elif self.port_range_min is not None or self.port_range_max is not None:
            if not self.protocol:
                raise ValidationError("Must also specify protocol if port range is given.")
            raise ValidationError(f"Invalid protocol {self.protocol} for port range, only "
                                  f"supported for TCP, UDP, UDPLITE, SCTP and DCCP.")
        if self.remote_ip_prefix and self.remote_group_id:
            raise ValidationError("Only remote_ip_prefix or remote_group_id may be provided.")
        if self.remote_ip_prefix:
            self.remote_ip_prefix = _check_prefix(self.remote_ip_prefix, self.ethertype)

    def key(self):
        """What makes two rules of a group the same rule."""
        return (self.direction, self.ethertype, self.protocol, self.port_range_min,
                self.port_range_max, _normal_prefix(self.remote_ip_prefix), self.remote_group_id)


def _check_protocol(protocol):
    if protocol is None or protocol in PROTOCOL_NAMES:
        return
    if not (protocol.isdigit() and 0 <= int(protocol) <= 255):
        raise ValidationError(f"Security group rule protocol {protocol} not supported. Only "
                              f"protocol values {list(PROTOCOL_NAMES)} and integer "
                              f"representations [0 to 255] are supported.")


def _check_ports(low, high):
    for value in (low, high):
        if value is not None and not 1 <= value <= 65535:
            raise ValidationError(f"Invalid value for port {value}.")
    if (low is None) != (high is None) or (low is not None and low > high):
        raise ValidationError("For TCP/UDP protocols, port_range_min must be <= "
                              "port_range_max")


def _check_icmp(icmp_type, code):
    for name, attr, value in (("type", "port-range-min", icmp_type),
                              ("code", "port-range-max", code)):
        if value is not None and not 0 <= value <= 255:
            raise ValidationError(f"Invalid value for ICMP {name} ({attr}): {value}. It must "
                                  f"be 0 to 255.")
    if icmp_type is None and code is not None:
        raise ValidationError(f"ICMP code (port-range-max) {code} is provided but ICMP type "
                              f"(port-range-min) is missing.")


def _check_prefix(prefix, ethertype):
    try:
        network = ipaddress.ip_network(prefix, strict=False)
    except ValueError:
        raise ValidationError(f"{prefix} is not a valid IP network.") from None
    if (network.version == 6) != (ethertype == IPV6):
        raise ValidationError(f"Conflicting value ethertype {ethertype} for CIDR {prefix}")
    return prefix


def _normal_prefix(prefix):
    """Any address (0.0.0.0/0, ::/0) and no prefix mean the same peer."""
    if not prefix:
        return None
    network = ipaddress.ip_network(prefix, strict=False)
    return None if network.prefixlen == 0 else str(network)
