"""Host steps of rebuild, soft delete and network re-injection, and the reclaim periodic
(beside compute.tasks, whose loading and recording helpers they share)."""
import contextlib
import logging

from celery import shared_task
from django.conf import settings

from compute import deletes, events, rebuilds, states
from compute.drivers import get_driver
from compute.drivers.base import DomainNotFound
from compute.models import Instance
from compute.tasks import _host, _load, _power_state, _power_step, _spec

log = logging.getLogger(__name__)
Task = states.Task


@shared_task(name="compute.rebuild_destroy_domain")
def rebuild_destroy_domain(uuid, request_id):
    """rebuilding: stop and undefine the domain and remove its directory, old root disk
    included; then rebuild_block_device_mapping. Again: nothing left to remove, no-op."""
    instance = _load(uuid, Task.REBUILDING)
    if instance is None:
        return
    with events.step(uuid, request_id, "compute_rebuild_destroy_domain", _host(instance)):
        try:
            get_driver().destroy(_spec(instance))
        except Exception as exc:
            rebuilds.fail(instance, request_id, exc)
            raise
        states.advance(uuid, Task.REBUILDING, Task.REBUILD_BLOCK_DEVICE_MAPPING)


@shared_task(name="compute.rebuild_spawn_domain")
def rebuild_spawn_domain(uuid, request_id):
    """rebuild_block_device_mapping (the root disk is the only block device) →
    rebuild_spawning: a fresh qcow2 overlay on the new image, the domain defined and started;
    a server rebuilt from stopped is powered off again. Again: spawn converges."""
    instance = _load(uuid, Task.REBUILD_BLOCK_DEVICE_MAPPING) or _load(uuid,
                                                                       Task.REBUILD_SPAWNING)
    if instance is None:
        return
    states.advance(uuid, Task.REBUILD_BLOCK_DEVICE_MAPPING, Task.REBUILD_SPAWNING)
    instance.task_state = Task.REBUILD_SPAWNING
    with events.step(uuid, request_id, "compute_rebuild_spawn_domain", _host(instance)):
        driver, spec = get_driver(), _spec(instance)
        try:
            driver.spawn(spec)
            if instance.vm_state == states.STOPPED:
                driver.power_off(spec, 0)
        except Exception as exc:
            rebuilds.fail(instance, request_id, exc)
            raise


@shared_task(name="compute.mark_rebuilt")
def mark_rebuilt(uuid, request_id):
    """rebuild_spawning → active (stopped when it was), with the power state the hypervisor
    reports. Done already or preempted: no-op."""
    instance = _load(uuid, Task.REBUILD_SPAWNING)
    if instance is None:
        return
    with events.step(uuid, request_id, "compute_mark_rebuilt", _host(instance)):
        states.rebuilt(uuid, _power_state(uuid))
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

    _power_step(uuid, request_id, action, power_off)


@shared_task(name="compute.inject_network_info")
def inject_network_info(uuid, request_id):
    """Re-apply the instance's network configuration on its host (Nova's
    injectNetworkInfo). Pre: the domain exists (DomainNotFound otherwise, the action closes
    as an error). The driver contract has no network call: NICs are part of the domain
    definition spawn gives libvirt, so there is nothing to re-plug here and the step changes
    nothing; it records what it found. Again: the same."""
    instance = (Instance.objects.select_related("host", "image").filter(uuid=uuid)
                .exclude(vm_state=states.DELETED).first())
    if instance is None:
        return
    with events.step(uuid, request_id, "compute_inject_network_info", _host(instance)):
        spec = _spec(instance)
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
