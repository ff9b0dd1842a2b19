"""GET /openapi.json: the OpenAPI 3.1 document of the whole API (no token needed)."""
from api import openapi
from api.views import PublicView, ok


class OpenApiDocument(PublicView):
    """The document api.openapi generates from the URL conf, built once per process."""

    def get(self, request):
        return ok(openapi.document())
