"""Operator intents on compute hosts (Nova's os-services and os-hosts updates): enable,
disable, force down, delete; and the per-host instance counts the admin APIs report."""
from django.db import transaction

from compute import states
from compute.models import Host, Instance
from scheduler.models import HostLoad

# Operations that keep a host busy (Nova's current_workload, compute/stats.py io_workload):
# every build, plus live instances in these task states. The one definition: the hypervisor
# API's current_workload and the scheduler's I/O filter and weigher read counts kept by the
# triggers of scheduler migration 0005, which freeze this list (tests/scheduler/
# test_host_load.py checks they agree).
WORKLOAD_TASK_STATES = (states.Task.RESIZE_MIGRATING, states.Task.REBUILDING,
                        states.Task.RESIZE_PREP, states.Task.IMAGE_SNAPSHOT,
                        states.Task.IMAGE_BACKUP, states.Task.RESCUING,
                        states.Task.UNSHELVING)


class HostInUse(Exception):
    """The host still holds instances (HTTP 409)."""


def live_instances(host):
    """The instances placed on `host` that are not deleted."""
    return Instance.objects.filter(host=host).exclude(vm_state=states.DELETED)


def instance_counts(host_ids=None):
    """host id → (live instances, instances in a busy operation), read from the per-host
    counts the database keeps (scheduler.models.HostLoad); hosts with neither are left out."""
    rows = HostLoad.objects.filter(instances__gt=0)
    if host_ids is not None:
        rows = rows.filter(host_id__in=host_ids)
    return {host_id: (n, busy) for host_id, n, busy
            in rows.values_list("host_id", "instances", "io_ops")}


def enable_host(host):
    """The scheduler may place instances on `host` again; the disable reason is cleared.
    Again: no change."""
    Host.objects.filter(pk=host.pk).update(enabled=True, disabled_reason="")
    host.refresh_from_db()
    return host


def disable_host(host, reason=""):
    """The scheduler places nothing new on `host`; running instances stay. `reason` is
    recorded (empty: none)."""
    Host.objects.filter(pk=host.pk).update(enabled=False, disabled_reason=reason or "")
    host.refresh_from_db()
    return host


def set_forced_down(host, forced_down):
    """Mark the host down whatever its heartbeat says (fencing), or lift that mark."""
    Host.objects.filter(pk=host.pk).update(forced_down=bool(forced_down))
    host.refresh_from_db()
    return host


def delete_host(host):
    """Forget a host record and its aggregate memberships; refused with HostInUse while
    instances live on it (Nova refuses so as not to orphan their resources). A host worker
    that still runs registers the host again at its next report, as a Nova service does."""
    with transaction.atomic():
        # The row lock orders this after any claim in flight on the host.
        locked = Host.objects.select_for_update().filter(pk=host.pk).first()
        if locked is None:
            return False
        if live_instances(locked).exists():
            raise HostInUse("Unable to delete compute service that is hosting instances. "
                            "Migrate or delete the instances first.")
        locked.delete()
    return True
