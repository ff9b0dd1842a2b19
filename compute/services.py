"""User intents on instances: validate, write the row and its action, enqueue on commit."""
import logging
import uuid as uuidlib

from django.db import transaction
from django.utils import timezone

from compute import conflicts, events, hostnames, image_properties, quotas, states, workflows
from compute.models import Flavor, Image, Instance
from networking import instance_ports
from scheduler import hints

log = logging.getLogger(__name__)


class InvalidRequest(Exception):
    """The request cannot be honoured as asked (HTTP 400)."""


class NotFound(Exception):
    """A referenced object does not exist (HTTP 404)."""


def _enqueue(signature):
    transaction.on_commit(lambda: signature.apply_async())


def _check_bootable(flavor, image):
    if flavor.disabled:
        raise InvalidRequest(f"Flavor {flavor.flavorid} is disabled.")
    check_image_fits(image, flavor.memory_mb, flavor.root_gb)


def check_image_fits(image, memory_mb, root_gb):
    """Refuse (InvalidRequest) an image that is not active or that the sizes cannot hold:
    its min_ram above `memory_mb`, its min_disk or size above a non-zero `root_gb`."""
    if image.status != "active":
        raise InvalidRequest(f"Image {image.id} is not active.")
    if image.min_ram and memory_mb < image.min_ram:
        raise InvalidRequest("Flavor's memory is too small for requested image.")
    image_gb = ((image.virtual_size or image.size or 0) + 2**30 - 1) // 2**30
    if root_gb and root_gb < max(image.min_disk, image_gb):
        raise InvalidRequest("Flavor's disk is too small for requested image.")


def disk_config_for(image, requested=None):
    """OS-DCF:diskConfig for an instance of `image`: 'AUTO' is refused (InvalidRequest) when
    the image's auto_disk_config is 'disabled'; none requested: AUTO if the image says true,
    else MANUAL (Nova). AUTO is recorded and shown; the driver does not grow the guest's
    file system (as Nova's libvirt driver where it cannot, e.g. on partitioned images)."""
    raw = str((image.properties or {}).get("auto_disk_config", "")).strip().lower()
    if requested == "AUTO" and raw == "disabled":
        raise InvalidRequest(f"Requested image {image.id} has automatic disk resize disabled.")
    if requested is None:
        return "AUTO" if raw in ("1", "t", "true", "on", "y", "yes") else "MANUAL"
    return requested


def create_instance(*, name, flavor, image, project_id, user_id, availability_zone="",
                    metadata=None, key_name="", key_data="", user_data="", description="",
                    request_id=None, count=1, scheduler_hints=None, nics=(), **fields):
    """Boot `count` instances of `flavor` from `image`: rows in BUILD/scheduling with a
    'create' action each; the boot chains start once the transaction commits. `fields` are
    further Instance fields taken as given (access IPs, config_drive, disk_config, ...).
    `scheduler_hints` (Nova's os:scheduler_hints: group, same_host, different_host) are
    checked, then kept for every scheduling attempt. `nics` (checked NicRequests) become each
    instance's ports in the same transaction. A `hostname` field names one instance's guest
    (several would clash: 400); without one each gets Nova's from `name`."""
    if isinstance(flavor, str):
        flavor = _get(Flavor, flavorid=flavor)
    if isinstance(image, str):
        image = _get(Image, id=image)
    _check_bootable(flavor, image)
    fields["disk_config"] = disk_config_for(image, fields.get("disk_config"))
    hostname = _check_count(count, fields.pop("hostname", ""))
    checked_hints, group = _checked_hints(scheduler_hints, project_id)
    request_id = request_id or events.new_request_id()
    created = []
    with transaction.atomic():
        quotas.check_instance_quota(project_id, user_id, count, flavor.vcpus, flavor.memory_mb)
        quotas.check_metadata_items(project_id, len(metadata or {}))
        quotas.check_server_group_members(group, user_id, count)
        for index in range(count):
            uuid = str(uuidlib.uuid4())
            instance = Instance.objects.create(
                uuid=uuid, hostname=hostname or hostnames.default(name, uuid, count, index),
                image_properties=image_properties.kept_from(image),
                display_name=name if count == 1 else f"{name}-{index + 1}",
                description=description, project_id=project_id, user_id=user_id,
                image=image, image_ref=image.id, flavor=flavor,
                instance_type_name=flavor.name, vcpus=flavor.vcpus,
                memory_mb=flavor.memory_mb, root_gb=flavor.root_gb,
                ephemeral_gb=flavor.ephemeral_gb, swap=flavor.swap,
                flavor_extra_specs=flavor.extra_specs,
                requested_availability_zone=availability_zone,
                metadata=metadata or {}, key_name=key_name, key_data=key_data,
                user_data=user_data, launch_index=index, reservation_id=request_id,
                vm_state=states.BUILDING, task_state=states.Task.SCHEDULING,
                task_state_updated_at=timezone.now(), **fields)
            hints.record(instance, checked_hints, group)
            instance_ports.allocate(instance, nics)
            events.start_action(instance, "create", request_id, user_id, project_id)
            _enqueue(workflows.boot(instance.uuid, request_id))
            created.append(instance)
    return created


