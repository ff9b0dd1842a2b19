"""Neutron's discovery: GET /network (versions) and GET /network/v2.0 (resources)."""
from api.catalog import base_url
from api.views import PublicView, ok

RESOURCES = ("networks", "subnets", "ports", "floatingips")


class NetworkVersions(PublicView):
    """GET /network: the one API version."""

    def get(self, request):
        href = f"{base_url(request)}/network/v2.0/"
        return ok({"versions": [{"id": "v2.0", "status": "CURRENT",
                                 "links": [{"rel": "self", "href": href}]}]})


class NetworkV2(PublicView):
    """GET /network/v2.0: the resources of v2.0."""

    def get(self, request):
        base = f"{base_url(request)}/network/v2.0"
        return ok({"resources": [
            {"name": name[:-1], "collection": name,
             "links": [{"rel": "self", "href": f"{base}/{name}"}]} for name in RESOURCES]})
