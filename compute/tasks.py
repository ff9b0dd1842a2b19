"""Host steps (one driver call each) and the bookkeeping steps of compute chains."""
import logging

from celery import shared_task
from django.conf import settings

from compute import (
    consoles,
    events,
    failures,
    host_state,
    image_data,
    snapshots,
    states,
    steps,
    workflows,
)
from compute.drivers import get_driver
from compute.models import Host, Instance
from networking import instance_ports
from scheduler import build_failures, claims

log = logging.getLogger(__name__)


@shared_task(name="compute.spawn_domain")
def spawn_domain(uuid, request_id):
    """Create disk and domain and start it. Idempotent: the driver converges."""
    instance = steps.load(uuid, states.Task.SPAWNING)
    if instance is None:
        return
    with steps.host_step(uuid, request_id, "compute_spawn_domain", instance, _spawn_failed):
        get_driver().spawn(steps.spec(instance))


def _spawn_failed(instance, request_id, exc):
    _cleanup(instance)
    failures.reschedule_or_fail(instance, request_id, exc)


def _cleanup(instance):
    try:
        get_driver().destroy(steps.spec(instance))
    except Exception:  # the failure being handled matters more; the audit finds leftovers
        log.exception("cleanup of %s failed", instance.uuid)


@shared_task(name="compute.mark_active")
def mark_active(uuid, request_id):
    """spawning → active with the power state the hypervisor reports."""
    instance = Instance.objects.select_related("host", "image").get(uuid=uuid)
    if instance.task_state != states.Task.SPAWNING:
        if instance.task_state == states.Task.DELETING or instance.vm_state == states.DELETED:
            _cleanup(instance)  # deleted mid-build: leave no orphan domain
        return
    with events.step(uuid, request_id, "compute_mark_active", steps.host_name(instance)):
        if states.built(uuid, steps.power_state(uuid)):
            build_failures.record_success(instance.host_id)
            instance_ports.bind(uuid, steps.host_name(instance))
        events.finish_action(uuid, request_id)


@shared_task(name="compute.power_off_domain")
def power_off_domain(uuid, request_id, action="stop"):
    """Clean shutdown with a timeout, then power off. Already off: no-op."""
    timeout = settings.COMPUTE_DRIVER_OPTIONS["soft_shutdown_timeout"]
    steps.power_step(uuid, request_id, action, lambda d, s: d.power_off(s, timeout))


@shared_task(name="compute.power_on_domain")
def power_on_domain(uuid, request_id, action="start"):
    """Start the stopped domain. Already running: no-op."""
    steps.power_step(uuid, request_id, action, lambda d, s: d.power_on(s))


@shared_task(name="compute.reboot_domain")
def reboot_domain(uuid, request_id, action="reboot"):
    """Soft (guest shutdown, then start) or hard (power cycle); ends running either way."""
    hard = action == "reboot_hard"
    steps.power_step(uuid, request_id, action, lambda d, s: d.reboot(s, hard=hard))


@shared_task(name="compute.pause_domain")
def pause_domain(uuid, request_id, action="pause"):
    """Freeze vCPUs. Already paused: no-op."""
    steps.power_step(uuid, request_id, action, lambda d, s: d.pause(s))


@shared_task(name="compute.unpause_domain")
def unpause_domain(uuid, request_id, action="unpause"):
    """Thaw vCPUs. Already running: no-op."""
    steps.power_step(uuid, request_id, action, lambda d, s: d.unpause(s))


@shared_task(name="compute.suspend_domain")
def suspend_domain(uuid, request_id, action="suspend"):
    """Managed save. Already saved: no-op."""
    steps.power_step(uuid, request_id, action, lambda d, s: d.suspend(s))


@shared_task(name="compute.resume_domain")
def resume_domain(uuid, request_id, action="resume"):
    """Restore from managed save. Already running: no-op."""
    steps.power_step(uuid, request_id, action, lambda d, s: d.resume(s))


@shared_task(name="compute.complete_action")
def complete_action(uuid, request_id, action):
    """Leave the transitional task_state with the power state the hypervisor reports."""
    instance = steps.load(uuid, states.ACTIONS[action].task_state)
    if instance is None:
        return
    with events.step(uuid, request_id, "compute_complete_action", steps.host_name(instance)):
        states.finish(uuid, action, steps.power_state(uuid))
        events.finish_action(uuid, request_id)


