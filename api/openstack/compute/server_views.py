"""Rendering servers exactly as Nova does at each microversion (Tempest checks every key)."""
import hashlib

from api.openstack.compute import server_addresses, server_security_groups
from api.openstack.compute.links import isotime, links, usage_time
from api.openstack.compute.server_fields import add_fields, add_groups, guest_hostname
from compute import states


def host_id(instance):
    """Nova's hostId: a per-project hash of the host name, '' while unplaced."""
    if not instance.host_id:
        return ""
    return hashlib.sha224((instance.project_id + instance.host.name).encode()).hexdigest()


def brief(request, instance):
    return {"id": instance.uuid, "name": instance.display_name,
            "links": links(request, "servers", instance.uuid)}


def _image(request, instance):
    if not instance.image_ref:
        return ""
    return {"id": instance.image_ref, "links": [
        {"rel": "bookmark", "href": links(request, "images", instance.image_ref)[1]["href"]}]}


def _flavor(request, instance, version):
    if version >= (2, 47):
        return {"vcpus": instance.vcpus, "ram": instance.memory_mb, "disk": instance.root_gb,
                "ephemeral": instance.ephemeral_gb, "swap": instance.swap,
                "original_name": instance.instance_type_name,
                "extra_specs": dict(instance.flavor_extra_specs)}
    flavorid = instance.flavor.flavorid if instance.flavor else ""
    return {"id": flavorid, "links": [
        {"rel": "bookmark", "href": links(request, "flavors", flavorid)[1]["href"]}]}


def _fault(instance, context):
    fault = instance.fault
    if not fault or instance.vm_state not in (states.ERROR, states.DELETED):
        return None
    body = {"code": fault.get("code", 500), "created": fault.get("created", "")[:19] + "Z",
            "message": fault.get("message", "")}
    if context.is_admin or body["code"] != 500:
        body["details"] = fault.get("details", "")
    return body


# What PUT /servers/{id} leaves out below 2.75 (Nova's update view shows the core only).
_NOT_IN_UPDATE = ("OS-EXT-AZ:availability_zone", "OS-EXT-STS:power_state",
                  "OS-EXT-STS:task_state", "OS-EXT-STS:vm_state", "OS-SRV-USG:launched_at",
                  "OS-SRV-USG:terminated_at", "config_drive", "key_name",
                  "os-extended-volumes:volumes_attached", "security_groups", "host_status")


_PROGRESS_STATUSES = ("ACTIVE", "BUILD", "REBUILD", "RESIZE", "VERIFY_RESIZE", "MIGRATING")


def updated(request, instance, context, version):
    """The server document a PUT answers with (the full one from 2.75)."""
    body = shown(request, instance, context, version)
    if version < (2, 75):
        for key in _NOT_IN_UPDATE:
            body.pop(key, None)
        for key in [k for k in body if k.startswith("OS-EXT-SRV-ATTR:")]:
            body.pop(key)
        body["addresses"] = server_addresses.plain(instance)
    return body


def shown(request, instance, context, version):
    """The document of GET /servers/{id}: the detail one and, from 2.71, its groups."""
    body = detail(request, instance, context, version)
    add_groups(body, instance, version)
    return body


def detail(request, instance, context, version):
    """The full server document."""
    body = {
        **brief(request, instance),
        "status": instance.status, "tenant_id": instance.project_id,
        "user_id": instance.user_id, "metadata": dict(instance.metadata),
        "hostId": host_id(instance), "image": _image(request, instance),
        "flavor": _flavor(request, instance, version),
        "created": isotime(instance.created_at), "updated": isotime(instance.updated_at),
        "addresses": server_addresses.extended(instance), "accessIPv4": instance.access_ip_v4,
        "accessIPv6": instance.access_ip_v6, "OS-DCF:diskConfig": instance.disk_config,
        "OS-EXT-AZ:availability_zone": instance.availability_zone or "",
        "config_drive": instance.config_drive, "key_name": instance.key_name or None,
        "OS-SRV-USG:launched_at": usage_time(instance.launched_at),
        "OS-SRV-USG:terminated_at": usage_time(instance.terminated_at),
        "OS-EXT-STS:task_state": instance.task_state,
        "OS-EXT-STS:vm_state": instance.vm_state,
        "OS-EXT-STS:power_state": instance.power_state,
        "os-extended-volumes:volumes_attached": [],
        "security_groups": server_security_groups.server_view(instance),
    }
    if body["status"] in _PROGRESS_STATUSES:  # Nova shows progress only in these
        body["progress"] = 100 if instance.vm_state == states.ACTIVE else 0
    if instance.vm_state == states.DELETED or not body["security_groups"]:
        body.pop("security_groups")  # Nova: no key when the server has no groups
    fault = _fault(instance, context)
    if fault:
        body["fault"] = fault
    if context.is_admin:
        body.update({
            "OS-EXT-SRV-ATTR:host": instance.host.name if instance.host_id else None,
            "OS-EXT-SRV-ATTR:hypervisor_hostname":
                instance.host.hypervisor_hostname if instance.host_id else None,
            "OS-EXT-SRV-ATTR:instance_name": instance.domain_name,
        })
    _add_versioned(body, instance, context, version)
    return body


def _add_versioned(body, instance, context, version):
    """Fields that later microversions add."""
    if version >= (2, 3) and context.is_admin:
        body.update({
            "OS-EXT-SRV-ATTR:reservation_id": instance.reservation_id,
            "OS-EXT-SRV-ATTR:launch_index": instance.launch_index,
            "OS-EXT-SRV-ATTR:hostname": guest_hostname(instance),
            "OS-EXT-SRV-ATTR:kernel_id": "", "OS-EXT-SRV-ATTR:ramdisk_id": "",
            "OS-EXT-SRV-ATTR:root_device_name": "/dev/vda",
            "OS-EXT-SRV-ATTR:user_data": instance.user_data or None,
        })
    if version >= (2, 9):
        body["locked"] = instance.locked
    if version >= (2, 16) and context.is_admin:
        body["host_status"] = _host_status(instance)
    if version >= (2, 19):
        body["description"] = instance.description or None
    if version >= (2, 26):
        body["tags"] = list(instance.tags)
    if version >= (2, 73):
        body["locked_reason"] = instance.locked_reason or None
    add_fields(body, instance, context, version)


def _host_status(instance):
    """UP, DOWN, MAINTENANCE (disabled) or '' when unplaced (Nova's host_status, 2.16)."""
    if not instance.host_id:
        return ""
    host = instance.host
    if not host.is_up:
        return "DOWN"
    return "UP" if host.enabled else "MAINTENANCE"
