"""Routes of the Keystone v3 shim under /identity; resource modules expose `routes`."""
from django.urls import re_path

from api.openstack.identity import (
    domains,
    projects,
    role_assignments,
    roles,
    tokens,
    users,
    versions,
)

_routes = [
    re_path(r"^/?$", versions.IdentityVersions.as_view()),
    re_path(r"^/v3/?$", versions.IdentityV3.as_view()),
    re_path(r"^/v3/auth/tokens/?$", tokens.Tokens.as_view()),
    re_path(r"^/v3/auth/catalog/?$", tokens.Catalog.as_view()),
]

ROUTE_MODULES = [domains, projects, users, roles, role_assignments]

urlpatterns = _routes + [r for module in ROUTE_MODULES for r in module.routes]
