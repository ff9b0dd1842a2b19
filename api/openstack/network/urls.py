"""Routes of the Neutron v2.0 subset under /network (no trailing slashes needed, none
appended). Each resource module exposes `routes`, a list of re_path() relative to /network."""
from django.urls import re_path

from api.openstack.network import (
    extensions,
    floatingips,
    networks,
    ports,
    security_group_rules,
    security_groups,
    subnets,
    versions,
)

# Resource modules add themselves here: one import line each, `routes` inside.
ROUTE_MODULES = [
    networks,
    subnets,
    ports,
    floatingips,
    extensions,
    security_groups,
    security_group_rules,
]

urlpatterns = [
    re_path(r"^/?$", versions.NetworkVersions.as_view()),
    re_path(r"^/v2\.0/?$", versions.NetworkV2.as_view()),
] + [r for module in ROUTE_MODULES for r in module.routes]
