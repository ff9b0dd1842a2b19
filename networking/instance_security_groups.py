"""Which security groups apply to an instance: chosen at boot (the project's default group
when none is asked for), added and removed later, read back for the server views."""
from django.db import transaction
from django.db.models import prefetch_related_objects

from networking.models.security_groups import DEFAULT_NAME, SecurityGroup
from networking.security_groups import SecurityGroupNotFound, find_group


def requested_groups(project_id, names):
    """The groups a boot asks for by name or id (none or an empty list: the default group),
    each once. Raises SecurityGroupNotFound for a group the project does not have."""
    found = {}
    for name in dict.fromkeys(names or [DEFAULT_NAME]):
        group = find_group(name, project_id)
        found.setdefault(group.pk, group)
    return list(found.values())


def bind(instances, groups):
    """Apply `groups` to new `instances` (call in the transaction that creates them)."""
    for group in groups:
        group.instances.add(*instances)


def add_to_instance(instance, group):
    """Apply `group` to `instance`; a second call changes nothing. The group row is locked so
    a concurrent delete of the group either sees this member or goes first."""
    with transaction.atomic():
        locked = SecurityGroup.objects.select_for_update().filter(pk=group.pk).first()
        if locked is None:
            raise SecurityGroupNotFound(f"Security group {group.pk} does not exist")
        locked.instances.add(instance)


def remove_from_instance(instance, group):
    """Stop applying `group` to `instance`; SecurityGroupNotFound when it was not applied."""
    removed, _ = SecurityGroup.instances.through.objects.filter(
        securitygroup_id=group.pk, instance_id=instance.pk).delete()
    if not removed:
        raise SecurityGroupNotFound(f"Security group {group.name} not associated with the "
                                    f"instance {instance.uuid}")


def prefetch(instances):
    """Load the groups of many instances in one query (server lists render them all)."""
    instances = list(instances)
    prefetch_related_objects(instances, "security_groups")
    return instances


def names_by_instance(instance_pks):
    """instance pk → names of its groups, oldest first: one query of plain values for a
    whole list (no group rows built)."""
    found = {pk: [] for pk in instance_pks}
    rows = (SecurityGroup.instances.through.objects.filter(instance_id__in=list(found))
            .order_by("securitygroup__created_at", "securitygroup_id")
            .values_list("instance_id", "securitygroup__name"))
    for instance_pk, name in rows:
        found[instance_pk].append(name)
    return found


def groups_of(instance):
    """The groups applied to `instance`, oldest first (prefetched ones are used as they are)."""
    return sorted(instance.security_groups.all(), key=lambda g: (g.created_at, g.pk))
