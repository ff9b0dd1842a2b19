"""/os-floating-ips and /os-floating-ip-pools (Nova's proxies to the network service, up to
microversion 2.35; above it the resources do not exist), and the addFloatingIp /
removeFloatingIp server actions (up to 2.43)."""
from django.urls import re_path

from api.errors import BadRequest, Conflict, Forbidden, NotFound
from api.openstack.compute.routing import V21
from api.views import OpenStackView, ok
from networking import errors, floating_ips

_ACTION_MAX = (2, 43)


def render(fip):
    port = fip.port
    return {"id": fip.id, "pool": fip.floating_network.name or fip.floating_network_id,
            "instance_id": (port.device_id or None) if port else None,
            "ip": fip.floating_ip_address, "fixed_ip": fip.fixed_ip_address}


class ProxyView(OpenStackView):
    """Answers up to 2.35; above it the resource does not exist."""

    max_version = (2, 35)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.version > self.max_version:
            raise NotFound("The resource could not be found.")


class FloatingIpList(ProxyView):
    """GET (the project's floating IPs), POST (allocate one from a pool)."""

    def get(self, request):
        found = floating_ips.visible(self.context.project_id)
        return ok({"floating_ips": [render(f) for f in found]})

    def post(self, request):
        data = {} if request.data is None else request.data
        name = data.get("pool") if isinstance(data, dict) else None
        if not isinstance(data, dict) or not isinstance(name, (str, type(None))):
            raise BadRequest("Invalid input: the body is an object whose 'pool' is a string.")
        try:
            pool = floating_ips.pool(name)
            fip = floating_ips.allocate(project_id=self.context.project_id, network=pool)
        except errors.FloatingIPPoolNotFound:
            raise NotFound("Floating IP pool not found.") from None
        except errors.OverQuota:
            raise Forbidden("Maximum number of floating IPs exceeded") from None
        except errors.IpAddressGenerationFailure:
            raise NotFound(f"No more floating IPs in pool {name}.") from None
        return ok({"floating_ip": render(floating_ips.get(fip.id, fip.project_id))})


class FloatingIpItem(ProxyView):
    """GET (show), DELETE (release, 202)."""

    def fip(self, fip_id):
        try:
            return floating_ips.get(fip_id, self.context.project_id)
        except errors.FloatingIPNotFound:
            raise NotFound(f"Floating IP not found for ID {fip_id}") from None

    def get(self, request, fip_id):
        return ok({"floating_ip": render(self.fip(fip_id))})

    def delete(self, request, fip_id):
        floating_ips.release(self.fip(fip_id))
        return ok(None, status=202)


class FloatingIpPools(ProxyView):
    """GET: the external networks, by name."""

    def get(self, request):
        return ok({"floating_ip_pools": [{"name": n.name or n.id}
                                         for n in floating_ips.pools()]})


def _address(view, arg, key):
    if view.version > _ACTION_MAX:  # Nova: the action's method has no such version
        raise NotFound("The resource could not be found.")
    address = arg.get("address") if isinstance(arg, dict) else None
    if not isinstance(address, str) or not address:
        raise BadRequest(f"Invalid input for field/attribute address. Value: {address}.")
    return address


def add_floating_ip(view, instance, arg, common):
    """addFloatingIp: map the project's floating address to one of the server's fixed ones."""
    address = _address(view, arg, "addFloatingIp")
    fixed = arg.get("fixed_address") or None
    try:
        floating_ips.associate_with_instance(instance.uuid, address, view.context.project_id,
                                             fixed_address=fixed)
    except errors.FloatingIPNotFound:
        raise NotFound("floating IP not found") from None
    except errors.FloatingIPPortAlreadyAssociated:
        raise BadRequest("floating IP is already associated") from None
    except errors.NetworkingError as exc:
        raise BadRequest(f"Unable to associate floating IP {address} to fixed IP {fixed} for "
                         f"instance {instance.uuid}. Error: {exc.message}") from None


def remove_floating_ip(view, instance, arg, common):
    """removeFloatingIp: unmap a floating address from this server (409 if not on it)."""
    address = _address(view, arg, "removeFloatingIp")
    try:
        floating_ips.disassociate_from_instance(instance.uuid, address,
                                                view.context.project_id)
    except errors.FloatingIPNotFound:
        raise NotFound("floating IP not found") from None
    except errors.NotAssociated as exc:
        raise Conflict(exc.message) from None


routes = [
    re_path(rf"{V21}/os-floating-ips/?$", FloatingIpList.as_view()),
    re_path(rf"{V21}/os-floating-ips/(?P<fip_id>[^/]+)/?$", FloatingIpItem.as_view()),
    re_path(rf"{V21}/os-floating-ip-pools/?$", FloatingIpPools.as_view()),
]
