"""/network/v2.0/extensions: the Neutron API extensions this subset implements."""
from django.urls import re_path

from api.openstack.network.base import NeutronView
from api.views import ok
from networking import errors

EXTENSIONS = {
    "external-net": ("Neutron external network", "Adds external network attribute to network "
                     "resource."),
    "provider": ("Provider Network", "Expose mapping of virtual networks to physical "
                 "networks"),
    "binding": ("Port Binding", "Expose port bindings of a virtual port to external "
                "application"),
    "quotas": ("Quota management support", "Expose functions for quotas management per "
               "tenant"),
    "security-group": ("security-group", "The security groups extension."),
}


def render(alias):
    name, description = EXTENSIONS[alias]
    return {"alias": alias, "name": name, "description": description, "links": [],
            "updated": "2013-01-20T00:00:00-00:00"}


class ExtensionList(NeutronView):
    """GET /v2.0/extensions."""

    collection = "extensions"

    def get(self, request):
        return ok({"extensions": [render(a) for a in EXTENSIONS]})


class ExtensionItem(NeutronView):
    """GET /v2.0/extensions/{alias}."""

    def get(self, request, alias):
        if alias not in EXTENSIONS:
            raise errors.NotFound(f"Extension with alias {alias} does not exist")
        return ok({"extension": render(alias)})


routes = [
    re_path(r"^/v2\.0/extensions/?$", ExtensionList.as_view()),
    re_path(r"^/v2\.0/extensions/(?P<alias>[^/]+)/?$", ExtensionItem.as_view()),
]
