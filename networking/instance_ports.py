"""The network interfaces of instances: checking what a boot asks for, making or binding its
ports in the boot's own transaction, their addresses, and giving them back on delete."""
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction

from networking import errors, networks, ports
from networking.models import FixedIP, FloatingIP, Port

DEVICE_OWNER = "compute:nova"


@dataclass(frozen=True)
class NicRequest:
    """One entry of a boot's `networks`: a network (optionally with a fixed IP) or a port."""

    network_id: str = ""
    fixed_ip: str = ""
    port_id: str = ""


def check(requested, project_id, is_admin=False, count=1):
    """The NICs a boot gets, checked: `requested` is "none", None/"auto" (the project's only
    network, if any) or a list of NicRequest. Raises NetworkNotFound, PortNotFound, PortInUse,
    NetworkAmbiguous, IpAddressAlreadyAllocated, InvalidIpForNetwork, InvalidInput."""
    if requested == "none":
        return []
    if requested in (None, "auto"):
        found = list(networks.bootable(project_id).values_list("id", flat=True)[:2])
        if len(found) > 1:
            raise errors.NetworkAmbiguous("Multiple possible networks found, use a Network ID "
                                          "to be more specific.")
        return [NicRequest(network_id=net_id) for net_id in found]
    for nic in requested:
        if nic.port_id:
            _check_port(nic, project_id, is_admin, count)
        else:
            _check_network(nic, project_id, is_admin, count)
    return list(requested)


def _check_port(nic, project_id, is_admin, count):
    port = ports.get_port(nic.port_id, project_id, is_admin)
    if port.device_id:
        raise errors.PortInUse(f"Port {port.id} is still in use.")
    if count > 1:
        raise errors.InvalidInput("Unable to launch multiple instances with a single "
                                  "configured port ID. Please launch your instance one by one "
                                  "with different ports.")


def _check_network(nic, project_id, is_admin, count):
    network = networks.visible(project_id, is_admin).filter(id=nic.network_id).first()
    if network is None:
        raise errors.NetworkNotFound(f"Network {nic.network_id} could not be found.")
    if not network.subnets.exists():
        raise errors.InvalidInput(f"Network {network.id} requires a subnet in order to boot "
                                  f"instances on.")
    if nic.fixed_ip:
        if count > 1:
            raise errors.InvalidInput("Invalid fixed IP address: a fixed IP cannot be used "
                                      "with multiple instances.")
        subnet = ports.subnet_for_address(network, nic.fixed_ip)
        taken = FixedIP.objects.filter(subnet=subnet, ip_address=nic.fixed_ip).first()
        if taken is not None:
            raise errors.IpAddressAlreadyAllocated(
                f"Fixed IP address {nic.fixed_ip} is already in use on instance "
                f"{taken.port.device_id or taken.port_id}.")


def allocate(instance, nics):
    """Make (or bind) the instance's ports, in NIC order. Run inside the create transaction:
    a failure here undoes the instance too."""
    with transaction.atomic():
        for index, nic in enumerate(nics):
            if nic.port_id:
                _bind(instance, nic.port_id, index)
                continue
            network = networks.Network.objects.get(id=nic.network_id)
            ports.create_port(network=network, project_id=instance.project_id,
                              fixed_ips=[{"ip_address": nic.fixed_ip}] if nic.fixed_ip
                              else None, device_id=instance.uuid, device_owner=DEVICE_OWNER,
                              device_index=index)


def _bind(instance, port_id, index):
    bound = Port.objects.filter(id=port_id, device_id="").update(
        device_id=instance.uuid, device_owner=DEVICE_OWNER, device_index=index,
        preserve_on_delete=True)
    if not bound:  # taken since the check
        raise errors.PortInUse(f"Port {port_id} is still in use.")


def bind(instance_uuid, host_name):
    """The instance runs on `host_name`: its ports are bound there and up. (The host plumbing,
    a later step, plugs them before this.) Again: same binding, no change."""
    return Port.objects.filter(device_id=instance_uuid).update(binding_host=host_name,
                                                               status="ACTIVE")


def deallocate(instance_uuid):
    """Give the instance's ports back: ports the boot made are deleted (their addresses
    return to the IPAM), ports the user passed are unbound. Again: nothing left, no-op."""
    with transaction.atomic():
        for port in Port.objects.filter(device_id=instance_uuid).select_for_update():
            if port.preserve_on_delete:
                Port.objects.filter(pk=port.pk).update(
                    device_id="", device_owner="", binding_host="", preserve_on_delete=False,
                    status="DOWN")
            else:
                ports.delete_port(port)


def addresses(instance_uuids):
    """uuid → {network name: [{"version", "addr", "type", "mac"}]} in NIC order, fixed
    addresses first then the floating ones mapped to them. Three queries for any number,
    reading plain values (a list of hundreds of servers renders this for every one)."""
    found = {uuid: {} for uuid in instance_uuids}
    nics = list(Port.objects.filter(device_id__in=list(found))
                .order_by("device_index", "created_at", "id")
                .values_list("id", "device_id", "mac_address", "network__name", "network_id"))
    port_ids = [nic[0] for nic in nics]
    fixed, floating = defaultdict(list), defaultdict(list)
    for port_id, address in (FixedIP.objects.filter(port_id__in=port_ids).order_by("id")
                             .values_list("port_id", "ip_address")):
        fixed[port_id].append(address)
    for port_id, address in (FloatingIP.objects.filter(port_id__in=port_ids)
                             .order_by("created_at").values_list("port_id",
                                                                 "floating_ip_address")):
        floating[port_id].append(address)
    for port_id, device_id, mac, network_name, network_id in nics:
        entries = found[device_id].setdefault(network_name or network_id, [])
        entries.extend(_entry(a, "fixed", mac) for a in fixed[port_id])
        entries.extend(_entry(a, "floating", mac) for a in floating[port_id])
    return found


def _entry(address, kind, mac):
    return {"version": 6 if ":" in address else 4, "addr": address, "type": kind, "mac": mac}


def instances_with_ip(pattern, version=4):
    """Uuids of instances holding a fixed address matching the regular expression (Nova's
    `ip`/`ip6` server filters)."""
    return (FixedIP.objects.filter(ip_address__regex=pattern, subnet__ip_version=version)
            .exclude(port__device_id="").values("port__device_id"))
