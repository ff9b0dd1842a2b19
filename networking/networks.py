"""Network and subnet intents: who sees which network, create/delete with their checks, and a
segment (VXLAN VNI or VLAN id) for the host plumbing to realise later."""
import ipaddress

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q

from networking import errors, ipam, ports
from networking.models import FixedIP, FloatingIP, Network, Port, Subnet

SEGMENT_RANGES = {"vxlan": (1, 2**24 - 1), "vlan": (1, 4094)}
# Ports the cloud itself keeps on a network; they do not keep the network "in use" and go
# with it (a floating IP's address port takes its floating IP along).
SERVICE_OWNERS = ("network:dhcp", "network:floatingip")


def visible(project_id, is_admin=False):
    """Networks a project may see: its own, shared and external ones (admins: all)."""
    if is_admin:
        return Network.objects.all()
    return Network.objects.filter(Q(project_id=project_id) | Q(shared=True) | Q(external=True))


def bootable(project_id):
    """Networks an instance of the project may be plugged into without naming a port:
    its own and shared ones; external networks only carry floating IPs."""
    return Network.objects.filter(Q(project_id=project_id) | Q(shared=True), external=False)


def get_network(network_id, project_id, is_admin=False):
    network = visible(project_id, is_admin).filter(id=network_id).first()
    if network is None:
        raise errors.NetworkNotFound(f"Network {network_id} could not be found.")
    return network


def create_network(*, project_id, name="", shared=False, external=False, admin_state_up=True,
                   mtu=None, network_type=None, segmentation_id=None, description=""):
    """A network with a segment of `network_type` (TENANT_NETWORK_TYPE by default); the lowest
    free segmentation id unless one is given (then it must be free)."""
    network_type = network_type or settings.TENANT_NETWORK_TYPE
    if network_type not in Network.SEGMENTATION_TYPES:
        raise errors.InvalidInput(f"Invalid input for operation: network_type value "
                                  f"'{network_type}' not supported.")
    fields = dict(project_id=project_id, name=name, shared=shared, external=external,
                  admin_state_up=admin_state_up, network_type=network_type,
                  description=description, mtu=mtu or _default_mtu(network_type))
    if network_type not in SEGMENT_RANGES:
        return Network.objects.create(**fields)
    if segmentation_id is not None:
        return _create_with_segment(fields, segmentation_id, explicit=True)
    for _ in range(ipam.MAX_RACES):
        network = _create_with_segment(fields, _lowest_free_segment(network_type))
        if network is not None:
            return network
    raise errors.Conflict("Unable to create the network. No tenant network is available "
                          "for allocation.")


def _default_mtu(network_type):
    return 1450 if network_type == "vxlan" else 1500


def _lowest_free_segment(network_type):
    low, high = SEGMENT_RANGES[network_type]
    used = set(Network.objects.filter(network_type=network_type, segmentation_id__isnull=False)
               .values_list("segmentation_id", flat=True))
    free = next((n for n in range(low, high + 1) if n not in used), None)
    if free is None:
        raise errors.Conflict("Unable to create the network. No tenant network is available "
                              "for allocation.")
    return free


def _create_with_segment(fields, segmentation_id, explicit=False):
    low, high = SEGMENT_RANGES[fields["network_type"]]
    if not low <= segmentation_id <= high:
        raise errors.InvalidInput(f"Invalid input for operation: segmentation_id "
                                  f"{segmentation_id} out of range ({low} through {high}).")
    try:
        with transaction.atomic():
            return Network.objects.create(segmentation_id=segmentation_id, **fields)
    except IntegrityError:
        if explicit:
            raise errors.Conflict(f"Unable to create the network. The VLAN/tunnel "
                                  f"{segmentation_id} is in use.") from None
        return None


def update_network(network, **changes):
    """Change name, description, admin_state_up, shared or external."""
    for name, value in changes.items():
        setattr(network, name, value)
    network.save()
    return network


def delete_network(network):
    """Delete a network and its subnets; NetworkInUse while ports other than the cloud's own
    service ports are on it."""
    with transaction.atomic():
        if Port.objects.filter(network=network).exclude(device_owner__in=SERVICE_OWNERS).exists():
            raise errors.NetworkInUse(
                f"Unable to complete operation on network {network.id}. There are one or more "
                f"ports still in use on the network.")
        FloatingIP.objects.filter(floating_network=network).delete()
        for port in Port.objects.filter(network=network):
            ports.delete_port(port)
        network.delete()


