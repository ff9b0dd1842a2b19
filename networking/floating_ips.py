"""Floating IP intents: allocate from an external network (its address held by a port there),
associate with a port's fixed address, disassociate, release; per-project quota."""
from django.db import transaction
from django.db.models import Q

from compute import quotas
from networking import errors, ports
from networking.models import FloatingIP, Network, Port

DEVICE_OWNER = "network:floatingip"


def visible(project_id, is_admin=False):
    qs = FloatingIP.objects.select_related("floating_network", "port")
    return qs if is_admin else qs.filter(project_id=project_id)


def get(floating_ip_id, project_id, is_admin=False):
    found = visible(project_id, is_admin).filter(id=floating_ip_id).first()
    if found is None:
        raise errors.FloatingIPNotFound(f"Floating IP {floating_ip_id} could not be found")
    return found


def pools():
    """External networks: the pools floating IPs come from."""
    return Network.objects.filter(external=True)


def pool(name_or_id=None):
    """The external network named or identified so; without a name, the only one."""
    qs = pools()
    if name_or_id:
        qs = qs.filter(Q(id=name_or_id) | Q(name=name_or_id))
    found = list(qs[:2])
    if len(found) != 1:
        raise errors.FloatingIPPoolNotFound(f"Floating IP pool {name_or_id or ''} not found.")
    return found[0]


def allocate(*, project_id, network, address=None, port=None, fixed_ip_address=None,
             description=""):
    """A floating IP of `network` for the project (OverQuota past QUOTA_FLOATING_IPS),
    optionally associated with `port` at once."""
    if not network.external:
        raise errors.InvalidInput(f"Bad floatingip request: Network {network.id} is not a "
                                  f"valid external network.")
    with transaction.atomic():
        _check_quota(project_id)
        holder = ports.create_port(
            network=network, project_id="", device_owner=DEVICE_OWNER,
            fixed_ips=[{"ip_address": address}] if address else None)
        fixed = holder.fixed_ips.filter(subnet__ip_version=4).first() or holder.fixed_ips.first()
        if fixed is None:
            raise errors.IpAddressGenerationFailure(
                f"No more IP addresses available on network {network.id}.")
        fip = FloatingIP.objects.create(project_id=project_id, floating_network=network,
                                        floating_port=holder, description=description,
                                        floating_ip_address=fixed.ip_address)
        Port.objects.filter(pk=holder.pk).update(device_id=fip.id)
        if port is not None:
            associate(fip, port, fixed_ip_address)
    return fip


def _check_quota(project_id):
    """The project's `floating_ips` quota (Nova's quota sets; unlimited unless set)."""
    try:
        quotas.check_count(project_id, "floating_ips",
                           FloatingIP.objects.filter(project_id=project_id).count,
                           "Quota exceeded for resources: ['floatingip'].")
    except quotas.QuotaExceeded:
        raise errors.OverQuota("Quota exceeded for resources: ['floatingip'].") from None


def associate(fip, port, fixed_ip_address=None):
    """Map `fip` to `port` (at `fixed_ip_address`, else the port's first IPv4 address). A
    fixed address has at most one floating IP: FloatingIPPortAlreadyAssociated otherwise."""
    addresses = list(port.fixed_ips.order_by("id").values_list("ip_address", flat=True))
    if fixed_ip_address is None:
        fixed_ip_address = next((a for a in addresses if ":" not in a), None)
        if fixed_ip_address is None:
            raise errors.InvalidInput(f"Bad floatingip request: Port {port.id} does not have "
                                      f"any IPv4 address.")
    elif fixed_ip_address not in addresses:
        raise errors.InvalidInput(f"Bad floatingip request: Port {port.id} does not have "
                                  f"fixed ip {fixed_ip_address}.")
    with transaction.atomic():
        other = (FloatingIP.objects.select_for_update()
                 .filter(port=port, fixed_ip_address=fixed_ip_address).exclude(pk=fip.pk))
        if other.exists():
            raise errors.FloatingIPPortAlreadyAssociated(
                f"Cannot associate floating IP {fip.floating_ip_address} ({fip.id}) with port "
                f"{port.id} using fixed IP {fixed_ip_address}, as that fixed IP already has a "
                f"floating IP on external network {fip.floating_network_id}.")
        FloatingIP.objects.filter(pk=fip.pk).update(port=port, fixed_ip_address=fixed_ip_address)
    fip.refresh_from_db()
    return fip


def disassociate(fip):
    """Unmap `fip`. Again: already unmapped, no-op."""
    FloatingIP.objects.filter(pk=fip.pk).update(port=None, fixed_ip_address=None)
    fip.refresh_from_db()
    return fip


def release(fip):
    """Give the address back to the external network's pool."""
    with transaction.atomic():
        holder = fip.floating_port
        fip.delete()
        ports.delete_port(holder)


def by_address(address, project_id, is_admin=False):
    found = visible(project_id, is_admin).filter(floating_ip_address=address).first()
    if found is None:
        raise errors.FloatingIPNotFound(f"Floating IP {address} could not be found")
    return found


def associate_with_instance(instance_uuid, address, project_id, fixed_address=None,
                            is_admin=False):
    """Nova's addFloatingIp: map the project's floating `address` to the instance's port
    holding `fixed_address` (else its first port with an IPv4 address)."""
    fip = by_address(address, project_id, is_admin)
    candidates = list(ports.for_devices([instance_uuid]))
    for port in candidates:
        held = [f.ip_address for f in port.fixed_ips.all()]
        if fixed_address in held or (fixed_address is None
                                     and any(":" not in a for a in held)):
            return associate(fip, port, fixed_address)
    if fixed_address:
        raise errors.InvalidInput("Specified fixed address not assigned to instance")
    raise errors.InvalidInput("No nw_info cache associated with instance")


def disassociate_from_instance(instance_uuid, address, project_id, is_admin=False):
    """Nova's removeFloatingIp: NotAssociated unless `address` maps to this instance."""
    fip = by_address(address, project_id, is_admin)
    if fip.port is None or fip.port.device_id != instance_uuid:
        raise errors.NotAssociated(f"Floating IP {address} is not associated with instance "
                                   f"{instance_uuid}.")
    return disassociate(fip)
