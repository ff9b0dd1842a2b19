"""Host steps of rebuild, soft delete and network re-injection, and the reclaim periodic
(beside compute.tasks; both build on compute.steps)."""
import contextlib
import logging

from celery import shared_task
from django.conf import settings

from compute import deletes, events, rebuilds, states, steps
from compute.drivers import get_driver
from compute.drivers.base import DomainNotFound

log = logging.getLogger(__name__)
Task = states.Task


@shared_task(name="compute.rebuild_destroy_domain")
def rebuild_destroy_domain(uuid, request_id):
    """rebuilding: stop and undefine the domain and remove its directory, old root disk
    included; then rebuild_block_device_mapping. Again: nothing left to remove, no-op."""
    instance = steps.load(uuid, Task.REBUILDING)
    if instance is None:
        return
    event = "compute_rebuild_destroy_domain"
    with steps.host_step(uuid, request_id, event, instance, rebuilds.fail):
        get_driver().destroy(steps.spec(instance))
    states.advance(uuid, Task.REBUILDING, Task.REBUILD_BLOCK_DEVICE_MAPPING)


@shared_task(name="compute.rebuild_spawn_domain")
def rebuild_spawn_domain(uuid, request_id):
    """rebuild_block_device_mapping (the root disk is the only block device) →
    rebuild_spawning: a fresh qcow2 overlay on the new image, the domain defined and started;
    a server rebuilt from stopped is powered off again. Again: spawn converges."""
    instance = (steps.load(uuid, Task.REBUILD_BLOCK_DEVICE_MAPPING)
                or steps.load(uuid, Task.REBUILD_SPAWNING))
    if instance is None:
        return
    states.advance(uuid, Task.REBUILD_BLOCK_DEVICE_MAPPING, Task.REBUILD_SPAWNING)
    instance.task_state = Task.REBUILD_SPAWNING
    event = "compute_rebuild_spawn_domain"
    with steps.host_step(uuid, request_id, event, instance, rebuilds.fail):
        driver, spec = get_driver(), steps.spec(instance)
        driver.spawn(spec)
        if instance.vm_state == states.STOPPED:
            driver.power_off(spec, 0)


@shared_task(name="compute.mark_rebuilt")
def mark_rebuilt(uuid, request_id):
    """rebuild_spawning → active (stopped when it was), with the power state the hypervisor
    reports. Done already or preempted: no-op."""
    instance = steps.load(uuid, Task.REBUILD_SPAWNING)
    if instance is None:
        return
    with events.step(uuid, request_id, "compute_mark_rebuilt", steps.host_name(instance)):
        states.rebuilt(uuid, steps.power_state(uuid))
        events.finish_action(uuid, request_id)


@shared_task(name="compute.soft_delete_domain")
def soft_delete_domain(uuid, request_id, action="soft_delete"):
    """Power the domain off for a soft delete (clean shutdown first, as stop does); domain,
    disk and claim stay. Off already: no-op; no domain at all (a broken server): nothing to
    power off, so the soft delete still completes."""
    timeout = settings.COMPUTE_DRIVER_OPTIONS["soft_shutdown_timeout"]

    def power_off(driver, spec):
        with contextlib.suppress(DomainNotFound):
            driver.power_off(spec, timeout)

    steps.power_step(uuid, request_id, action, power_off)


@shared_task(name="compute.inject_network_info")
def inject_network_info(uuid, request_id):
    """Re-apply the instance's network configuration on its host (Nova's
    injectNetworkInfo). Pre: the domain exists (DomainNotFound otherwise, the action closes
    as an error). The driver contract has no network call: NICs are part of the domain
    definition spawn gives libvirt, so there is nothing to re-plug here and the step changes
    nothing; it records what it found. Again: the same."""
    instance = steps.load_live(uuid)
    if instance is None:
        return
    event = "compute_inject_network_info"
    with events.step(uuid, request_id, event, steps.host_name(instance)):
        spec = steps.spec(instance)
        if spec.uuid not in {d.uuid for d in get_driver().list_domains()}:
            events.finish_action(uuid, request_id, message="Error")
            raise DomainNotFound(f"no domain for instance {uuid}")
        log.info("instance %s: domain present with %d NICs; nothing re-plugged", uuid,
                 len(spec.nics))
        events.finish_action(uuid, request_id)


@shared_task(name="compute.reclaim_soft_deleted")
def reclaim_soft_deleted():
    """Start the real delete of soft-deleted servers past RECLAIM_INSTANCE_INTERVAL."""
    return deletes.reclaim_expired()
