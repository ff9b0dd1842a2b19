"""Host aggregates and the availability zones they make: every change of membership or
metadata goes through here, and here alone Host.availability_zone is brought in step."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from compute.models import Host
from scheduler.models import Aggregate

ZONE_KEY = "availability_zone"


def create_aggregate(name, availability_zone=None, metadata=None):
    """A new, empty aggregate; with a zone, it is that availability zone."""
    metadata = dict(metadata or {})
    if availability_zone:
        metadata[ZONE_KEY] = availability_zone
    aggregate = Aggregate(name=name, metadata=metadata)
    aggregate.full_clean()
    aggregate.save()
    return aggregate


def add_host(aggregate, host):
    """Put `host` in `aggregate` (again: no change). Refused when the host would be in
    two zones at once, as Nova refuses it."""
    with transaction.atomic():
        check_zone(aggregate, [host.pk], aggregate.availability_zone)
        aggregate.hosts.add(host)
        sync_availability_zones([host.pk])


def remove_host(aggregate, host):
    """Take `host` out of `aggregate` (not in it: no change)."""
    with transaction.atomic():
        aggregate.hosts.remove(host)
        sync_availability_zones([host.pk])


def update_metadata(aggregate, changes):
    """Set metadata keys; a key set to None is removed (Nova's set_metadata)."""
    metadata = {**aggregate.metadata, **changes}
    metadata = {key: value for key, value in metadata.items() if value is not None}
    with transaction.atomic():
        host_ids = list(aggregate.hosts.values_list("pk", flat=True))
        check_zone(aggregate, host_ids, metadata.get(ZONE_KEY))
        aggregate.metadata = metadata
        aggregate.full_clean()
        aggregate.save(update_fields=["metadata", "updated_at"])
        sync_availability_zones(host_ids)


def delete_aggregate(aggregate):
    """Delete an aggregate; like Nova, only once it holds no host."""
    if aggregate.hosts.exists():
        raise ValidationError(f"Aggregate {aggregate.name} still has hosts.")
    aggregate.delete()


def check_zone(aggregate, host_ids, zone):
    """Raise ValidationError if any of `host_ids` is in another aggregate of a zone
    other than `zone`."""
    if not zone:
        return
    others = (Aggregate.objects.filter(hosts__in=host_ids).exclude(pk=aggregate.pk)
              .distinct())
    clashes = sorted({a.availability_zone for a in others} - {None, zone})
    if clashes:
        raise ValidationError(f"Host already in availability zone {', '.join(clashes)}; a "
                              f"host can only be in one zone.")


def sync_availability_zones(host_ids):
    """Set each host's Host.availability_zone to its effective zone: the zone of its
    aggregate that has one, else settings.DEFAULT_AVAILABILITY_ZONE."""
    zones = {}
    rows = Aggregate.hosts.through.objects.filter(host_id__in=host_ids).values_list(
        "host_id", "aggregate__metadata")
    for host_id, metadata in rows:
        if metadata.get(ZONE_KEY):
            zones[host_id] = min(zones.get(host_id, metadata[ZONE_KEY]), metadata[ZONE_KEY])
    for host_id in host_ids:
        zones.setdefault(host_id, settings.DEFAULT_AVAILABILITY_ZONE)
    for zone in set(zones.values()):
        Host.objects.filter(pk__in=[h for h, z in zones.items() if z == zone]).exclude(
            availability_zone=zone).update(availability_zone=zone)
