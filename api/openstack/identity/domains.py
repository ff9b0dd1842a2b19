"""/v3/domains: the one domain there is ("default", named "Default"), read-only."""
from django.urls import re_path

from api.accounts import DEFAULT_DOMAIN
from api.errors import NotFound
from api.openstack.identity.views import IdentityView, NotImplementedHere, query_true
from api.views import ok

ONLY_DEFAULT = "Only the default domain exists; domains cannot be created, changed or deleted."


def domain_body(view):
    return {**DEFAULT_DOMAIN, "enabled": True, "tags": [], "options": {},
            "links": view.self_link("domains", DEFAULT_DOMAIN["id"])}


def _matches(request):
    """Does the default domain pass the list filters?"""
    params = request.query_params
    if params.get("name") not in (None, DEFAULT_DOMAIN["name"]):
        return False
    return "enabled" not in params or query_true(request, "enabled")


class ReadOnlyDomains(IdentityView):
    """Writes are refused: 403 for non-admins (policy), 501 for admins (not implemented)."""

    admin_rules = {"POST": "create_domain", "PATCH": "update_domain",
                   "DELETE": "delete_domain"}

    def refuse(self, *args, **kwargs):
        raise NotImplementedHere(ONLY_DEFAULT)

    post = patch = delete = refuse


class DomainList(ReadOnlyDomains):
    """GET /v3/domains (?name=, ?enabled=)."""

    def get(self, request):
        found = [domain_body(self)] if _matches(request) else []
        return ok({"domains": found, "links": self.list_links()})


class DomainItem(ReadOnlyDomains):
    """GET /v3/domains/{domain_id}."""

    def get(self, request, domain_id):
        if domain_id != DEFAULT_DOMAIN["id"]:
            raise NotFound(f"Could not find domain: {domain_id}.")
        return ok({"domain": domain_body(self)})


routes = [
    re_path(r"^/v3/domains/?$", DomainList.as_view()),
    re_path(r"^/v3/domains/(?P<domain_id>[^/]+)/?$", DomainItem.as_view()),
]
