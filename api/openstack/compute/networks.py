"""/os-networks and /os-tenant-networks: Nova's read-only proxies to the network service
(up to microversion 2.35; above it the resources do not exist)."""
from django.urls import re_path

from api.errors import NotFound
from api.openstack.compute.floating_ips import ProxyView
from api.openstack.compute.routing import V21
from api.views import ok
from networking import networks

_FIELDS = ("cidr", "netmask", "gateway", "broadcast", "dns1", "dns2", "cidr_v6",
           "gateway_v6", "netmask_v6")
_ADMIN_FIELDS = ("created_at", "updated_at", "deleted_at", "deleted", "injected", "bridge",
                 "vlan", "vpn_public_address", "vpn_public_port", "vpn_private_address",
                 "dhcp_start", "project_id", "host", "bridge_interface", "multi_host",
                 "priority", "rxtx_base", "mtu", "dhcp_server", "enable_dhcp",
                 "share_address")


def _v4_cidr(network):
    subnet = next((s for s in network.subnets.all() if s.ip_version == 4), None)
    return subnet.cidr if subnet else None


def render(network, is_admin):
    """Nova's network dict: id and label filled, nova-network-only fields null."""
    body = {"id": network.id, "label": network.name, **{f: None for f in _FIELDS}}
    body["cidr"] = _v4_cidr(network)
    if is_admin:
        body.update({f: None for f in _ADMIN_FIELDS})
    return body


def render_tenant(network):
    return {"id": network.id, "label": network.name, "cidr": _v4_cidr(network)}


class _Networks(ProxyView):
    render_admin = True

    def queryset(self):
        ctx = self.context
        return networks.visible(ctx.project_id, ctx.is_admin).prefetch_related("subnets")

    def one(self, network):
        if self.render_admin:
            return render(network, self.context.is_admin)
        return render_tenant(network)


class NetworkList(_Networks):
    """GET /os-networks."""

    def get(self, request):
        return ok({"networks": [self.one(n) for n in self.queryset()]})


class NetworkItem(_Networks):
    """GET /os-networks/{id}."""

    def get(self, request, network_id):
        network = self.queryset().filter(id=network_id).first()
        if network is None:
            raise NotFound(f"Network {network_id} could not be found.")
        return ok({"network": self.one(network)})


class TenantNetworkList(NetworkList):
    """GET /os-tenant-networks."""

    render_admin = False


class TenantNetworkItem(NetworkItem):
    """GET /os-tenant-networks/{id}."""

    render_admin = False


_ID = r"(?P<network_id>[^/]+)"
routes = [
    re_path(rf"{V21}/os-networks/?$", NetworkList.as_view()),
    re_path(rf"{V21}/os-networks/{_ID}/?$", NetworkItem.as_view()),
    re_path(rf"{V21}/os-tenant-networks/?$", TenantNetworkList.as_view()),
    re_path(rf"{V21}/os-tenant-networks/{_ID}/?$", TenantNetworkItem.as_view()),
]
