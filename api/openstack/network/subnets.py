"""/network/v2.0/subnets: list (with filters), show, create, update, delete."""
from django.urls import re_path

from api.openstack.network.base import (
    BOOL,
    TEXT,
    NeutronCollectionView,
    NeutronView,
    checked,
    timestamp,
)
from api.views import ok
from networking import errors, networks
from networking.models import Subnet

ATTRIBUTES = {"name": TEXT, "description": TEXT, "network_id": TEXT,
              "cidr": {"type": "string"}, "ip_version": {"enum": [4, 6]},
              "gateway_ip": {"type": ["string", "null"]}, "enable_dhcp": BOOL,
              "allocation_pools": {"type": "array", "items": {
                  "type": "object", "required": ["start", "end"],
                  "properties": {"start": {"type": "string"}, "end": {"type": "string"}}}},
              "dns_nameservers": {"type": "array", "items": {"type": "string"}},
              "host_routes": {"type": "array", "items": {"type": "object"}},
              "tenant_id": TEXT, "project_id": TEXT}


def render(subnet):
    return {
        "id": subnet.id, "name": subnet.name, "tenant_id": subnet.project_id,
        "project_id": subnet.project_id, "network_id": subnet.network_id,
        "ip_version": subnet.ip_version, "cidr": subnet.cidr, "gateway_ip": subnet.gateway_ip,
        "allocation_pools": list(subnet.allocation_pools), "enable_dhcp": subnet.enable_dhcp,
        "dns_nameservers": list(subnet.dns_nameservers),
        "host_routes": list(subnet.host_routes), "description": subnet.description,
        "subnetpool_id": None, "ipv6_ra_mode": None, "ipv6_address_mode": None,
        "service_types": [], "segment_id": None, "tags": [], "revision_number": 0,
        "created_at": timestamp(subnet.created_at), "updated_at": timestamp(subnet.updated_at),
    }


class _SubnetView(NeutronView):
    collection, member = "subnets", "subnet"

    def queryset(self):
        ctx = self.context
        visible = networks.visible(ctx.project_id, ctx.is_admin)
        return Subnet.objects.filter(network__in=visible)

    def subnet(self, subnet_id):
        found = self.queryset().filter(id=subnet_id).first()
        if found is None:
            raise errors.SubnetNotFound(f"Subnet {subnet_id} could not be found.")
        return found


class SubnetList(NeutronCollectionView, _SubnetView):
    """GET, POST /v2.0/subnets."""

    def get(self, request):
        return ok(self.listed([render(s) for s in self.queryset()]))

    def create(self, body):
        checked(body, ATTRIBUTES)
        ctx = self.context
        network = networks.get_network(body.get("network_id"), ctx.project_id, ctx.is_admin)
        self.owned(network)
        if "cidr" not in body:
            raise errors.InvalidInput("Bad subnet request: a cidr must be specified.")
        options = {key: body[key] for key in ("gateway_ip", "allocation_pools",
                                              "enable_dhcp", "dns_nameservers",
                                              "host_routes") if key in body}
        subnet = networks.create_subnet(
            network=network, project_id=network.project_id, cidr=body["cidr"],
            ip_version=int(body.get("ip_version", 4)), name=str(body.get("name") or ""),
            description=str(body.get("description") or ""), **options)
        return render(subnet)


class SubnetItem(_SubnetView):
    """GET, PUT, DELETE /v2.0/subnets/{id}."""

    def get(self, request, subnet_id):
        return ok(self.shown(render(self.subnet(subnet_id))))

    def put(self, request, subnet_id):
        body = checked(self.body_of("subnet"), ATTRIBUTES)
        subnet = self.owned(self.subnet(subnet_id))
        changes = {key: body[key] for key in ("name", "description", "enable_dhcp",
                                              "dns_nameservers", "host_routes", "gateway_ip")
                   if key in body}
        return ok({"subnet": render(networks.update_subnet(subnet, **changes))})

    def delete(self, request, subnet_id):
        networks.delete_subnet(self.owned(self.subnet(subnet_id)))
        return ok(None, status=204)


_ID = r"(?P<subnet_id>[^/]+)"
routes = [
    re_path(r"^/v2\.0/subnets/?$", SubnetList.as_view()),
    re_path(rf"^/v2\.0/subnets/{_ID}/?$", SubnetItem.as_view()),
]
