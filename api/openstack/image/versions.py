"""Image service version discovery: GET /image (300) and GET /image/v2 (200), as Glance."""
from api.catalog import base_url
from api.views import PublicView, ok

CURRENT = "2.16"
SUPPORTED = [f"2.{minor}" for minor in range(15, -1, -1)]


def versions(request):
    href = f"{base_url(request)}/image/v2/"
    return [{"id": f"v{version}", "status": status, "links": [{"rel": "self", "href": href}]}
            for version, status in [(CURRENT, "CURRENT")] + [(v, "SUPPORTED")
                                                              for v in SUPPORTED]]


class ImageVersions(PublicView):
    """GET /image: every version, 300 Multiple Choices."""

    def get(self, request):
        return ok({"versions": versions(request)}, status=300)


class ImageVersionsExplicit(PublicView):
    """GET /image/versions and /image/v2: the same list, 200."""

    def get(self, request):
        return ok({"versions": versions(request)})
