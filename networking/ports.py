"""Port intents: create (a MAC and addresses from the IPAM), update, delete, and who may see
which port. Compute binds ports to instances through networking.instance_ports."""
import ipaddress
import random

from django.db import IntegrityError, transaction

from networking import errors, ipam
from networking.models import FloatingIP, Port, Subnet

MAC_PREFIX = "fa:16:3e"  # the prefix OpenStack uses for the MACs it generates


def visible(project_id, is_admin=False):
    """Ports a project may see: its own, plus (as in Neutron) none of anyone else's."""
    qs = Port.objects.prefetch_related("fixed_ips")
    return qs if is_admin else qs.filter(project_id=project_id)


def get_port(port_id, project_id, is_admin=False):
    port = visible(project_id, is_admin).filter(id=port_id).first()
    if port is None:
        raise errors.PortNotFound(f"Port {port_id} could not be found.")
    return port


def _random_mac():
    return MAC_PREFIX + "".join(f":{random.randint(0, 255):02x}" for _ in range(3))


def _insert_port(fields):
    for _ in range(ipam.MAX_RACES):
        try:
            with transaction.atomic():
                return Port.objects.create(mac_address=_random_mac(), **fields)
        except IntegrityError:
            continue  # the random MAC was taken: draw another
    raise errors.Conflict("Unable to generate a unique MAC address.")


def create_port(*, network, project_id, fixed_ips=None, name="", description="",
                device_id="", device_owner="", admin_state_up=True, mac_address=None,
                **fields):
    """A port on `network`. `fixed_ips` is Neutron's list of {subnet_id?, ip_address?}; when
    omitted the port gets the lowest free address of the network's first subnet of each IP
    version that has one."""
    fields.update(network=network, project_id=project_id, name=name, description=description,
                  device_id=device_id, device_owner=device_owner, admin_state_up=admin_state_up)
    with transaction.atomic():
        if mac_address:
            try:
                with transaction.atomic():
                    port = Port.objects.create(mac_address=mac_address.lower(), **fields)
            except IntegrityError:
                raise errors.Conflict(f"Unable to complete operation for network {network.id}. "
                                      f"The mac address {mac_address} is in use.") from None
        else:
            port = _insert_port(fields)
        if fixed_ips is None:
            _assign_default(port, network)
        else:
            for request in fixed_ips:
                _assign_requested(port, network, request)
    return port


def _assign_default(port, network):
    subnets = list(network.subnets.order_by("ip_version", "created_at", "id"))
    for version in sorted({s.ip_version for s in subnets}):
        candidates = [s for s in subnets if s.ip_version == version]
        for position, subnet in enumerate(candidates):
            try:
                ipam.assign(port, subnet)
                break
            except errors.IpAddressGenerationFailure:
                if position == len(candidates) - 1:
                    raise


def _assign_requested(port, network, request):
    subnet_id, address = request.get("subnet_id"), request.get("ip_address")
    if subnet_id:
        subnet = Subnet.objects.filter(id=subnet_id, network=network).first()
        if subnet is None:
            raise errors.InvalidInput(f"Invalid input for operation: Failed to create port on "
                                      f"network {network.id}, because fixed_ips included "
                                      f"invalid subnet {subnet_id}.")
        return ipam.assign(port, subnet, address)
    if not address:
        raise errors.InvalidInput("Invalid input for operation: fixed_ips needs subnet_id or "
                                  "ip_address.")
    return ipam.assign(port, subnet_for_address(network, address), address)


def subnet_for_address(network, address):
    """The subnet of `network` whose range holds `address` (InvalidIpForNetwork if none)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        raise errors.InvalidInput(f"Invalid input for operation: '{address}' is not a valid "
                                  f"IP address.") from None
    for subnet in network.subnets.all():
        if ip.version == subnet.ip_version and ip in subnet.ip_network:
            return subnet
    raise errors.InvalidIpForNetwork(f"IP address {address} is not a valid IP for any of "
                                     f"the subnets on the specified network.")


UPDATABLE = {"name", "description", "admin_state_up", "device_id", "device_owner",
             "binding_host"}


def update_port(port, **changes):
    """Change the port's descriptive fields and binding (not its network or MAC)."""
    unknown = set(changes) - UPDATABLE
    if unknown:
        raise errors.InvalidInput(f"Cannot update read-only attribute {sorted(unknown)[0]}")
    for name, value in changes.items():
        setattr(port, name, value)
    port.save()
    return port


# Ports held by another resource: deleted with it, never through the port API.
OWNED_ELSEWHERE = ("network:floatingip",)


def check_deletable(port):
    """ServicePortInUse-style refusal for ports another resource holds (a floating IP's)."""
    if port.device_owner in OWNED_ELSEWHERE:
        raise errors.Conflict(f"Port {port.id} cannot be deleted directly via the port API: "
                              f"has device owner {port.device_owner}.")
    return port


def delete_port(port):
    """Delete a port: its addresses go back to the IPAM, floating IPs on it are
    disassociated. Deleting it again is the caller's 404."""
    with transaction.atomic():
        FloatingIP.objects.filter(port=port).update(port=None, fixed_ip_address=None)
        ipam.release(port)
        port.delete()


def for_devices(device_ids):
    """Ports of these devices with their addresses and networks, in NIC order."""
    return (Port.objects.filter(device_id__in=list(device_ids))
            .select_related("network").prefetch_related("fixed_ips")
            .order_by("device_index", "created_at", "id"))
