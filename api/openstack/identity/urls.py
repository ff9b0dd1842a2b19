"""Routes of the Keystone v3 shim under /identity."""
from django.urls import re_path

from api.openstack.identity import tokens, versions

urlpatterns = [
    re_path(r"^/?$", versions.IdentityVersions.as_view()),
    re_path(r"^/v3/?$", versions.IdentityV3.as_view()),
    re_path(r"^/v3/auth/tokens/?$", tokens.Tokens.as_view()),
    re_path(r"^/v3/auth/catalog/?$", tokens.Catalog.as_view()),
]
