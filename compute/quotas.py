"""Quotas: the limits in force for a project or user, their usage counted from live rows, and
the checks that refuse a create going over them (Nova's database quota driver, reduced)."""
from django.conf import settings
from django.db import transaction
from django.db.models import Count, Sum

from compute import states
from compute.models import Instance, KeyPair
from compute.quota_models import ProjectQuota, QuotaClass
from networking.quota_usage import usage as network_usage
from scheduler.models import ServerGroup

UNLIMITED = -1
DEFAULT_CLASS = "default"
# Every counted or capped resource and the setting holding its default.
DEFAULT_SETTINGS = {
    "instances": "QUOTA_INSTANCES", "cores": "QUOTA_CORES", "ram": "QUOTA_RAM",
    "metadata_items": "QUOTA_METADATA_ITEMS", "injected_files": "QUOTA_INJECTED_FILES",
    "injected_file_content_bytes": "QUOTA_INJECTED_FILE_CONTENT_BYTES",
    "injected_file_path_bytes": "QUOTA_INJECTED_FILE_PATH_BYTES",
    "key_pairs": "QUOTA_KEY_PAIRS", "server_groups": "QUOTA_SERVER_GROUPS",
    "server_group_members": "QUOTA_SERVER_GROUP_MEMBERS",
}
# nova-network's quotas: Nova still names them (unlimited) below microversion 2.36.
NETWORK_RESOURCES = ("fixed_ips", "floating_ips", "security_groups", "security_group_rules")
PERSONALITY_RESOURCES = ("injected_files", "injected_file_content_bytes",
                         "injected_file_path_bytes")
RESOURCES = tuple(DEFAULT_SETTINGS) + NETWORK_RESOURCES
INSTANCE_RESOURCES = ("instances", "cores", "ram")


class QuotaExceeded(Exception):
    """A create would go over a limit (HTTP 403). `overs` holds one (resource, limit, in_use,
    requested) per resource over; the attributes name the first."""

    def __init__(self, overs, message):
        self.overs = tuple(overs)
        self.resource, self.limit, self.in_use, self.requested = self.overs[0]
        super().__init__(message)


class InvalidQuota(ValueError):
    """A limit an admin asked for is out of its settable range or names no resource."""


def defaults():
    """The settings' defaults, overridden by the 'default' quota class."""
    return class_limits(DEFAULT_CLASS)


def class_limits(name):
    """The limits of quota class `name`; resources it leaves out keep the settings' value."""
    base = {resource: getattr(settings, key) for resource, key in DEFAULT_SETTINGS.items()}
    base.update(dict.fromkeys(NETWORK_RESOURCES, UNLIMITED))
    row = QuotaClass.objects.filter(name=name).first()
    return {**base, **_known(row.limits if row else {})}


def limits(project_id, user_id=None):
    """The limits in force: the user's own, else the project's, else the defaults."""
    rows = dict(ProjectQuota.objects.filter(project_id=project_id, user_id__in={"", user_id or ""})
                .values_list("user_id", "limits"))
    result = {**defaults(), **_known(rows.get("", {}))}
    if user_id:
        result.update(_known(rows.get(user_id, {})))
    return result


def usage(project_id, user_id=None):
    """In-use counts: instances, cores and ram of live instances (soft-deleted ones do not
    count, as in Nova: restoring one counts it again) and the server groups, of `user_id`
    alone when given. Per-user key pairs and group members show 0, as in Nova."""
    instances = Instance.objects.filter(project_id=project_id).exclude(
        vm_state__in=(states.DELETED, states.SOFT_DELETED))
    groups = ServerGroup.objects.filter(project_id=project_id)
    if user_id:
        instances, groups = instances.filter(user_id=user_id), groups.filter(user_id=user_id)
    totals = instances.aggregate(instances=Count("id"), cores=Sum("vcpus"),
                                 ram=Sum("memory_mb"))
    counts = dict.fromkeys(RESOURCES, 0)
    counts.update({key: value or 0 for key, value in totals.items()})
    counts["server_groups"] = groups.count()
    return counts


