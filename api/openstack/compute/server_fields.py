"""Server fields of microversions 2.63 to 2.100, added to the server document: trusted image
certificates (2.63), the server's groups (2.71, show, update and rebuild only), the guest
hostname for every caller (2.90; admins always had it), the pinned availability zone (2.96),
the image's properties (2.98) and the scheduler hints given at boot (2.100)."""
from django.db.models import Q

from api.openstack.compute.page_loads import PageLoad
from compute import hostnames
from scheduler.models import PlacementRequest, ServerGroup


def add_fields(body, instance, context, version):
    """Add the fields of these microversions to `body` (a detail document)."""
    if version >= (2, 63):
        body["trusted_image_certificates"] = instance.trusted_image_certificates or None
    if version >= (2, 90) and not context.is_admin:
        body["OS-EXT-SRV-ATTR:hostname"] = guest_hostname(instance)
    if version >= (2, 96):
        body["pinned_availability_zone"] = instance.requested_availability_zone or None
    if version >= (2, 98) and isinstance(body.get("image"), dict):
        body["image"]["properties"] = dict(instance.image_properties or {})
    if version >= (2, 100):
        body["scheduler_hints"] = scheduler_hints(instance)


def add_groups(body, instance, version):
    """2.71: the uuid of the group the server is in (or asked for), in a list of at most
    one; only the show, update and rebuild documents carry it."""
    if version >= (2, 71):
        body["server_groups"] = server_groups(instance)


def guest_hostname(instance):
    """The guest's hostname (rows from before it was stored: derived as Nova would)."""
    return instance.hostname or hostnames.default(instance.display_name, instance.uuid)


def server_groups(instance):
    found = (ServerGroup.objects.filter(Q(members__instance_id=instance.uuid) |
                                        Q(placement_requests__instance_id=instance.uuid))
             .values_list("uuid", flat=True).distinct())
    return list(found[:1])


def _hints_by_instance(uuids):
    return dict(PlacementRequest.objects.filter(instance_id__in=uuids)
                .values_list("instance_id", "hints"))


# the scheduler hints of a page of servers in one query (shown from 2.100)
HINTS = PageLoad("_cloudproject_hints", _hints_by_instance, default={})


def scheduler_hints(instance):
    """The hints as Nova's request spec keeps them: each value a list of strings."""
    hints = HINTS.of(instance)
    return {key: [str(v) for v in value] if isinstance(value, list) else [str(value)]
            for key, value in hints.items()}
