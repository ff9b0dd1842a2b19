"""/network/v2.0/networks: list (with filters), show, create, update, delete."""
from django.urls import re_path

from api.openstack.network.base import (
    BOOL,
    TEXT,
    NeutronCollectionView,
    NeutronView,
    admin_only,
    checked,
    timestamp,
)
from api.views import ok
from networking import errors, networks

PROVIDER = ("provider:network_type", "provider:physical_network", "provider:segmentation_id")
ATTRIBUTES = {"name": TEXT, "description": TEXT, "admin_state_up": BOOL, "shared": BOOL,
              "router:external": BOOL, "mtu": {"type": ["integer", "null"], "minimum": 68},
              "provider:network_type": {"type": ["string", "null"]},
              "provider:segmentation_id": {"type": ["integer", "null"], "minimum": 0},
              "tenant_id": TEXT, "project_id": TEXT}


def render(network, is_admin):
    body = {
        "id": network.id, "name": network.name, "tenant_id": network.project_id,
        "project_id": network.project_id, "admin_state_up": network.admin_state_up,
        "mtu": network.mtu, "status": network.status,
        "subnets": [s.id for s in network.subnets.all()], "shared": network.shared,
        "router:external": network.external, "description": network.description,
        "availability_zone_hints": [], "availability_zones": ["nova"],
        "ipv4_address_scope": None, "ipv6_address_scope": None,
        "port_security_enabled": True, "l2_adjacency": True, "qos_policy_id": None,
        "is_default": False, "tags": [], "revision_number": 1,
        "created_at": timestamp(network.created_at), "updated_at": timestamp(network.updated_at),
    }
    if is_admin:
        body.update({"provider:network_type": network.network_type,
                     "provider:physical_network": network.physical_network,
                     "provider:segmentation_id": network.segmentation_id})
    return body


class _NetworkView(NeutronView):
    collection, member = "networks", "network"

    def queryset(self):
        ctx = self.context
        return networks.visible(ctx.project_id, ctx.is_admin).prefetch_related("subnets")

    def render(self, network):
        return render(network, self.context.is_admin)

    def network(self, network_id):
        found = self.queryset().filter(id=network_id).first()
        if found is None:
            raise errors.NetworkNotFound(f"Network {network_id} could not be found.")
        return found


class NetworkList(NeutronCollectionView, _NetworkView):
    """GET, POST /v2.0/networks."""

    def get(self, request):
        return ok(self.listed([self.render(n) for n in self.queryset()]))

    def create(self, body):
        checked(body, ATTRIBUTES)
        ctx = self.context
        admin_only(ctx, body, ("shared", "router:external", "tenant_id", "project_id",
                               *PROVIDER), "create_network")
        network = networks.create_network(
            project_id=body.get("project_id") or body.get("tenant_id") or ctx.project_id,
            name=str(body.get("name") or ""), shared=bool(body.get("shared", False)),
            external=bool(body.get("router:external", False)),
            admin_state_up=bool(body.get("admin_state_up", True)), mtu=body.get("mtu"),
            network_type=body.get("provider:network_type"),
            segmentation_id=body.get("provider:segmentation_id"),
            description=str(body.get("description") or ""))
        return self.render(self.network(network.id))


class NetworkItem(_NetworkView):
    """GET, PUT, DELETE /v2.0/networks/{id}."""

    def get(self, request, network_id):
        return ok(self.shown(self.render(self.network(network_id))))

    def put(self, request, network_id):
        body = checked(self.body_of("network"), ATTRIBUTES)
        network = self.owned(self.network(network_id))
        admin_only(self.context, body, ("shared", "router:external"), "update_network")
        changes = {key: body[key] for key in ("name", "description", "admin_state_up",
                                              "shared") if key in body}
        if "router:external" in body:
            changes["external"] = bool(body["router:external"])
        networks.update_network(network, **changes)
        return ok({"network": self.render(self.network(network_id))})

    def delete(self, request, network_id):
        networks.delete_network(self.owned(self.network(network_id)))
        return ok(None, status=204)


_ID = r"(?P<network_id>[^/]+)"
routes = [
    re_path(r"^/v2\.0/networks/?$", NetworkList.as_view()),
    re_path(rf"^/v2\.0/networks/{_ID}/?$", NetworkItem.as_view()),
]