def shown_usage(project_id, user_id=None):
    """usage() plus the project's floating IPs, security groups and rules (counted only to
    be shown and to bound new limits: the network services check their own quotas). These
    are project resources: a user's own usage of them shows 0, as for key pairs."""
    in_use = usage(project_id, user_id)
    if not user_id:
        in_use.update(network_usage(project_id))
    return in_use


def detail(project_id, user_id=None):
    """{resource: {"limit", "in_use", "reserved"}} (nothing is reserved any more)."""
    in_use = shown_usage(project_id, user_id)
    return {resource: {"limit": limit, "in_use": in_use[resource], "reserved": 0}
            for resource, limit in limits(project_id, user_id).items()}


def _known(values):
    return {key: int(value) for key, value in values.items() if key in RESOURCES}


def _lock(project_id):
    """Serialise the quota checks of one project until the caller's transaction ends: on
    PostgreSQL a row lock on the project's quota row (created on first use); on SQLite the
    IMMEDIATE transaction already holds the one write lock."""
    row, _ = ProjectQuota.objects.get_or_create(project_id=project_id, user_id="")
    ProjectQuota.objects.select_for_update().filter(pk=row.pk).first()


def _overs(requested, limit, in_use):
    return [(resource, limit[resource], in_use[resource], amount)
            for resource, amount in requested.items()
            if limit[resource] > UNLIMITED and in_use[resource] + amount > limit[resource]]


def _instances_message(overs):
    names = ", ".join(resource for resource, _, _, _ in overs)

    def joined(index):
        return ", ".join(str(over[index]) for over in overs)

    return (f"Quota exceeded for {names}: Requested {joined(3)}, but already used "
            f"{joined(2)} of {joined(1)} {names}")


def check_instance_quota(project_id, user_id, count, vcpus, ram):
    """Refuse (QuotaExceeded) `count` more instances of `vcpus` vCPUs and `ram` MB each.
    Call it inside the transaction that creates them: the project's lock holds until that
    transaction ends, so concurrent creates count each other's rows. User limits are checked
    too when an admin set any for instances, cores or ram."""
    requested = {"instances": count, "cores": count * vcpus, "ram": count * ram}
    with transaction.atomic():
        _lock(project_id)
        overs = _overs(requested, limits(project_id), usage(project_id))
        if _has_user_limits(project_id, user_id, INSTANCE_RESOURCES):
            seen = {over[0] for over in overs}
            overs += [over for over in _overs(requested, limits(project_id, user_id),
                                              usage(project_id, user_id))
                      if over[0] not in seen]
    if overs:
        raise QuotaExceeded(overs, _instances_message(overs))


def _has_user_limits(project_id, user_id, resources):
    row = ProjectQuota.objects.filter(project_id=project_id, user_id=user_id).first()
    return bool(user_id and row and set(resources) & set(row.limits))


def check_metadata_items(project_id, count):
    """Refuse metadata of more than `metadata_items` keys (Nova's MetadataLimitExceeded)."""
    limit = limits(project_id)["metadata_items"]
    if limit > UNLIMITED and count > limit:
        raise QuotaExceeded([("metadata_items", limit, 0, count)],
                            f"Maximum number of metadata items exceeds {limit}")


def check_key_pairs(project_id, user_id):
    """Refuse one more key pair for `user_id` past its key_pairs limit."""
    with transaction.atomic():
        _lock(project_id)
        limit = limits(project_id, user_id)["key_pairs"]
        in_use = KeyPair.objects.filter(user_id=user_id).count()
    if limit > UNLIMITED and in_use + 1 > limit:
        raise QuotaExceeded([("key_pairs", limit, in_use, 1)],
                            "Quota exceeded, too many key pairs.")


def check_server_groups(project_id, user_id):
    """Refuse one more server group in the project past its server_groups limit."""
    with transaction.atomic():
        _lock(project_id)
        limit = limits(project_id, user_id)["server_groups"]
        in_use = usage(project_id)["server_groups"]
    if limit > UNLIMITED and in_use + 1 > limit:
        raise QuotaExceeded([("server_groups", limit, in_use, 1)],
                            "Quota exceeded, too many server groups.")


