"""The hosts one decision sees: a plain snapshot per host, loaded with four queries
whatever the number of hosts (hosts, instance counts, aggregate metadata, memberships)."""
import math
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Case, Count, Q, Value, When
from django.utils import timezone

from compute import states
from compute.models import Host, Instance
from scheduler.models import Aggregate

# Instances that keep a host's disks and network busy (Nova's io_workload): every build,
# and these operations.
IO_TASK_STATES = (states.Task.RESIZE_MIGRATING, states.Task.REBUILDING, states.Task.RESIZE_PREP,
                  states.Task.IMAGE_SNAPSHOT, states.Task.IMAGE_BACKUP, states.Task.RESCUING,
                  states.Task.UNSHELVING)
_IO_OPS = Q(vm_state=states.BUILDING) | Q(task_state__in=IO_TASK_STATES)


@dataclass(slots=True)
class HostState:
    """One host as filters and weighers read it: identity, status and free capacity
    ((total − reserved) × ratio − used), counts of instances and I/O operations in flight,
    recent build failures and the metadata of its aggregates."""

    id: int
    name: str
    availability_zone: str = ""
    arch: str = ""
    hypervisor_type: str = ""
    enabled: bool = True
    up: bool = True
    disabled_reason: str = ""
    free_vcpus: int = 0
    free_ram_mb: int = 0
    free_disk_gb: int = 0
    num_instances: int = 0
    num_io_ops: int = 0
    failed_builds: int = 0
    aggregates: tuple = ()


_COLUMNS = ("id", "name", "availability_zone", "arch", "hypervisor_type", "enabled",
            "disabled_reason", "vcpus", "reserved_vcpus", "cpu_allocation_ratio",
            "vcpus_used", "memory_mb", "reserved_memory_mb", "ram_allocation_ratio",
            "memory_mb_used", "local_gb", "reserved_disk_gb", "disk_allocation_ratio",
            "local_gb_used", "is_up", "build_stats__failed_builds")


def load_hosts(ids=None):
    """Every registered host (or those of `ids`), by name; down and disabled ones included
    so that the compute filter can say why they were passed over."""
    counts = _instance_counts(ids)
    aggregates = _aggregate_metadata(ids)
    return [_host_state(row, counts, aggregates) for row in _host_rows(ids)]


def fresh_heartbeat():
    """The oldest heartbeat of a host that is up."""
    return timezone.now() - timedelta(seconds=settings.SERVICE_DOWN_TIME)


def _host_rows(ids):
    is_up = Case(When(forced_down=False, last_heartbeat__gte=fresh_heartbeat(),
                      then=Value(True)), default=Value(False))
    rows = Host.objects.order_by("name").annotate(is_up=is_up)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    return rows.values_list(*_COLUMNS)


def _host_state(row, counts, aggregates):
    (pk, name, zone, arch, hv_type, enabled, reason, vcpus, res_vcpus, cpu_ratio, vcpus_used,
     ram, res_ram, ram_ratio, ram_used, disk, res_disk, disk_ratio, disk_used, up,
     failed_builds) = row
    num_instances, num_io_ops = counts.get(pk, (0, 0))
    return HostState(
        pk, name, zone, arch, hv_type, enabled, bool(up), reason,
        _free(vcpus, res_vcpus, cpu_ratio, vcpus_used), _free(ram, res_ram, ram_ratio, ram_used),
        _free(disk, res_disk, disk_ratio, disk_used),
        num_instances, num_io_ops, failed_builds or 0, aggregates.get(pk, ()))


def _free(total, reserved, ratio, used):
    """Whole units left; floor keeps it in step with the claim's float comparison."""
    return math.floor((total - reserved) * ratio) - used


def _instance_counts(ids):
    """host id → (live instances, I/O operations in flight), in one grouped query."""
    rows = Instance.objects.filter(host__isnull=False).exclude(vm_state=states.DELETED)
    if ids is not None:
        rows = rows.filter(host_id__in=ids)
    rows = (rows.values("host_id").order_by()
            .annotate(n=Count("id"), io=Count("id", filter=_IO_OPS)))
    return {row["host_id"]: (row["n"], row["io"]) for row in rows}


def _aggregate_metadata(ids):
    """host id → tuple of its aggregates' metadata dicts (each dict shared, read-only)."""
    metadata = dict(Aggregate.objects.values_list("id", "metadata"))
    if not metadata:
        return {}
    memberships = Aggregate.hosts.through.objects.all()
    if ids is not None:
        memberships = memberships.filter(host_id__in=ids)
    by_host = {}
    for host_id, aggregate_id in memberships.values_list("host_id", "aggregate_id"):
        by_host.setdefault(host_id, []).append(metadata[aggregate_id])
    return {host_id: tuple(found) for host_id, found in by_host.items()}
