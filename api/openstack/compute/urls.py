"""Routes of Compute v2.1 under /compute (no trailing slashes needed, none appended).
Each resource module exposes `routes`, a list of re_path() relative to /compute/v2.1."""
from django.urls import re_path

from api.openstack.compute import (
    aggregates,
    availability_zones,
    compute_services,
    diagnostics,
    extensions,
    external_events,
    flavor_access,
    flavor_extra_specs,
    flavors,
    floating_ips,
    hosts,
    hypervisors,
    image_metadata,
    images,
    instance_actions,
    keypairs,
    limits,
    migrations,
    networks,
    quota_classes,
    quota_sets,
    scheduling,
    security_group_rules,
    security_groups,
    server_actions,
    server_groups,
    server_ips,
    server_metadata,
    server_password,
    server_security_groups,
    server_tags,
    server_topology,
    servers,
    usage,
    usage_audit_log,
    versions,
)
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
ROUTE_MODULES = [
    flavors,
    flavor_extra_specs,
    flavor_access,
    keypairs,
    availability_zones,
    quota_sets,
    quota_classes,
    limits,
    usage,
    extensions,
    hypervisors,
    compute_services,
    hosts,
    server_metadata,
    server_tags,
    server_ips,
    instance_actions,
    server_password,
    diagnostics,
    migrations,
    external_events,
    images,
    image_metadata,
    server_groups,
    scheduling,
    aggregates,
    usage_audit_log,
    server_topology,
    security_groups,
    security_group_rules,
    server_security_groups,
    floating_ips,
    networks,
]

urlpatterns = _routes + [r for module in ROUTE_MODULES for r in module.routes]