def _check_count(count, hostname):
    """`hostname` if `count` instances may be booted with it, else InvalidRequest."""
    if count < 1:
        raise InvalidRequest("count must be at least 1")
    if hostname and count > 1:
        raise InvalidRequest("Unable to allocate a single hostname to multiple instances")
    return hostname


def _checked_hints(scheduler_hints, project_id):
    try:
        return hints.validate(scheduler_hints, project_id)
    except hints.InvalidHints as exc:
        raise InvalidRequest(str(exc)) from None


def _get(model, **lookup):
    try:
        return model.objects.get(**lookup)
    except model.DoesNotExist:
        value = next(iter(lookup.values()))
        raise NotFound(f"{model.__name__} {value} could not be found.") from None


def get_instance(uuid):
    """The live (not deleted) instance with this uuid, or NotFound."""
    try:
        return Instance.objects.exclude(vm_state=states.DELETED).get(uuid=uuid)
    except Instance.DoesNotExist:
        raise NotFound(f"Instance {uuid} could not be found.") from None


def _run_action(instance, action_name, api_action, user_id="", request_id=None,
                is_admin=True):
    """Common path of every power action: lock check, compare-and-swap, record, enqueue."""
    conflicts.check_unlocked(instance, is_admin)
    if instance.vm_state != states.BUILDING:
        conflicts.check_placed(instance)  # e.g. ERROR because it never got placed
    request_id = request_id or events.new_request_id()
    with transaction.atomic():
        instance = states.begin(instance, action_name)
        events.start_action(instance, api_action, request_id, user_id)
        _enqueue(workflows.power_action(instance, action_name, request_id))
    return request_id


def stop_instance(instance, **kw):
    """Power the instance off (os-stop): active or error → stopped."""
    return _run_action(instance, "stop", "stop", **kw)


def start_instance(instance, **kw):
    """Power the instance on (os-start): stopped → active."""
    return _run_action(instance, "start", "start", **kw)


def reboot_instance(instance, hard=False, **kw):
    """Reboot: SOFT asks the guest, HARD power-cycles (also from stopped/paused/error)."""
    return _run_action(instance, "reboot_hard" if hard else "reboot", "reboot", **kw)


def pause_instance(instance, **kw):
    """Freeze the guest in memory."""
    return _run_action(instance, "pause", "pause", **kw)


def unpause_instance(instance, **kw):
    """Thaw a paused guest."""
    return _run_action(instance, "unpause", "unpause", **kw)


def suspend_instance(instance, **kw):
    """Save the guest's memory to disk and stop it."""
    return _run_action(instance, "suspend", "suspend", **kw)


def resume_instance(instance, **kw):
    """Restore a suspended guest."""
    return _run_action(instance, "resume", "resume", **kw)


def delete_instance(instance, user_id="", request_id=None, is_admin=True):
    """Delete from any state, preempting whatever task runs; the host cleans up."""
    conflicts.check_unlocked(instance, is_admin)
    if instance.vm_state == states.DELETED:
        raise NotFound(f"Instance {instance.uuid} could not be found.")
    request_id = request_id or events.new_request_id()
    with transaction.atomic():
        instance = states.begin_delete(instance)
        events.start_action(instance, "delete", request_id, user_id)
        _enqueue(workflows.delete(instance, request_id))
    return request_id


def reset_state(instance, vm_state, user_id="", request_id=None):
    """Admin escape hatch (os-resetState): set active or error, clear the task."""
    if vm_state not in (states.ACTIVE, states.ERROR):
        raise InvalidRequest("state must be 'active' or 'error'")
    request_id = request_id or events.new_request_id()
    with transaction.atomic():
        if not states.reset(instance.uuid, vm_state):
            raise NotFound(f"Instance {instance.uuid} could not be found.")
        events.start_action(instance, "resetState", request_id, user_id,
                            message=f"reset to {vm_state} from {instance.vm_state}/"
                                    f"{instance.task_state}")
        events.finish_action(instance.uuid, request_id)
    return request_id


def generate_password(length=12):
    """A random admin password, as Nova returns in adminPass."""
    import secrets
    import string

    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(length))


def update_instance(instance, **changes):
    """Change user-editable fields (name, description, access IPs, disk config, metadata,
    guest hostname) without touching state fields a task may be writing."""
    allowed = {"display_name", "description", "access_ip_v4", "access_ip_v6", "disk_config",
               "metadata", "hostname"}
    unknown = set(changes) - allowed
    if unknown:
        raise InvalidRequest(f"cannot update {', '.join(sorted(unknown))}")
    if changes:
        Instance.objects.filter(pk=instance.pk).exclude(vm_state=states.DELETED).update(
            updated_at=timezone.now(), **changes)


def lock_instance(instance, reason="", user_id="", request_id=None):
    """Lock: non-admins can no longer act on the instance."""
    _record_instant(instance, "lock", user_id, request_id)
    Instance.objects.filter(pk=instance.pk).update(locked=True, locked_reason=reason or "")


def unlock_instance(instance, user_id="", request_id=None):
    """Unlock."""
    _record_instant(instance, "unlock", user_id, request_id)
    Instance.objects.filter(pk=instance.pk).update(locked=False, locked_reason="")


def _record_instant(instance, action, user_id, request_id):
    request_id = request_id or events.new_request_id()
    events.start_action(instance, action, request_id, user_id)
    events.finish_action(instance.uuid, request_id)
