"""Routes of Compute v2.1 under /compute (no trailing slashes needed, none appended).
Each resource module exposes `routes`, a list of re_path() relative to /compute/v2.1."""
from django.urls import re_path

from api.openstack.compute import server_actions, servers, versions
from api.openstack.compute.routing import V21

ID = r"(?P<server_id>[^/]+)"

_routes = [
    re_path(r"^/?$", versions.ComputeVersions.as_view()),
    re_path(r"^/v2/?$", versions.ComputeV2.as_view()),
    re_path(rf"{V21}/?$", versions.ComputeV21.as_view()),
    re_path(rf"{V21}/servers/?$", servers.ServerList.as_view()),
    re_path(rf"{V21}/servers/detail/?$", servers.ServerDetailList.as_view()),
    re_path(rf"{V21}/servers/{ID}/?$", servers.ServerItem.as_view()),
    re_path(rf"{V21}/servers/{ID}/action/?$", server_actions.ServerAction.as_view()),
]

# Resource modules add themselves here: one import line each, `routes` inside.
ROUTE_MODULES = []

urlpatterns = _routes + [r for module in ROUTE_MODULES for r in module.routes]
