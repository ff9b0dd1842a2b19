"""404 for unknown URLs: OpenStack JSON under the API prefixes (Neutron's shape under
/network), Django's page elsewhere."""
from django.views.defaults import page_not_found

from api.errors import NotFound, error_response
from api.middleware import API_PREFIXES


def not_found(request, exception=None):
    if request.path.startswith("/network"):
        from api.openstack.network.base import neutron_error

        return neutron_error(404, "HTTPNotFound", "The resource could not be found.")
    if request.path.startswith(API_PREFIXES):
        return error_response(NotFound("The resource could not be found."))
    return page_not_found(request, exception)
