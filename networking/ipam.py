"""IP address management: hand out a subnet's lowest free address, or a requested one.
Race-free on SQLite and PostgreSQL: the unique (subnet, address) constraint decides, and an
allocator that loses a race retries with the next free address inside a savepoint."""
import ipaddress
from itertools import islice

from django.db import IntegrityError, transaction

from networking import errors
from networking.models import FixedIP

# An allocator losing this many races in a row gives up (each loss means another
# allocator got an address, so the subnet is busy, not broken).
MAX_RACES = 50


def default_pools(cidr, gateway_ip):
    """Neutron's default allocation pools: every host address of `cidr` but the gateway."""
    net = ipaddress.ip_network(cidr, strict=False)
    first, last = _host_bounds(net)
    if first > last:
        return []
    gateway = ipaddress.ip_address(gateway_ip) if gateway_ip else None
    if gateway is None or not first <= gateway <= last:
        return [{"start": str(first), "end": str(last)}]
    pools = []
    if first < gateway:
        pools.append({"start": str(first), "end": str(gateway - 1)})
    if gateway < last:
        pools.append({"start": str(gateway + 1), "end": str(last)})
    return pools


def _host_bounds(net):
    if net.version == 4 and net.prefixlen >= 31:
        return net[0], net[-1]
    if net.version == 4:
        return net[1], net[-2]
    return net[1], net[-1]  # v6: no broadcast; the subnet-router anycast address is excluded


def check_address(subnet, address):
    """The address normalised, or InvalidIpForSubnet when it is not a usable host address."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        raise errors.InvalidInput(f"Invalid input for ip_address. Reason: '{address}' is not "
                                  f"a valid IP address.") from None
    net = subnet.ip_network
    first, last = _host_bounds(net) if ip.version == net.version else (None, None)
    if first is None or not first <= ip <= last or str(ip) == subnet.gateway_ip:
        raise errors.InvalidIpForSubnet(
            f"IP address {address} is not a valid IP for the specified subnet.")
    return str(ip)


def _candidates(subnet, used):
    for pool in subnet.allocation_pools:
        ip, end = ipaddress.ip_address(pool["start"]), ipaddress.ip_address(pool["end"])
        while ip <= end:
            if str(ip) not in used and str(ip) != subnet.gateway_ip:
                yield str(ip)
            ip += 1


def _insert(port, subnet, address):
    with transaction.atomic():  # a savepoint: a lost race leaves the caller's work intact
        return FixedIP.objects.create(port=port, subnet=subnet, ip_address=address)


def assign(port, subnet, address=None):
    """Give `port` an address on `subnet`: `address` if asked (IpAddressAlreadyAllocated when
    taken), else the lowest free one (IpAddressGenerationFailure when the pools are full)."""
    if address is not None:
        address = check_address(subnet, address)
        try:
            return _insert(port, subnet, address)
        except IntegrityError:
            raise errors.IpAddressAlreadyAllocated(
                f"IP address {address} already allocated in subnet {subnet.id}") from None
    for _ in range(MAX_RACES):
        used = set(FixedIP.objects.filter(subnet=subnet).values_list("ip_address", flat=True))
        free = next(islice(_candidates(subnet, used), 1), None)
        if free is None:
            break
        try:
            return _insert(port, subnet, free)
        except IntegrityError:
            continue  # someone took it between our read and our insert: look again
    raise errors.IpAddressGenerationFailure(
        f"No more IP addresses available on network {subnet.network_id}.")


def release(port):
    """Give back every address of `port`. Again: nothing left, no-op."""
    return FixedIP.objects.filter(port=port).delete()[0]
