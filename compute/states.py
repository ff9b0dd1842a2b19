"""Instance states: the actions (allowed sources, transitional task_state, result) and the
compare-and-swap transitions that are the only writers of vm/task/power state. The state
names and the status table (compute.statuses) and the 409s (compute.conflicts) are
re-exported here."""
from dataclasses import dataclass

from django.utils import timezone

from compute.conflicts import (  # noqa: F401 (re-exported: callers name states.InstanceLocked...)
    API_NAMES,
    InstanceConflict,
    InstanceInvalidState,
    InstanceLocked,
    InstanceNotReady,
)
from compute.specs import PowerState
from compute.statuses import (  # noqa: F401 (re-exported: callers name states.ACTIVE, ...)
    ACTIVE,
    BUILDING,
    DELETED,
    ERROR,
    PAUSED,
    POWER_STATE_NAMES,
    RESCUED,
    RESIZED,
    SHELVED,
    SHELVED_OFFLOADED,
    SOFT_DELETED,
    STATUS_MAP,
    STOPPED,
    SUSPENDED,
    VM_STATES,
    Task,
    states_from_status,
    status_from_state,
)


# --- Actions: allowed sources, transitional task_state, result ------------------------------
@dataclass(frozen=True)
class Action:
    """One lifecycle operation: where it may start, what it shows meanwhile, where it ends."""

    name: str
    allowed: tuple[str, ...]
    task_state: str
    result: str | None  # vm_state on success; None keeps the current one
    power_state: PowerState | None = None


ACTIONS = {a.name: a for a in (
    Action("stop", (ACTIVE, ERROR), Task.POWERING_OFF, STOPPED, PowerState.SHUTDOWN),
    Action("start", (STOPPED,), Task.POWERING_ON, ACTIVE, PowerState.RUNNING),
    Action("reboot", (ACTIVE,), Task.REBOOTING, ACTIVE, PowerState.RUNNING),
    Action("reboot_hard", (ACTIVE, STOPPED, PAUSED, SUSPENDED, ERROR), Task.REBOOTING_HARD,
           ACTIVE, PowerState.RUNNING),
    Action("pause", (ACTIVE,), Task.PAUSING, PAUSED, PowerState.PAUSED),
    Action("unpause", (PAUSED,), Task.UNPAUSING, ACTIVE, PowerState.RUNNING),
    Action("suspend", (ACTIVE,), Task.SUSPENDING, SUSPENDED, PowerState.SUSPENDED),
    Action("resume", (SUSPENDED,), Task.RESUMING, ACTIVE, PowerState.RUNNING),
    Action("snapshot", (ACTIVE, STOPPED, PAUSED, SUSPENDED), Task.IMAGE_SNAPSHOT, None),
    Action("backup", (ACTIVE, STOPPED, PAUSED, SUSPENDED), Task.IMAGE_BACKUP, None),
    # rebuild ends through rebuilt(): a stopped server comes back stopped, others active.
    Action("rebuild", (ACTIVE, STOPPED, ERROR), Task.REBUILDING, None),
    # soft_delete starts through begin_soft_delete() (any live state), ends like an action.
    Action("soft_delete", (), Task.SOFT_DELETING, SOFT_DELETED, PowerState.SHUTDOWN),
    Action("restore", (SOFT_DELETED,), Task.RESTORING, ACTIVE, PowerState.RUNNING),
)}


def _instances():
    from compute.models import Instance

    return Instance.objects


def _now():
    return timezone.now()


def begin(instance, action_name):
    """Compare-and-swap into the action's transitional task_state, or raise
    InstanceInvalidState with Nova's message. Returns the instance refreshed."""
    action = ACTIONS[action_name]
    updated = _instances().filter(
        pk=instance.pk, task_state__isnull=True, vm_state__in=action.allowed,
    ).update(task_state=action.task_state, task_state_updated_at=_now(), updated_at=_now())
    instance.refresh_from_db()
    if not updated:
        if instance.task_state is not None:
            raise InstanceInvalidState(action_name, instance.uuid, "task_state",
                                       instance.task_state)
        raise InstanceInvalidState(action_name, instance.uuid, "vm_state", instance.vm_state)
    return instance


def finish(uuid, action_name, power_state=None):
    """Leave the action's task_state for its resulting vm_state. False when the instance
    moved on meanwhile (deleted, reset): the caller then stands down."""
    action = ACTIONS[action_name]
    values = {"task_state": None, "task_state_updated_at": None, "updated_at": _now()}
    if action.result:
        values["vm_state"] = action.result
    ps = power_state if power_state is not None else action.power_state
    if ps is not None:
        values["power_state"] = int(ps)
    return bool(_instances().filter(uuid=uuid, task_state=action.task_state).update(**values))


def revert(uuid, action_name, power_state=None):
    """Clear the action's task_state after a failure that left the guest as it was."""
    values = {"task_state": None, "task_state_updated_at": None, "updated_at": _now()}
    if power_state is not None:
        values["power_state"] = int(power_state)
    task_state = ACTIONS[action_name].task_state
    return bool(_instances().filter(uuid=uuid, task_state=task_state).update(**values))


# --- Build ----------------------------------------------------------------------------------
def scheduled(uuid, host, availability_zone):
    """scheduling → spawning on the chosen host. False if the build was preempted."""
    return bool(_instances().filter(uuid=uuid, vm_state=BUILDING, task_state=Task.SCHEDULING)
                .update(host=host, availability_zone=availability_zone,
                        task_state=Task.SPAWNING, task_state_updated_at=_now(),
                        updated_at=_now()))


