"""Compute version discovery: GET /compute/, /compute/v2/ and /compute/v2.1."""
from api import microversions
from api.catalog import base_url
from api.views import PublicView, ok


def _versions(request):
    base = base_url(request)
    return {
        "v2.0": {"id": "v2.0", "status": "SUPPORTED", "version": "", "min_version": "",
                 "updated": "2011-01-21T11:33:21Z",
                 "links": [{"rel": "self", "href": f"{base}/compute/v2/"}]},
        "v2.1": {"id": "v2.1", "status": "CURRENT",
                 "version": microversions.render(microversions.MAX_VERSION),
                 "min_version": microversions.render(microversions.MIN_VERSION),
                 "updated": "2013-07-23T11:33:21Z",
                 "links": [{"rel": "self", "href": f"{base}/compute/v2.1/"}]},
    }


def _detailed(doc, media_version):
    return dict(doc, links=doc["links"] + [
        {"rel": "describedby", "type": "text/html", "href": "http://docs.openstack.org/"}],
        **{"media-types": [{"base": "application/json",
                            "type": f"application/vnd.openstack.compute+json;"
                                    f"version={media_version}"}]})


class ComputeVersions(PublicView):
    """GET /compute/: both versions, v2.0 first (Tempest checks the order)."""

    def get(self, request):
        versions = _versions(request)
        return ok({"versions": [versions["v2.0"], versions["v2.1"]]})


class ComputeV2(PublicView):
    def get(self, request):
        return ok({"version": _detailed(_versions(request)["v2.0"], "2")})


class ComputeV21(PublicView):
    def get(self, request):
        return ok({"version": _detailed(_versions(request)["v2.1"], "2.1")})
