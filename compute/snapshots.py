"""Snapshots of instances (Nova's createImage) and backups (createBackup: a snapshot typed
'backup', then the oldest backups of that type beyond the rotation are deleted)."""
import logging

from django.db import transaction

from compute import conflicts, events, images, states, workflows
from compute.models import Image

log = logging.getLogger(__name__)

# Base image properties a snapshot does not inherit (Nova's NON_INHERITABLE_IMAGE_PROPERTIES
# plus what each snapshot sets for itself).
NOT_INHERITED = {"cache_in_nova", "bittorrent", "instance_uuid", "image_type", "user_id",
                 "base_image_ref", "instance_owner", "image_location", "image_state"}
NOT_INHERITED_PREFIXES = ("img_signature", "os_glance")


def _inherited(base):
    properties = base.properties if base is not None else {}
    return {k: v for k, v in properties.items()
            if k not in NOT_INHERITED and not k.startswith(NOT_INHERITED_PREFIXES)}


def _image_fields(instance, name, metadata, user_id, project_id, image_type):
    """A snapshot is private to the caller's project; an admin snapshotting another project's
    instance gets a 'shared' image naming that project, as Nova does."""
    base = instance.image
    properties = _inherited(base)
    properties.update(instance_uuid=instance.uuid, user_id=user_id, image_type=image_type,
                      base_image_ref=instance.image_ref)
    visibility = "private"
    if project_id != instance.project_id:
        visibility = "shared"
        properties["instance_owner"] = instance.project_id
    properties.update(metadata or {})  # the caller's metadata wins, image_type included
    return {"name": name, "status": "queued", "owner": project_id, "visibility": visibility,
            "disk_format": "qcow2", "container_format": "bare", "properties": properties,
            "min_ram": base.min_ram if base else 0,
            "min_disk": max(base.min_disk if base else 0, instance.root_gb),
            "kernel_id": base.kernel_id if base else "",
            "ramdisk_id": base.ramdisk_id if base else ""}


def snapshot_instance(instance, name, metadata=None, *, user_id, project_id, request_id=None):
    """Start a snapshot of the root disk into a new image: the instance enters image_snapshot
    (allowed from active, stopped, paused and suspended; the loser of a race gets
    InstanceInvalidState), the image is queued; the host copies the disk, the image becomes
    active and the instance keeps its vm_state. Returns the image."""
    image, chain = _start(instance, "snapshot", name, metadata, user_id, project_id,
                          request_id, image_type="snapshot")
    transaction.on_commit(chain.apply_async)
    return image


def backup_instance(instance, name, backup_type, rotation, metadata=None, *, user_id,
                    project_id, request_id=None):
    """Start a backup: a snapshot (image_backup) whose image is typed 'backup' with its
    `backup_type`; once it is active, the instance's backups of that type beyond the newest
    `rotation` are deleted (rotation 0: the new one too, as Nova). Returns the image."""
    metadata = {**(metadata or {}), "backup_type": backup_type}
    image, chain = _start(instance, "backup", name, metadata, user_id, project_id, request_id,
                          image_type="backup", rotation=(backup_type, rotation))
    transaction.on_commit(chain.apply_async)
    return image


def _start(instance, action, name, metadata, user_id, project_id, request_id, *, image_type,
           rotation=None):
    conflicts.check_placed(instance)
    request_id = request_id or events.new_request_id()
    with transaction.atomic():
        instance = states.begin(instance, action)
        image = Image.objects.create(**_image_fields(instance, name, metadata, user_id,
                                                     project_id, image_type))
        events.start_action(instance, states.API_NAMES[action], request_id, user_id,
                            project_id)
        if rotation is None:
            chain = workflows.snapshot(instance, image.id, request_id)
        else:
            chain = workflows.backup(instance, image.id, request_id, *rotation)
    return image, chain


def rotate_backups(uuid, backup_type, rotation):
    """Delete the instance's backups of `backup_type` (any status but deleted) beyond the newest
    `rotation` (Nova's _rotate_backups); protected images stay, as Glance refuses them.
    Again: nothing more to delete. Returns the ids deleted."""
    backups = [image for image in Image.objects.exclude(status=images.DELETED)
               .filter(properties__instance_uuid=uuid).order_by("-created_at", "-pk")
               if image.properties.get("image_type") == "backup"
               and image.properties.get("backup_type") == backup_type]
    excess = [image for image in backups[rotation:] if not image.protected]
    for image in excess:
        log.info("backup %s of %s rotated out (%s, keep %d)", image.id, uuid, backup_type,
                 rotation)
        images.discard(image.id)
    return [image.id for image in excess]


def abandon(image_id):
    """The instance went away (deleted, reset) before its disk was copied: drop the image."""
    log.info("snapshot image %s abandoned: its instance moved on", image_id)
    images.discard(image_id)


def fail(uuid, request_id, image_id, exc, action="snapshot"):
    """A step failed: the image is deleted and the instance keeps its state (Nova)."""
    log.warning("%s of %s into image %s failed: %s", action, uuid, image_id, exc)
    images.discard(image_id)
    states.revert(uuid, action)
    events.finish_action(uuid, request_id, message="Error")
