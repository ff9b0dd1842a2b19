"""/network/v2.0/ports: list (with filters), show, create, update, delete."""
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
from networking import networks, ports

ATTRIBUTES = {"name": TEXT, "description": TEXT, "network_id": TEXT, "device_id": TEXT,
              "device_owner": TEXT, "admin_state_up": BOOL, "binding:host_id": TEXT,
              "mac_address": {"type": ["string", "null"], "pattern":
                              "^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$"},
              "fixed_ips": {"type": "array", "items": {"type": "object", "properties": {
                  "subnet_id": TEXT, "ip_address": TEXT}}},
              "tenant_id": TEXT, "project_id": TEXT}


def render(port):
    return {
        "id": port.id, "name": port.name, "network_id": port.network_id,
        "tenant_id": port.project_id, "project_id": port.project_id,
        "mac_address": port.mac_address, "admin_state_up": port.admin_state_up,
        "status": port.status, "device_id": port.device_id, "device_owner": port.device_owner,
        "fixed_ips": [{"subnet_id": f.subnet_id, "ip_address": f.ip_address}
                      for f in port.fixed_ips.all()],
        "allowed_address_pairs": [], "extra_dhcp_opts": [], "security_groups": [],
        "description": port.description, "binding:vnic_type": "normal",
        "binding:host_id": port.binding_host, "binding:profile": {},
        "binding:vif_type": "bridge" if port.binding_host else "unbound",
        "binding:vif_details": {}, "port_security_enabled": True, "dns_name": "",
        "tags": [], "revision_number": 1, "created_at": timestamp(port.created_at),
        "updated_at": timestamp(port.updated_at),
    }


class _PortView(NeutronView):
    collection, member = "ports", "port"

    def queryset(self):
        return ports.visible(self.context.project_id, self.context.is_admin)

    def port(self, port_id):
        return ports.get_port(port_id, self.context.project_id, self.context.is_admin)


class PortList(NeutronCollectionView, _PortView):
    """GET, POST /v2.0/ports."""

    def get(self, request):
        query = request.GET
        qs = self.queryset()
        for key in ("device_id", "network_id"):  # narrowed in the database: the common ones
            if query.get(key):
                qs = qs.filter(**{f"{key}__in": query.getlist(key)})
        return ok(self.listed([render(p) for p in qs]))

    def create(self, body):
        checked(body, ATTRIBUTES)
        ctx = self.context
        admin_only(ctx, body, ("binding:host_id", "tenant_id", "project_id"), "create_port")
        network = networks.get_network(body.get("network_id"), ctx.project_id, ctx.is_admin)
        fixed_ips = body.get("fixed_ips")
        port = ports.create_port(
            network=network, project_id=body.get("project_id") or body.get("tenant_id")
            or ctx.project_id, fixed_ips=fixed_ips, name=str(body.get("name") or ""),
            description=str(body.get("description") or ""),
            device_id=str(body.get("device_id") or ""),
            device_owner=str(body.get("device_owner") or ""),
            admin_state_up=bool(body.get("admin_state_up", True)),
            mac_address=body.get("mac_address"),
            binding_host=str(body.get("binding:host_id") or ""))
        return render(self.port(port.id))


class PortItem(_PortView):
    """GET, PUT, DELETE /v2.0/ports/{id}."""

    def get(self, request, port_id):
        return ok(self.shown(render(self.port(port_id))))

    def put(self, request, port_id):
        body = checked(self.body_of("port"), ATTRIBUTES)
        port = self.owned(self.port(port_id))
        admin_only(self.context, body, ("binding:host_id",), "update_port")
        changes = {key: body[key] for key in ("name", "description", "admin_state_up",
                                              "device_id", "device_owner") if key in body}
        if "binding:host_id" in body:
            changes["binding_host"] = body["binding:host_id"] or ""
        ports.update_port(port, **changes)
        return ok({"port": render(self.port(port_id))})

    def delete(self, request, port_id):
        ports.delete_port(ports.check_deletable(self.owned(self.port(port_id))))
        return ok(None, status=204)


_ID = r"(?P<port_id>[^/]+)"
routes = [
    re_path(r"^/v2\.0/ports/?$", PortList.as_view()),
    re_path(rf"^/v2\.0/ports/{_ID}/?$", PortItem.as_view()),
]
