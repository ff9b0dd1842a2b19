"""The chains behind every operation; the only module that knows queue names.
Tasks are referenced by their permanent names, so this module imports no task code."""
from celery import chain, signature

SCHEDULER_QUEUE = "scheduler"
DEFAULT_QUEUE = "default"

# The host step of each power action (compute.states.ACTIONS).
POWER_STEPS = {
    "stop": "compute.power_off_domain",
    "start": "compute.power_on_domain",
    "reboot": "compute.reboot_domain",
    "reboot_hard": "compute.reboot_domain",
    "pause": "compute.pause_domain",
    "unpause": "compute.unpause_domain",
    "suspend": "compute.suspend_domain",
    "resume": "compute.resume_domain",
    "soft_delete": "compute.soft_delete_domain",
    "restore": "compute.power_on_domain",
}


def host_queue(host_name):
    return f"host.{host_name}"


def _step(name, queue, *args):
    return signature(name, args=args, immutable=True, queue=queue)


def boot(uuid, request_id):
    """Boot starts on the scheduler, which continues with `host_boot` on the chosen host."""
    return _step("scheduler.schedule_instance", SCHEDULER_QUEUE, uuid, request_id)


def host_boot(uuid, host_name, request_id):
    """spawn → mark_active, on the host's own queue."""
    queue = host_queue(host_name)
    return chain(_step("compute.spawn_domain", queue, uuid, request_id),
                 _step("compute.mark_active", queue, uuid, request_id))


def power_action(instance, action, request_id):
    """The host step of `action`, then the step that records the resulting state."""
    queue = host_queue(instance.host.name)
    return chain(_step(POWER_STEPS[action], queue, instance.uuid, request_id, action),
                 _step("compute.complete_action", queue, instance.uuid, request_id, action))


def snapshot(instance, image_id, request_id):
    """Copy the disk into the image on the instance's host, activate it, leave image_snapshot."""
    queue = host_queue(instance.host.name)
    return chain(_step("compute.snapshot_domain", queue, instance.uuid, request_id, image_id),
                 _step("compute.mark_image_active", queue, instance.uuid, request_id, image_id),
                 _step("compute.complete_action", queue, instance.uuid, request_id, "snapshot"))


def backup(instance, image_id, request_id, backup_type, rotation):
    """A snapshot under image_backup, then the rotation of the older backups, on the host."""
    queue, uuid = host_queue(instance.host.name), instance.uuid
    return chain(_step("compute.snapshot_domain", queue, uuid, request_id, image_id, "backup"),
                 _step("compute.mark_image_active", queue, uuid, request_id, image_id,
                       "backup"),
                 _step("compute.rotate_backups", queue, uuid, request_id, backup_type,
                       rotation),
                 _step("compute.complete_action", queue, uuid, request_id, "backup"))


def rebuild(instance, request_id):
    """On the instance's host: destroy the domain and its disk, spawn again from the new
    image, record the result (rebuilding → rebuild_block_device_mapping → rebuild_spawning)."""
    queue = host_queue(instance.host.name)
    return chain(_step("compute.rebuild_destroy_domain", queue, instance.uuid, request_id),
                 _step("compute.rebuild_spawn_domain", queue, instance.uuid, request_id),
                 _step("compute.mark_rebuilt", queue, instance.uuid, request_id))


def inject_network_info(instance, request_id):
    """Re-apply the instance's network configuration on its host."""
    return _step("compute.inject_network_info", host_queue(instance.host.name),
                 instance.uuid, request_id)


def delete(instance, request_id):
    """destroy → release → mark_deleted; without a host there is nothing to destroy."""
    if instance.host is None:
        return chain(_step("compute.release_resources", DEFAULT_QUEUE, instance.uuid,
                           request_id),
                     _step("compute.mark_deleted", DEFAULT_QUEUE, instance.uuid, request_id))
    queue = host_queue(instance.host.name)
    return chain(_step("compute.destroy_domain", queue, instance.uuid, request_id),
                 _step("compute.release_resources", queue, instance.uuid, request_id),
                 _step("compute.mark_deleted", queue, instance.uuid, request_id))


def capture_console(uuid, host_name, expires=300):
    """Refresh an instance's console tail on its host; dropped if the host is away long."""
    return signature("compute.capture_console", args=(uuid,), immutable=True,
                     queue=host_queue(host_name), expires=expires)


def host_periodic(task_name, host, expires):
    """A periodic step for one host, dropped if the host does not consume it in time."""
    return signature(task_name, args=(host.name,), queue=host_queue(host.name),
                     expires=expires)
