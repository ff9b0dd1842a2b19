"""Deleting with a grace period (Nova's soft delete): with RECLAIM_INSTANCE_INTERVAL > 0 a
delete powers the server off and keeps it (SOFT_DELETED) until it is restored, force-deleted
or reclaimed by the periodic task once the interval has passed."""
import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from compute import conflicts, events, quotas, services, states, workflows
from compute.models import Instance

log = logging.getLogger(__name__)


def soft_delete_enabled():
    return settings.RECLAIM_INSTANCE_INTERVAL > 0


def request_delete(instance, user_id="", request_id=None, is_admin=True):
    """DELETE /servers/{id}: a soft delete while soft delete is on and the server has a host
    and is built (a server that never got placed, or is still building or being rebuilt, is
    deleted at once: it may have no domain to keep); otherwise the real delete. Deleting a
    soft-deleted server soft-deletes it again, as Nova does: its grace period starts over."""
    if (soft_delete_enabled() and instance.host_id is not None
            and instance.vm_state != states.BUILDING
            and instance.task_state not in states.REBUILD_STEPS):
        return soft_delete_instance(instance, user_id, request_id, is_admin)
    return services.delete_instance(instance, user_id=user_id, request_id=request_id,
                                    is_admin=is_admin)


def soft_delete_instance(instance, user_id="", request_id=None, is_admin=True):
    """Power the server off and keep it, domain, disk and claim included: any live state →
    soft-deleting → SOFT_DELETED (a running task is preempted, as delete preempts it)."""
    conflicts.check_unlocked(instance, is_admin)
    request_id = request_id or events.new_request_id()
    with transaction.atomic():
        instance = states.begin_soft_delete(instance)
        events.start_action(instance, "delete", request_id, user_id)
        chain = workflows.power_action(instance, "soft_delete", request_id)
        transaction.on_commit(chain.apply_async)
    return request_id


def restore_instance(instance, user_id="", request_id=None, is_admin=True):
    """Nova's restore: SOFT_DELETED → restoring → ACTIVE, the domain powered on again
    (InstanceInvalidState from any other state). The server counts against the quota again
    (QuotaExceeded when the project has filled it meanwhile)."""
    conflicts.check_unlocked(instance, is_admin)
    request_id = request_id or events.new_request_id()
    with transaction.atomic():
        instance = states.begin_restore(instance)
        quotas.check_instance_quota(instance.project_id, instance.user_id, 1, instance.vcpus,
                                    instance.memory_mb)
        events.start_action(instance, "restore", request_id, user_id)
        chain = workflows.power_action(instance, "restore", request_id)
        transaction.on_commit(chain.apply_async)
    return request_id


def force_delete_instance(instance, user_id="", request_id=None, is_admin=True):
    """Nova's forceDelete: the real delete now, whatever the state (soft-deleted included)."""
    return services.delete_instance(instance, user_id=user_id, request_id=request_id,
                                    is_admin=is_admin)


def reclaim_expired(now=None):
    """Start the real delete of every idle soft-deleted server whose grace period
    (RECLAIM_INSTANCE_INTERVAL seconds since its delete) is over. Each is claimed by a
    compare-and-swap, so a restore racing the reclaim wins or loses cleanly. Returns uuids."""
    if not soft_delete_enabled():
        return []
    cutoff = (now or timezone.now()) - timedelta(seconds=settings.RECLAIM_INSTANCE_INTERVAL)
    due = Instance.objects.select_related("host").filter(
        vm_state=states.SOFT_DELETED, task_state__isnull=True, deleted_at__lt=cutoff)
    reclaimed = []
    for instance in due:
        request_id = events.new_request_id()
        with transaction.atomic():
            if not states.begin_reclaim(instance.uuid, cutoff):
                continue
            events.start_action(instance, "delete", request_id,
                                message="reclaimed after the soft-delete grace period")
            chain = workflows.delete(instance, request_id)
            transaction.on_commit(chain.apply_async)
        reclaimed.append(instance.uuid)
    log.info("reclaimed %d soft-deleted instances", len(reclaimed))
    return reclaimed
