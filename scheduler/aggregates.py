"""Host aggregates and the availability zones they make: every change of membership or
metadata goes through here, and here alone Host.availability_zone is brought in step."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from compute.hosts import instance_counts
from compute.models import Host
from scheduler.models import Aggregate

ZONE_KEY = "availability_zone"


class AggregateNameExists(ValidationError):
    """Another aggregate has the name (Nova's AggregateNameExists)."""


class InvalidAggregateAction(ValidationError):
    """A change Nova refuses; the message is its reason: a host in two zones, an emptied
    zone name, instances that would change zone, deleting an aggregate that has hosts."""


class HostAlreadyMember(ValidationError):
    """add_member of a host the aggregate already has (Nova's AggregateHostExists)."""


class HostNotMember(ValidationError):
    """remove_member of a host the aggregate does not have (Nova's AggregateHostNotFound)."""


def create_aggregate(name, availability_zone=None, metadata=None):
    """A new, empty aggregate; with a zone, it is that availability zone. A name already
    taken raises AggregateNameExists."""
    metadata = dict(metadata or {})
    if availability_zone:
        metadata[ZONE_KEY] = availability_zone
    aggregate = Aggregate(name=name, metadata=metadata)
    _save_named(aggregate)
    return aggregate


def update_aggregate(aggregate, changes):
    """Nova's aggregate update: `changes` holds a new "name" and/or "availability_zone";
    a taken name raises AggregateNameExists, a zone change follows set_metadata's rules."""
    with transaction.atomic():
        if ZONE_KEY in changes:
            _check_zone_change(aggregate, changes[ZONE_KEY])
            aggregate.metadata = {**aggregate.metadata, ZONE_KEY: changes[ZONE_KEY]}
        if "name" in changes:
            aggregate.name = changes["name"]
        _save_named(aggregate)
        sync_availability_zones(list(aggregate.hosts.values_list("pk", flat=True)))
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


def add_member(aggregate, host):
    """Nova's add_host: as add_host, but a host already in the aggregate raises
    HostAlreadyMember, and one whose instances would change zone InvalidAggregateAction."""
    with transaction.atomic():
        if aggregate.hosts.filter(pk=host.pk).exists():
            raise HostAlreadyMember(f"Aggregate {aggregate.pk} already has host {host.name}.")
        check_zone(aggregate, [host.pk], aggregate.availability_zone)
        _check_instances_stay(host, _zone_with(host, aggregate, member=True))
        add_host(aggregate, host)


def remove_member(aggregate, host):
    """Nova's remove_host: as remove_host, but a host not in the aggregate raises
    HostNotMember, and one whose instances would change zone InvalidAggregateAction."""
    with transaction.atomic():
        if not aggregate.hosts.filter(pk=host.pk).exists():
            raise HostNotMember(f"Aggregate {aggregate.pk} has no host {host.name}.")
        _check_instances_stay(host, _zone_with(host, aggregate, member=False))
        remove_host(aggregate, host)


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


def set_metadata(aggregate, changes):
    """Nova's set_metadata action: update_metadata, but the availability zone may only be
    renamed, never emptied or removed, and not under members that hold instances."""
    with transaction.atomic():
        if ZONE_KEY in changes:
            _check_zone_change(aggregate, changes[ZONE_KEY])
        update_metadata(aggregate, changes)


def delete_aggregate(aggregate):
    """Delete an aggregate; like Nova, only once it holds no host."""
    if aggregate.hosts.exists():
        raise InvalidAggregateAction("Host aggregate is not empty")
    aggregate.delete()


def check_zone(aggregate, host_ids, zone):
    """Raise InvalidAggregateAction if any of `host_ids` is in another aggregate of a zone
    other than `zone`."""
    if not zone:
        return
    others = (Aggregate.objects.filter(hosts__in=host_ids).exclude(pk=aggregate.pk)
              .distinct())
    clashes = sorted({a.availability_zone for a in others} - {None, zone})
    if clashes:
        raise InvalidAggregateAction(f"Host already in availability zone {', '.join(clashes)}"
                                     f"; a host can only be in one zone")


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


def _save_named(aggregate):
    """Validate and save; the name must be free (checked first for the message, then by
    the unique index against a concurrent create)."""
    taken = AggregateNameExists(f"Aggregate {aggregate.name} already exists.")
    if Aggregate.objects.filter(name=aggregate.name).exclude(pk=aggregate.pk).exists():
        raise taken
    aggregate.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            aggregate.save()
    except IntegrityError:
        raise taken from None


def _check_zone_change(aggregate, zone):
    """Nova's is_safe_to_update_az: a zone has a name; no member may be in another zone;
    members holding instances may not change zone (the instances would not follow)."""
    if not zone:
        raise InvalidAggregateAction(f"Aggregate {aggregate.name} does not support empty "
                                     f"named availability zone")
    host_ids = list(aggregate.hosts.values_list("pk", flat=True))
    check_zone(aggregate, host_ids, zone)
    moving = Host.objects.filter(pk__in=host_ids).exclude(availability_zone=zone)
    if any(live for live, _ in instance_counts(moving.values_list("pk", flat=True)).values()):
        raise InvalidAggregateAction("One or more hosts contain instances in this zone")


def _zone_with(host, aggregate, member):
    """The zone `host` would be in with (member) or without `aggregate`, as
    sync_availability_zones would compute it."""
    others = Aggregate.objects.filter(hosts=host).exclude(pk=aggregate.pk)
    zones = {other.availability_zone for other in others} - {None}
    if member and aggregate.availability_zone:
        zones.add(aggregate.availability_zone)
    return min(zones, default=settings.DEFAULT_AVAILABILITY_ZONE)


def _check_instances_stay(host, zone):
    """Refuse a membership change that would move the host's instances to another zone."""
    live, _ = instance_counts([host.pk]).get(host.pk, (0, 0))
    if live and zone != host.availability_zone:
        raise InvalidAggregateAction(
            f"The availability zone of host {host.name} would change from "
            f"'{host.availability_zone}' to '{zone}' but the host has {live} instance(s); "
            f"changing the zone of existing instances is not supported")
