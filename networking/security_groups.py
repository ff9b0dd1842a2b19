"""Security groups and their rules as Neutron keeps them: each project's `default` group made
on first use, new groups allowing all egress, rule checks, duplicates refused, quotas."""
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from compute import quotas, states
from networking.errors import Conflict, NetworkingError, NotFound
from networking.models.security_groups import (
    DEFAULT_NAME,
    EGRESS,
    INGRESS,
    IPV4,
    IPV6,
    SecurityGroup,
    SecurityGroupRule,
)

DEFAULT_DESCRIPTION = "Default security group"


class SecurityGroupNotFound(NotFound):
    type = "SecurityGroupNotFound"


class SecurityGroupRuleNotFound(NotFound):
    type = "SecurityGroupRuleNotFound"


class SecurityGroupInvalid(NetworkingError):
    """A group or rule Neutron's checks refuse (the message says which): 400 BadRequest."""


class SecurityGroupConflict(Conflict):
    """Base of the refusals Neutron answers with 409."""


class SecurityGroupInUse(SecurityGroupConflict):
    type = "SecurityGroupInUse"


class SecurityGroupCannotRemoveDefault(SecurityGroupConflict):
    type = "SecurityGroupCannotRemoveDefault"


class SecurityGroupCannotUpdateDefault(SecurityGroupConflict):
    type = "SecurityGroupCannotUpdateDefault"


class SecurityGroupDefaultAlreadyExists(SecurityGroupConflict):
    type = "SecurityGroupDefaultAlreadyExists"


class SecurityGroupRuleExists(SecurityGroupConflict):
    type = "SecurityGroupRuleExists"


def not_found(group_id):
    return SecurityGroupNotFound(f"Security group {group_id} does not exist")


def ensure_default_group(project_id):
    """The project's default group, created with Neutron's default rules on first use
    (ingress from its own members, all egress, IPv4 and IPv6). A second call returns it."""
    group = SecurityGroup.objects.filter(project_id=project_id, is_default=True).first()
    if group is not None:
        return group
    try:
        with transaction.atomic():
            group = SecurityGroup.objects.create(
                project_id=project_id, name=DEFAULT_NAME, description=DEFAULT_DESCRIPTION,
                is_default=True)
            _add_rules(group, [(EGRESS, None), (INGRESS, group)])
    except IntegrityError:  # a concurrent first use made it
        group = SecurityGroup.objects.get(project_id=project_id, is_default=True)
    return group


def _add_rules(group, flows):
    """One IPv4 and one IPv6 rule per (direction, remote group) flow, any protocol."""
    SecurityGroupRule.objects.bulk_create([
        SecurityGroupRule(security_group=group, project_id=group.project_id,
                          direction=direction, ethertype=ethertype, remote_group=remote)
        for direction, remote in flows for ethertype in (IPV4, IPV6)])


def visible(project_id, is_admin, all_projects=False):
    """Groups the caller may see: its project's (admins asking for all projects: every one)."""
    if is_admin and all_projects:
        return SecurityGroup.objects.all()
    return SecurityGroup.objects.filter(project_id=project_id)


def get_group(group_id, project_id, is_admin):
    """The group `group_id` if the caller may see it (admins: any), else SecurityGroupNotFound."""
    found = SecurityGroup.objects.filter(pk=group_id)
    if not is_admin:
        found = found.filter(project_id=project_id)
    group = found.first()
    if group is None:
        raise not_found(group_id)
    return group


def find_group(name_or_id, project_id):
    """The project's group with this id, else the one with this name (the default group is
    made on first use). Raises SecurityGroupNotFound, or SecurityGroupConflict when several
    groups share the name."""
    if name_or_id == DEFAULT_NAME:
        ensure_default_group(project_id)
    groups = SecurityGroup.objects.filter(project_id=project_id)
    group = groups.filter(pk=name_or_id).first()
    if group is not None:
        return group
    named = list(groups.filter(name=name_or_id)[:2])
    if len(named) > 1:
        raise SecurityGroupConflict(f"Multiple security_group matches found for name "
                                    f"'{name_or_id}', use an ID to be more specific.")
    if not named:
        raise SecurityGroupNotFound(
            f"Unable to find security_group with name or id '{name_or_id}'")
    return named[0]


