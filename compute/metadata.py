"""What users attach to an instance — metadata items, tags, the password its guest posted —
with Nova's limits and the states in which each may change."""
from django.db import transaction
from django.utils import timezone

from compute import conflicts, quotas, states
from compute.models import Instance

MAX_TAGS = 50
MAX_TAG_LENGTH = 60
# vm_states in which metadata and tags may change (Nova's check_instance_state lists)
EDITABLE_STATES = (states.ACTIVE, states.PAUSED, states.SUSPENDED, states.STOPPED)


class InvalidTag(ValueError):
    """A tag that breaks the rules, or one tag too many (HTTP 400)."""


class ItemNotFound(LookupError):
    """No such metadata key or tag on the instance (HTTP 404)."""


def _locked_row(instance):
    return Instance.objects.select_for_update().get(pk=instance.pk)


def _check_state(instance, action, idle=False):
    """InstanceInvalidState unless the vm_state is editable (and, with `idle`, no task runs
    and the instance launched once), phrased as Nova phrases it."""
    checks = [("vm_state", instance.vm_state, instance.vm_state in EDITABLE_STATES)]
    if idle:
        checks += [("task_state", instance.task_state, instance.task_state is None),
                   ("launched_at", instance.launched_at, instance.launched_at is not None)]
    for attr, value, allowed in checks:
        if not allowed:
            raise states.InstanceInvalidState(action, instance.uuid, attr, value)


def _check_metadata_change(instance, action, is_admin):
    conflicts.check_unlocked(instance, is_admin)
    _check_state(instance, action, idle=True)


def _save(instance, **fields):
    Instance.objects.filter(pk=instance.pk).update(updated_at=timezone.now(), **fields)


def _save_tags(instance, tags):
    # Nova keeps tags in their own table: changing them leaves the instance's updated_at.
    Instance.objects.filter(pk=instance.pk).update(tags=tags)


def update_metadata(instance, items, replace=False, is_admin=False):
    """Merge `items` into the metadata, or with `replace` make them the whole of it; the
    result must fit the project's metadata_items quota (quotas.QuotaExceeded). Returns the
    metadata now stored."""
    with transaction.atomic():
        row = _locked_row(instance)
        _check_metadata_change(row, "update metadata", is_admin)
        metadata = dict(items) if replace else {**row.metadata, **items}
        quotas.check_metadata_items(row.project_id, len(metadata))
        _save(row, metadata=metadata)
    return metadata


def delete_metadata_item(instance, key, is_admin=False):
    """Remove one metadata key; ItemNotFound if it is not there."""
    with transaction.atomic():
        row = _locked_row(instance)
        if key not in row.metadata:
            raise ItemNotFound("Metadata item was not found")
        _check_metadata_change(row, "delete metadata", is_admin)
        _save(row, metadata={k: v for k, v in row.metadata.items() if k != key})


def check_tag(tag):
    """InvalidTag unless `tag` is 1..60 characters without '/' or ','."""
    if not isinstance(tag, str) or not 0 < len(tag) <= MAX_TAG_LENGTH or set("/,") & set(tag):
        raise InvalidTag(f"Tag '{tag}' is invalid. It must be a non empty string without "
                         f"characters '/' and ',' and at most {MAX_TAG_LENGTH} characters.")


def set_tags(instance, tags):
    """Replace every tag (duplicates collapse, order kept). Returns the tags stored."""
    for tag in tags:
        check_tag(tag)
    tags = list(dict.fromkeys(tags))
    if len(tags) > MAX_TAGS:
        raise InvalidTag(f"The number of tags exceeded the per-server limit {MAX_TAGS}")
    with transaction.atomic():
        row = _locked_row(instance)
        _check_state(row, "update tags")
        _save_tags(row, tags)
    return tags


def add_tag(instance, tag):
    """Add one tag; True if added, False if the instance already had it."""
    with transaction.atomic():
        row = _locked_row(instance)
        _check_state(row, "update tag")
        check_tag(tag)
        if len(row.tags) >= MAX_TAGS:
            raise InvalidTag(f"The number of tags exceeded the per-server limit {MAX_TAGS}")
        if tag in row.tags:
            return False
        _save_tags(row, [*row.tags, tag])
    return True


def remove_tag(instance, tag):
    """Remove one tag; ItemNotFound if the instance does not have it."""
    with transaction.atomic():
        row = _locked_row(instance)
        _check_state(row, "delete tag")
        if tag not in row.tags:
            raise ItemNotFound(f"Instance {instance.uuid} has no tag '{tag}'")
        _save_tags(row, [t for t in row.tags if t != tag])


def clear_tags(instance):
    """Remove every tag."""
    with transaction.atomic():
        _check_state(_locked_row(instance), "delete tags")
        _save_tags(instance, [])


def clear_password(instance):
    """Forget the encrypted password the guest posted (the guest's password is unchanged)."""
    Instance.objects.filter(pk=instance.pk).update(encrypted_password="")
