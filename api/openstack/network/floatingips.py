"""/network/v2.0/floatingips: list (with filters), show, create, update (associate or
disassociate), delete."""
from django.urls import re_path

from api.openstack.network.base import (
    TEXT,
    UUID_OR_NULL,
    NeutronCollectionView,
    NeutronView,
    admin_only,
    checked,
    timestamp,
)
from api.views import ok
from networking import errors, floating_ips, networks, ports

ATTRIBUTES = {"floating_network_id": TEXT, "port_id": UUID_OR_NULL, "description": TEXT,
              "fixed_ip_address": {"type": ["string", "null"]},
              "floating_ip_address": {"type": ["string", "null"]},
              "tenant_id": TEXT, "project_id": TEXT}


def render(fip):
    return {
        "id": fip.id, "tenant_id": fip.project_id, "project_id": fip.project_id,
        "floating_network_id": fip.floating_network_id,
        "floating_ip_address": fip.floating_ip_address,
        "fixed_ip_address": fip.fixed_ip_address, "port_id": fip.port_id, "router_id": None,
        "status": fip.status, "description": fip.description, "tags": [],
        "port_forwardings": [], "qos_policy_id": None, "revision_number": 1,
        "created_at": timestamp(fip.created_at), "updated_at": timestamp(fip.updated_at),
    }


class _FloatingIpView(NeutronView):
    collection, member = "floatingips", "floatingip"

    def fip(self, fip_id):
        return floating_ips.get(fip_id, self.context.project_id, self.context.is_admin)

    def port(self, port_id):
        if port_id is None:
            return None
        try:
            return ports.get_port(port_id, self.context.project_id, self.context.is_admin)
        except errors.PortNotFound:
            raise errors.NotFound(f"Port {port_id} could not be found.") from None


class FloatingIpList(NeutronCollectionView, _FloatingIpView):
    """GET, POST /v2.0/floatingips."""

    def get(self, request):
        ctx = self.context
        return ok(self.listed([render(f) for f in floating_ips.visible(ctx.project_id,
                                                                        ctx.is_admin)]))

    def create(self, body):
        checked(body, ATTRIBUTES)
        ctx = self.context
        admin_only(ctx, body, ("floating_ip_address", "tenant_id", "project_id"),
                   "create_floatingip")
        network = networks.get_network(body.get("floating_network_id"), ctx.project_id,
                                       ctx.is_admin)
        fip = floating_ips.allocate(
            project_id=body.get("project_id") or body.get("tenant_id") or ctx.project_id,
            network=network, address=body.get("floating_ip_address"),
            port=self.port(body.get("port_id")), fixed_ip_address=body.get("fixed_ip_address"),
            description=str(body.get("description") or ""))
        return render(self.fip(fip.id))


class FloatingIpItem(_FloatingIpView):
    """GET, PUT, DELETE /v2.0/floatingips/{id}."""

    def get(self, request, fip_id):
        return ok(self.shown(render(self.fip(fip_id))))

    def put(self, request, fip_id):
        body = checked(self.body_of("floatingip"), ATTRIBUTES)
        fip = self.fip(fip_id)
        if "port_id" in body:
            port = self.port(body["port_id"])
            if port is None:
                floating_ips.disassociate(fip)
            else:
                floating_ips.associate(fip, port, body.get("fixed_ip_address"))
        if "description" in body:
            fip.description = str(body["description"] or "")
            fip.save(update_fields=["description", "updated_at"])
        return ok({"floatingip": render(self.fip(fip_id))})

    def delete(self, request, fip_id):
        floating_ips.release(self.fip(fip_id))
        return ok(None, status=204)


_ID = r"(?P<fip_id>[^/]+)"
routes = [
    re_path(r"^/v2\.0/floatingips/?$", FloatingIpList.as_view()),
    re_path(rf"^/v2\.0/floatingips/{_ID}/?$", FloatingIpItem.as_view()),
]