def rescheduling(uuid):
    """spawning → scheduling again after a spawn failure, off the failed host."""
    return bool(_instances().filter(uuid=uuid, vm_state=BUILDING, task_state=Task.SPAWNING)
                .update(host=None, task_state=Task.SCHEDULING, task_state_updated_at=_now(),
                        updated_at=_now()))


def built(uuid, power_state=PowerState.RUNNING):
    """spawning → active. False if the build was preempted (deleted meanwhile)."""
    now = _now()
    return bool(_instances().filter(uuid=uuid, vm_state=BUILDING, task_state=Task.SPAWNING)
                .update(vm_state=ACTIVE, task_state=None, task_state_updated_at=None,
                        power_state=int(power_state), launched_at=now, updated_at=now))


# --- Rebuild --------------------------------------------------------------------------------
REBUILD_STEPS = (Task.REBUILDING, Task.REBUILD_BLOCK_DEVICE_MAPPING, Task.REBUILD_SPAWNING)


def advance(uuid, from_task, to_task):
    """One task_state to the next within an operation (rebuilding → rebuild_spawning ...).
    False when the instance is no longer in `from_task` (moved on, or advanced already)."""
    return bool(_instances().filter(uuid=uuid, task_state=from_task).update(
        task_state=to_task, task_state_updated_at=_now(), updated_at=_now()))


def rebuilt(uuid, power_state):
    """rebuild_spawning → idle: a stopped server stays stopped (Nova powers it off again),
    an active or errored one becomes active. False if the rebuild was preempted."""
    now = _now()
    values = {"task_state": None, "task_state_updated_at": None, "updated_at": now,
              "power_state": int(power_state), "launched_at": now}
    spawning = _instances().filter(uuid=uuid, task_state=Task.REBUILD_SPAWNING)
    if spawning.filter(vm_state=STOPPED).update(**values):
        return True
    return bool(spawning.update(vm_state=ACTIVE, **values))


# --- Soft delete ----------------------------------------------------------------------------
def begin_soft_delete(instance):
    """Any live state (soft-deleted too) → soft-deleting, preempting a running task as delete
    does; deleted_at marks the start of the grace period. Raises InstanceInvalidState when
    the instance is being deleted already, or rebuilt (a rebuild may have destroyed the
    domain a soft delete would keep: such a server is deleted at once, see compute.deletes)."""
    updated = _instances().filter(pk=instance.pk).exclude(vm_state=DELETED).exclude(
        task_state__in=(Task.DELETING, *REBUILD_STEPS)).update(
        task_state=Task.SOFT_DELETING, task_state_updated_at=_now(), deleted_at=_now(),
        updated_at=_now())
    instance.refresh_from_db()
    if not updated:
        attr, state = (("task_state", instance.task_state) if instance.task_state
                       else ("vm_state", instance.vm_state))
        raise InstanceInvalidState("soft_delete", instance.uuid, attr, state)
    return instance


def begin_restore(instance):
    """soft-deleted → restoring (Nova's restore); the grace period ends (deleted_at cleared)."""
    instance = begin(instance, "restore")
    _instances().filter(pk=instance.pk).update(deleted_at=None)
    instance.deleted_at = None
    return instance


def begin_reclaim(uuid, deleted_before):
    """soft-deleted (idle) since before `deleted_before` → deleting. False when the instance
    was restored, force-deleted or soft-deleted later meanwhile."""
    return bool(_instances().filter(
        uuid=uuid, vm_state=SOFT_DELETED, task_state__isnull=True,
        deleted_at__lt=deleted_before).update(
        task_state=Task.DELETING, task_state_updated_at=_now(), updated_at=_now()))


# --- Delete, error, power sync, reset --------------------------------------------------------
def begin_delete(instance):
    """Delete is allowed from any state and preempts any running task."""
    _instances().filter(pk=instance.pk).exclude(vm_state=DELETED).update(
        task_state=Task.DELETING, task_state_updated_at=_now(), updated_at=_now())
    instance.refresh_from_db()
    return instance


def deleted(uuid):
    """deleting → deleted (terminal)."""
    now = _now()
    return bool(_instances().filter(uuid=uuid, task_state=Task.DELETING).update(
        vm_state=DELETED, task_state=None, task_state_updated_at=None,
        power_state=int(PowerState.NOSTATE), terminated_at=now, deleted_at=now, updated_at=now))


def errored(uuid, fault, expected_task_state=None):
    """Any → error with a fault, unless the instance is being deleted (or is gone); with
    `expected_task_state`, only while that task is still the current one."""
    qs = _instances().filter(uuid=uuid).exclude(vm_state=DELETED)
    if expected_task_state is not None:
        qs = qs.filter(task_state=expected_task_state)
    else:
        qs = qs.exclude(task_state=Task.DELETING)
    return bool(qs.update(vm_state=ERROR, task_state=None, task_state_updated_at=None,
                          fault=fault, updated_at=_now()))


def power_synced(uuid, vm_state, power_state):
    """Record what the hypervisor reports, only while no task owns the instance."""
    values = {"power_state": int(power_state), "updated_at": _now()}
    qs = _instances().filter(uuid=uuid, task_state__isnull=True).exclude(vm_state=DELETED)
    if vm_state is not None:
        values["vm_state"] = vm_state
    return bool(qs.update(**values))


def reset(uuid, vm_state):
    """Admin reset (os-resetState): set vm_state, clear any task_state."""
    return bool(_instances().filter(uuid=uuid).exclude(vm_state=DELETED).update(
        vm_state=vm_state, task_state=None, task_state_updated_at=None, updated_at=_now()))