def create_group(project_id, name, description=""):
    """A new group allowing all egress (as Neutron makes them). Raises quotas.QuotaExceeded
    past the security_groups quota, SecurityGroupDefaultAlreadyExists for the name
    `default`, SecurityGroupInvalid for a name or description over 255 characters."""
    ensure_default_group(project_id)
    group = SecurityGroup(project_id=project_id, name=name, description=description)
    check_name(group, name)
    _clean(group)
    with transaction.atomic():
        quotas.check_count(
            project_id, "security_groups",
            SecurityGroup.objects.filter(project_id=project_id).count,
            "Quota exceeded for resources: ['security_group'].")
        group.save()
        _add_rules(group, [(EGRESS, None)])
    return group


def update_group(group, name=None, description=None):
    """Rename or redescribe `group`; the default group keeps its name."""
    if name is not None:
        check_name(group, name)
        group.name = name
    if description is not None:
        group.description = description
    _clean(group)
    group.save()
    return group


def check_name(group, name):
    """Refuse naming `group` (new or not) `name`: the default group keeps its name, and no
    other group may be called `default`."""
    if group.is_default and name != group.name:
        raise SecurityGroupCannotUpdateDefault("Updating default security group not allowed.")
    if not group.is_default and name == DEFAULT_NAME:
        raise SecurityGroupDefaultAlreadyExists("Default security group already exists.")


def delete_group(group, is_admin=False):
    """Delete `group` with its rules and the rules naming it as their peer. Refused while a
    live instance uses it, and for the default group unless an admin asks (as Neutron: the
    project gets a new default the next time it needs one)."""
    if group.is_default and not is_admin:
        raise SecurityGroupCannotRemoveDefault(
            "Insufficient rights for removing default security group.")
    with transaction.atomic():
        SecurityGroup.objects.select_for_update().filter(pk=group.pk).first()
        if _live_members(group).exists():
            raise SecurityGroupInUse(f"Security Group {group.pk} in use.")
        group.delete()


def _live_members(group):
    return group.instances.exclude(vm_state=states.DELETED)


def create_rule(group, *, direction=INGRESS, ethertype=IPV4, protocol=None,
                port_range_min=None, port_range_max=None, remote_ip_prefix=None,
                remote_group=None, description=""):
    """A new rule in `group`. Raises SecurityGroupInvalid (Neutron's checks, see
    SecurityGroupRule.clean), SecurityGroupRuleExists for a rule the group already has, and
    quotas.QuotaExceeded past security_group_rules."""
    rule = SecurityGroupRule(
        security_group=group, project_id=group.project_id, direction=direction,
        ethertype=ethertype, protocol=protocol, port_range_min=port_range_min,
        port_range_max=port_range_max, remote_ip_prefix=remote_ip_prefix or None,
        remote_group=remote_group, description=description)
    _clean(rule)
    with transaction.atomic():
        SecurityGroup.objects.select_for_update().filter(pk=group.pk).first()
        _refuse_duplicate(rule)
        quotas.check_count(
            group.project_id, "security_group_rules",
            SecurityGroupRule.objects.filter(project_id=group.project_id).count,
            "Quota exceeded for resources: ['security_group_rule'].")
        rule.save()
    return rule


def validate_rule(rule):
    """Raise what create_rule() would refuse `rule` (unsaved) for, quotas aside, writing
    nothing: for forms that report errors before saving."""
    _clean(rule)
    _refuse_duplicate(rule)


def _refuse_duplicate(rule):
    same = [r for r in rule.security_group.rules.all() if r.key() == rule.key()]
    if same:
        raise SecurityGroupRuleExists(
            f"Security group rule already exists. Rule id is {same[0].pk}.")


def get_rule(rule_id, project_id, is_admin):
    """The rule `rule_id` of a group the caller may see, else SecurityGroupRuleNotFound."""
    found = SecurityGroupRule.objects.select_related("security_group", "remote_group")
    if not is_admin:
        found = found.filter(project_id=project_id)
    rule = found.filter(pk=rule_id).first()
    if rule is None:
        raise SecurityGroupRuleNotFound(f"Security group rule {rule_id} does not exist")
    return rule


def delete_rule(rule):
    """Delete `rule` (any rule, the default group's included, as Neutron allows)."""
    rule.delete()


def _clean(record):
    try:
        record.full_clean(exclude=["security_group", "remote_group", "instances"])
    except ValidationError as exc:
        raise SecurityGroupInvalid(" ".join(exc.messages)) from None
