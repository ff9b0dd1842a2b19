"""/servers/{id}/ips[/{network}]: a server's addresses by network name."""
from django.urls import re_path

from api.errors import NotFound
from api.openstack.compute import lookups, server_addresses
from api.openstack.compute.routing import V21
from api.views import OpenStackView, ok


def addresses(instance):
    """network name → [{"version": 4|6, "addr": "..."}], from the server's ports."""
    return server_addresses.plain(instance)


class ServerIps(OpenStackView):
    """GET /servers/{id}/ips."""

    def get(self, request, server_id):
        return ok({"addresses": addresses(lookups.server(self.context, server_id))})


class ServerNetworkIps(OpenStackView):
    """GET /servers/{id}/ips/{network}: {network: [...]}, 404 if not on that network."""

    def get(self, request, server_id, network):
        found = addresses(lookups.server(self.context, server_id))
        if network not in found:
            raise NotFound("Instance is not a member of specified network")
        return ok({network: found[network]})


_ID = r"(?P<server_id>[^/]+)"
routes = [
    re_path(rf"{V21}/servers/{_ID}/ips/?$", ServerIps.as_view()),
    re_path(rf"{V21}/servers/{_ID}/ips/(?P<network>[^/]+)/?$", ServerNetworkIps.as_view()),
]
