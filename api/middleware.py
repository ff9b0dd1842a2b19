"""Per-request API plumbing: request ids and compute microversion negotiation."""
from api import microversions
from api.errors import ApiError, error_response
from compute.events import new_request_id

API_PREFIXES = ("/identity", "/compute", "/image", "/network")


class OpenStackApiMiddleware:
    """Gives every API request a request id (echoed as x-openstack-request-id and, on
    compute, x-compute-request-id) and, on /compute, its negotiated microversion."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIXES):
            return self.get_response(request)
        request.request_id = new_request_id()
        compute = request.path.startswith("/compute")
        version = microversions.MIN_VERSION
        try:
            if compute:
                version = microversions.requested(request.META)
            request.api_version = version
            response = self.get_response(request)
        except ApiError as error:
            response = error_response(error)
        response["x-openstack-request-id"] = request.request_id
        if compute:
            response["x-compute-request-id"] = request.request_id
            microversions.set_headers(response, version)
        return response