@shared_task(name="compute.destroy_domain")
def destroy_domain(uuid, request_id):
    """Stop and undefine the domain, remove its files. Absent: no-op."""
    instance = steps.load(uuid, states.Task.DELETING)
    if instance is None:
        return
    fail = failures.fail_delete
    with steps.host_step(uuid, request_id, "compute_destroy_domain", instance, fail):
        get_driver().destroy(steps.spec(instance))


@shared_task(name="compute.release_resources")
def release_resources(uuid, request_id):
    """Give the host's capacity back (exactly once, whoever else tries) and the instance's
    ports (deleted, or unbound when the user brought them; again: none left)."""
    instance = steps.load(uuid, states.Task.DELETING)
    if instance is None:
        return
    with events.step(uuid, request_id, "compute_release_resources", steps.host_name(instance)):
        claims.release(instance)
        instance_ports.deallocate(uuid)


@shared_task(name="compute.mark_deleted")
def mark_deleted(uuid, request_id):
    """deleting → deleted."""
    instance = steps.load(uuid, states.Task.DELETING)
    if instance is None:
        return
    with events.step(uuid, request_id, "compute_mark_deleted", steps.host_name(instance)):
        states.deleted(uuid)
        events.finish_action(uuid, request_id)


@shared_task(name="compute.snapshot_domain")
def snapshot_domain(uuid, request_id, image_id, action="snapshot"):
    """Copy the root disk, flattened, to the image's staging file (the image is saving
    meanwhile); `action` is snapshot or backup. Again: the copy is rewritten. Instance moved
    on: the image is dropped; image deleted meanwhile: nothing is copied."""
    instance = steps.load(uuid, states.ACTIONS[action].task_state)
    if instance is None:
        snapshots.abandon(image_id)
        return
    with events.step(uuid, request_id, f"compute_{action}_domain", steps.host_name(instance)):
        if not image_data.begin_saving(image_id):
            return
        try:
            get_driver().snapshot(steps.spec(instance), image_data.staging_path(image_id))
        except Exception as exc:
            snapshots.fail(uuid, request_id, image_id, exc, action)
            raise


@shared_task(name="compute.mark_image_active")
def mark_image_active(uuid, request_id, image_id, action="snapshot"):
    """Hash the staged copy and make it the image's data: saving → active. Done already or
    image deleted meanwhile: no-op."""
    instance = steps.load(uuid, states.ACTIONS[action].task_state)
    with events.step(uuid, request_id, "compute_mark_image_active",
                     steps.host_name(instance) if instance else ""):
        try:
            image_data.activate_staged(image_id)
        except Exception as exc:
            snapshots.fail(uuid, request_id, image_id, exc, action)
            raise


@shared_task(name="compute.rotate_backups")
def rotate_backups(uuid, request_id, backup_type, rotation):
    """Delete the backups of `backup_type` beyond the newest `rotation`. Idempotent."""
    instance = steps.load(uuid, states.Task.IMAGE_BACKUP)
    if instance is None:
        return
    with events.step(uuid, request_id, "compute_rotate_backups", steps.host_name(instance)):
        snapshots.rotate_backups(uuid, backup_type, rotation)


# --- periodic ---------------------------------------------------------------------------------
@shared_task(name="compute.report_host")
def report_host(host_name):
    """Heartbeat: refresh this host's capacity and last_heartbeat."""
    host_state.report(host_name)


@shared_task(name="compute.sync_power_states")
def sync_power_states(host_name):
    """Reflect power changes made outside the cloud; note domains the DB doesn't know."""
    return host_state.sync_power_states(host_name)


@shared_task(name="compute.capture_console")
def capture_console(uuid):
    """Store the tail of the instance's console log (compute.consoles.capture). Gone or
    deleted: no-op."""
    instance = steps.load_live(uuid)
    if instance is not None:
        consoles.capture(instance)


@shared_task(name="compute.dispatch_host_periodics")
def dispatch_host_periodics(task_name="compute.report_host"):
    """Send a periodic step to every registered host's own queue."""
    expires = settings.HEARTBEAT_INTERVAL
    for host in Host.objects.all():
        workflows.host_periodic(task_name, host, expires).apply_async()


@shared_task(name="compute.expire_stuck_tasks")
def expire_stuck_tasks():
    """Fail instances whose task_state outlived its deadline, naming the state."""
    return host_state.expire_stuck_tasks()

