"""GET /servers/{id}/topology (microversion 2.78): a server's guest NUMA nodes. Our guests
are defined without a NUMA topology (no hw:numa_* placement), so, as Nova answers for such a
server, there are no nodes and no page size."""
from django.urls import re_path

from api.errors import NotFound
from api.openstack.compute import lookups
from api.openstack.compute.routing import V21
from api.views import OpenStackView, ok

SINCE = (2, 78)


def topology(instance):
    """Nova's document for an instance without a NUMA topology."""
    return {"nodes": [], "pagesize_kb": None}


class ServerTopology(OpenStackView):
    """GET /servers/{id}/topology; below 2.78 the resource does not exist."""

    def get(self, request, server_id):
        if self.version < SINCE:
            raise NotFound("The resource could not be found.")
        return ok(topology(lookups.server(self.context, server_id)))


routes = [re_path(rf"{V21}/servers/(?P<server_id>[^/]+)/topology/?$",
                  ServerTopology.as_view())]
