"""Floating IPs: an external network's address mapped (by NAT, later) to a port's fixed IP."""
import uuid as uuidlib

from django.db import models

from networking.models.networks import Network, Port


def _new_uuid():
    return str(uuidlib.uuid4())


class FloatingIP(models.Model):
    """A project's public address. Its address is held by a port on the external network
    (device_owner network:floatingip), so the IPAM never hands it out twice."""

    id = models.CharField(primary_key=True, max_length=36, default=_new_uuid)
    project_id = models.CharField(max_length=64, db_index=True)
    floating_network = models.ForeignKey(Network, on_delete=models.PROTECT,
                                         related_name="floating_ips")
    floating_port = models.OneToOneField(Port, on_delete=models.PROTECT,
                                         related_name="floating_ip_held")
    floating_ip_address = models.GenericIPAddressField()
    port = models.ForeignKey(Port, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="floating_ips")
    fixed_ip_address = models.GenericIPAddressField(null=True, blank=True)
    description = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.floating_ip_address

    @property
    def status(self):
        return "ACTIVE" if self.port_id else "DOWN"
