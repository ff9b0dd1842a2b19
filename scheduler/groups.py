"""Server groups: created under Nova's policy rules; members join in the transaction that
claims their host, under the group's row lock, so boots of one group go one at a time."""
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Q

from compute import quotas, states
from compute.models import Instance
from scheduler.models import Allocation, ServerGroup, ServerGroupMember


def create_server_group(*, name, policy, project_id, user_id="", rules=None):
    """A new group; raises ValidationError for an unknown policy or rules Nova refuses, and
    compute.quotas.QuotaExceeded past the project's server_groups quota."""
    group = ServerGroup(name=name, policy=policy, project_id=project_id, user_id=user_id,
                        rules=rules or {})
    group.full_clean()
    with transaction.atomic():
        quotas.check_server_groups(project_id, user_id)
        group.save()
    return group


@contextmanager
def locked(group_id):
    """Hold the group's row lock for one transaction (select + claim + join). Boots of other
    groups, and boots without a group, are not held up. On SQLite, whose IMMEDIATE
    transactions take the one write lock up front, the transaction alone serialises."""
    if group_id is None:
        yield None
        return
    with transaction.atomic():
        yield ServerGroup.objects.select_for_update().filter(pk=group_id).first()


def delete_server_group(group):
    """Delete `group`; its instances stay, no longer bound by its policy."""
    group.delete()


def members(groups_):
    """group id → uuids of its live instances, oldest first: those placed in it and those
    that asked for it and await their host (Nova counts a member from its boot request)."""
    found = {group.pk: [] for group in groups_}
    rows = (Instance.objects.exclude(vm_state=states.DELETED)
            .filter(Q(server_group_member__group__in=found) | Q(placement_request__group__in=found))
            .order_by("created_at", "id")
            .values_list("uuid", "server_group_member__group_id", "placement_request__group_id"))
    for uuid, placed_in, asked_for in rows:
        group_id = placed_in if placed_in in found else asked_for
        if uuid not in found[group_id]:
            found[group_id].append(uuid)
    return found


def add_member(group, instance):
    """Record `instance` as a member of `group`. A second call changes nothing."""
    ServerGroupMember.objects.bulk_create(
        [ServerGroupMember(group=group, instance_id=instance.uuid)], ignore_conflicts=True)


def host_counts(group, exclude_uuid=""):
    """host id → how many members of `group` hold a claim there. Claims, not
    Instance.host, because a claim exists from the moment a host is chosen."""
    with connection.cursor() as cursor:
        cursor.execute(_MEMBERS_BY_HOST, [group.pk, exclude_uuid])
        return dict(cursor.fetchall())


# Plain SQL: it runs in every decision for a group member.
_MEMBERS_BY_HOST = (
    f"SELECT a.host_id, COUNT(*) FROM {Allocation._meta.db_table} a "
    f"JOIN {Instance._meta.db_table} i ON i.id = a.instance_id "
    f"JOIN {ServerGroupMember._meta.db_table} m ON m.instance_id = i.uuid "
    f"WHERE m.group_id = %s AND i.uuid <> %s GROUP BY a.host_id")
