"""Networks, their subnets, and ports with their fixed IPs (Neutron's core resources)."""
import ipaddress
import uuid as uuidlib

from django.db import models


def _new_uuid():
    return str(uuidlib.uuid4())


class Network(models.Model):
    """An L2 segment. Host plumbing (bridge + VLAN/VXLAN) is derived from its segmentation."""

    SEGMENTATION_TYPES = ["local", "flat", "vlan", "vxlan"]
    id = models.CharField(primary_key=True, max_length=36, default=_new_uuid)
    name = models.CharField(max_length=255, blank=True)
    description = models.CharField(max_length=255, blank=True)
    project_id = models.CharField(max_length=64, db_index=True, blank=True)
    shared = models.BooleanField(default=False)
    external = models.BooleanField("router:external", default=False)
    admin_state_up = models.BooleanField(default=True)
    status = models.CharField(max_length=16, default="ACTIVE")
    mtu = models.PositiveIntegerField(default=1450)
    network_type = models.CharField(max_length=16, default="vxlan",
                                    choices=[(t, t) for t in SEGMENTATION_TYPES])
    physical_network = models.CharField(max_length=64, blank=True, null=True)
    segmentation_id = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["network_type", "segmentation_id"],
                                               name="unique_network_segment")]

    def __str__(self):
        return self.name or self.id


class Subnet(models.Model):
    """An IP range on a network; the IPAM hands out addresses from its allocation pools."""

    id = models.CharField(primary_key=True, max_length=36, default=_new_uuid)
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="subnets")
    name = models.CharField(max_length=255, blank=True)
    description = models.CharField(max_length=255, blank=True)
    project_id = models.CharField(max_length=64, blank=True)
    cidr = models.CharField(max_length=64)
    ip_version = models.PositiveSmallIntegerField(default=4)
    gateway_ip = models.GenericIPAddressField(null=True, blank=True)
    allocation_pools = models.JSONField(default=list, blank=True,
                                        help_text='[{"start": ..., "end": ...}]')
    enable_dhcp = models.BooleanField(default=True)
    dns_nameservers = models.JSONField(default=list, blank=True)
    host_routes = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.name or self.id} ({self.cidr})"

    @property
    def ip_network(self):
        return ipaddress.ip_network(self.cidr, strict=False)


class Port(models.Model):
    """A virtual NIC on a network: a MAC, fixed IPs, the device using it, the host it is on."""

    id = models.CharField(primary_key=True, max_length=36, default=_new_uuid)
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="ports")
    name = models.CharField(max_length=255, blank=True)
    description = models.CharField(max_length=255, blank=True)
    project_id = models.CharField(max_length=64, db_index=True, blank=True)
    mac_address = models.CharField(max_length=17, unique=True)
    admin_state_up = models.BooleanField(default=True)
    status = models.CharField(max_length=16, default="DOWN")
    device_id = models.CharField(max_length=255, blank=True, db_index=True,
                                 help_text="The instance uuid for compute ports")
    device_owner = models.CharField(max_length=255, blank=True)
    binding_host = models.CharField("binding:host_id", max_length=255, blank=True)
    # Position among the instance's NICs, so addresses keep the order asked at boot.
    device_index = models.PositiveSmallIntegerField(default=0)
    # A port the user made and passed at boot outlives the instance (only unbound on delete);
    # ports the boot created for a network are deleted with it (Nova's preserve_on_delete).
    preserve_on_delete = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.mac_address} on {self.network_id}"


class FixedIP(models.Model):
    """One address of a port. The unique (subnet, address) pair makes allocation race-free:
    two allocators picking the same address cannot both insert it."""

    port = models.ForeignKey(Port, on_delete=models.CASCADE, related_name="fixed_ips")
    subnet = models.ForeignKey(Subnet, on_delete=models.PROTECT, related_name="fixed_ips")
    ip_address = models.GenericIPAddressField()

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["subnet", "ip_address"],
                                               name="unique_subnet_address")]

    def __str__(self):
        return self.ip_address