def create_subnet(*, network, project_id, cidr, ip_version=4, gateway_ip="", name="",
                  allocation_pools=None, enable_dhcp=True, dns_nameservers=(), host_routes=(),
                  description=""):
    """A subnet on `network`. gateway_ip "" means the first host address, None no gateway;
    allocation pools default to every host address but the gateway."""
    net, gateway_ip, pools = plan_subnet(cidr, ip_version, gateway_ip, allocation_pools)
    return Subnet.objects.create(
        network=network, project_id=project_id, cidr=str(net), ip_version=ip_version,
        gateway_ip=gateway_ip, name=name, allocation_pools=pools, enable_dhcp=enable_dhcp,
        dns_nameservers=list(dns_nameservers), host_routes=list(host_routes),
        description=description)


def plan_subnet(cidr, ip_version=4, gateway_ip="", allocation_pools=None):
    """The checked (network, gateway, pools) of a subnet to be; InvalidInput if they do not
    fit together."""
    net = _check_cidr(cidr, ip_version)
    if gateway_ip == "":
        gateway_ip = str(net[1])
    if gateway_ip is not None:
        gateway_ip = _address_in(net, gateway_ip, "gateway_ip")
    pools = []
    for pool in allocation_pools or ipam.default_pools(str(net), gateway_ip):
        if not isinstance(pool, dict):
            raise errors.InvalidInput("Invalid input for allocation_pools: each pool must be "
                                      "an object with start and end.")
        start = _address_in(net, pool.get("start"), "allocation_pools")
        end = _address_in(net, pool.get("end"), "allocation_pools")
        if ipaddress.ip_address(start) > ipaddress.ip_address(end):
            raise errors.InvalidInput(f"Invalid input for operation: the allocation pool "
                                      f"{start}-{end} is empty.")
        pools.append({"start": start, "end": end})
    return net, gateway_ip, pools


def _check_cidr(cidr, ip_version):
    try:
        net = ipaddress.ip_network(str(cidr), strict=False)
    except ValueError:
        raise errors.InvalidInput(f"Invalid input for cidr. Reason: '{cidr}' is not a valid "
                                  f"IP subnet.") from None
    if net.version != ip_version:
        raise errors.InvalidInput("Invalid input for operation: cidr and ip_version do not "
                                  "match.")
    return net


def _address_in(net, address, field):
    try:
        ip = ipaddress.ip_address(str(address))
    except ValueError:
        raise errors.InvalidInput(f"Invalid input for {field}. Reason: '{address}' is not a "
                                  f"valid IP address.") from None
    if ip not in net:
        raise errors.InvalidInput(f"Invalid input for operation: {field} {address} is not "
                                  f"in subnet {net}.")
    return str(ip)


def update_subnet(subnet, **changes):
    """Change name, description, DHCP, DNS servers, host routes or the gateway (which must lie
    in the subnet and outside its allocation pools)."""
    if "gateway_ip" in changes and changes["gateway_ip"] is not None:
        gateway = _address_in(subnet.ip_network, changes["gateway_ip"], "gateway_ip")
        for pool in subnet.allocation_pools:
            low, high = ipaddress.ip_address(pool["start"]), ipaddress.ip_address(pool["end"])
            if low <= ipaddress.ip_address(gateway) <= high:
                raise errors.InvalidInput(f"Gateway ip {gateway} conflicts with allocation "
                                          f"pool {pool['start']}-{pool['end']}")
        changes["gateway_ip"] = gateway
    for name, value in changes.items():
        setattr(subnet, name, value)
    subnet.save()
    return subnet


def delete_subnet(subnet):
    """SubnetInUse while a port holds one of its addresses."""
    with transaction.atomic():
        if FixedIP.objects.filter(subnet=subnet).exists():
            raise errors.SubnetInUse(
                f"Unable to complete operation on subnet {subnet.id}: One or more ports have "
                f"an IP allocation from this subnet.")
        subnet.delete()
