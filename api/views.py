"""The base of every OpenStack API view: token auth, JSON only, OpenStack error bodies."""
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from api.auth import AdminOnly, ProjectScoped, TokenAuthentication
from api.errors import BadRequest
from api.parsers import JSONBodyParser


class OpenStackView(APIView):
    """Views declare; services decide. `context` is the caller, `version` the microversion."""

    authentication_classes = [TokenAuthentication]
    permission_classes = [ProjectScoped]
    renderer_classes = [JSONRenderer]
    parser_classes = [JSONBodyParser]

    @property
    def context(self):
        return self.request.auth

    @property
    def version(self):
        return getattr(self.request._request, "api_version", (2, 1))

    def perform_content_negotiation(self, request, force=False):
        # Always JSON, whatever Accept says: the SDK sends an empty Accept on server actions,
        # Glance clients send the JSON-patch type or application/octet-stream.
        return super().perform_content_negotiation(request, force=True)

    def policy_name(self):
        return type(self).__name__

    def body(self, key):
        """The object under `key` in the JSON body, or 400 (Nova's wrapper convention)."""
        data = self.request.data
        if not isinstance(data, dict) or not isinstance(data.get(key), dict):
            raise BadRequest(f"Invalid input: '{key}' is a required property")
        return data[key]


class AdminView(OpenStackView):
    permission_classes = [AdminOnly]


class PublicView(APIView):
    """Discovery documents: no token needed, none checked."""

    authentication_classes = []
    permission_classes = []
    renderer_classes = [JSONRenderer]


def ok(data, status=200, headers=None):
    return Response(data, status=status, headers=headers)
