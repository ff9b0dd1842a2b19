"""Identity version discovery: GET /identity (300) and GET /identity/v3 (200)."""
from api.catalog import base_url
from api.views import PublicView, ok


def v3_document(request):
    return {
        "id": "v3.14", "status": "stable", "updated": "2020-04-07T00:00:00Z",
        "links": [{"rel": "self", "href": f"{base_url(request)}/identity/v3/"}],
        "media-types": [{"base": "application/json",
                         "type": "application/vnd.openstack.identity-v3+json"}],
    }


class IdentityVersions(PublicView):
    def get(self, request):
        return ok({"versions": {"values": [v3_document(request)]}}, status=300)


class IdentityV3(PublicView):
    def get(self, request):
        return ok({"version": v3_document(request)})