def check_count(project_id, resource, count_in_use, message, requested=1):
    """Refuse `requested` more of `resource` past the project's limit. `count_in_use()` counts
    the project's rows under its quota lock; call this inside the transaction that creates
    them (the security group services do, for security_groups and security_group_rules)."""
    if limits(project_id)[resource] == UNLIMITED:
        return
    with transaction.atomic():
        _lock(project_id)
        limit = limits(project_id)[resource]
        in_use = count_in_use()
    if limit > UNLIMITED and in_use + requested > limit:
        raise QuotaExceeded([(resource, limit, in_use, requested)], message)


def check_server_group_members(group, user_id, count):
    """Refuse `count` more of the user's instances in server group `group` (None: nothing to
    check) past server_group_members. Members are the user's live instances that asked for
    the group, whether or not their host is chosen yet."""
    if group is None:
        return
    limit = limits(group.project_id, user_id)["server_group_members"]
    in_use = (Instance.objects.filter(placement_request__group=group, user_id=user_id)
              .exclude(vm_state=states.DELETED).count())
    if limit > UNLIMITED and in_use + count > limit:
        raise QuotaExceeded([("server_group_members", limit, in_use, count)],
                            "Quota exceeded, too many servers in group")


def settable_ranges(project_id, user_id=None):
    """{resource: (minimum, maximum)} an admin may set, as Nova: a project limit no lower
    than its usage or the sum of its users' limits; a user limit no lower than the user's
    usage and no higher than what the project has not given to other users. -1 maximum:
    no maximum."""
    project_limits, in_use = limits(project_id), shown_usage(project_id, user_id)
    user_rows = ProjectQuota.objects.filter(project_id=project_id).exclude(user_id="")
    given = dict.fromkeys(RESOURCES, 0)
    for row in user_rows:
        for resource, value in _known(row.limits).items():
            given[resource] += max(value, 0)
    if not user_id:
        return {resource: (max(given[resource], in_use[resource]), UNLIMITED)
                for resource in RESOURCES}
    own = _known(next((row.limits for row in user_rows if row.user_id == user_id), {}))
    ranges = {}
    for resource in RESOURCES:
        limit = project_limits[resource]
        maximum = (UNLIMITED if limit == UNLIMITED
                   else limit - given[resource] + own.get(resource, 0))
        ranges[resource] = (in_use[resource], maximum)
    return ranges


def set_limits(project_id, values, user_id=None, force=False):
    """Set the given limits of the project (or of `user_id` in it); all are checked against
    their settable range first, unless `force`. Raises InvalidQuota."""
    unknown = set(values) - set(RESOURCES)
    if unknown:
        raise InvalidQuota(f"Unknown quota resources {sorted(unknown)}.")
    values = {resource: int(value) for resource, value in values.items()}
    if not force:
        ranges = settable_ranges(project_id, user_id)
        for resource, value in values.items():
            _check_range(resource, value, *ranges[resource])
    with transaction.atomic():
        row, _ = ProjectQuota.objects.select_for_update().get_or_create(
            project_id=project_id, user_id=user_id or "")
        row.limits = {**row.limits, **values}
        row.save()


def _check_range(resource, value, minimum, maximum):
    def infinite(number):
        return float("inf") if number == UNLIMITED else number

    if infinite(value) < infinite(minimum):
        raise InvalidQuota(f"Quota limit {value} for {resource} must be greater than or equal "
                           f"to already used and reserved {minimum}.")
    if infinite(value) > infinite(maximum):
        raise InvalidQuota(f"Quota limit {value} for {resource} must be less than or equal to "
                           f"{maximum}.")


def delete_limits(project_id, user_id=None):
    """Back to the defaults: the user's limits, or the project's and all its users'."""
    rows = ProjectQuota.objects.filter(project_id=project_id)
    if user_id:
        rows.filter(user_id=user_id).delete()
    else:
        rows.exclude(user_id="").delete()
        rows.filter(user_id="").update(limits={})


def set_class_limits(name, values):
    """Set limits of quota class `name` (created on first use). Raises InvalidQuota."""
    unknown = set(values) - set(RESOURCES)
    if unknown:
        raise InvalidQuota(f"Unknown quota resources {sorted(unknown)}.")
    with transaction.atomic():
        row, _ = QuotaClass.objects.select_for_update().get_or_create(name=name)
        row.limits = {**row.limits, **{key: int(value) for key, value in values.items()}}
        row.save()
