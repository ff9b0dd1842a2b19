"""The hosts one decision sees: a plain snapshot per host, loaded with two queries whatever
the number of hosts (hosts with their counts, memberships with their aggregates' metadata)."""
import math
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from compute.models import Host
from scheduler.models import Aggregate, BuildStats, HostLoad


@dataclass(slots=True)
class HostState:
    """One host as filters and weighers read it: identity, status and free capacity
    ((total − reserved) × ratio − used), counts of live instances and of I/O operations in
    flight (scheduler.models.HostLoad), recent build failures and its aggregates' metadata."""

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


def load_hosts(ids=None):
    """Every registered host (or those of `ids`), by name; down and disabled ones included
    so that the compute filter can say why they were passed over."""
    aggregates = _aggregate_metadata(ids)
    return [_host_state(row, aggregates) for row in _host_rows(ids)]


def fresh_heartbeat():
    """The oldest heartbeat of a host that is up."""
    return timezone.now() - timedelta(seconds=settings.SERVICE_DOWN_TIME)


def _host_rows(ids):
    """One query: each host's columns, whether it is up, its failed builds and its counts
    of live instances and I/O operations in flight (HostLoad, kept by triggers)."""
    only_hosts, params = _only(ids, "h.id")
    fresh = connection.ops.adapt_datetimefield_value(fresh_heartbeat())
    sql = f"""SELECT h.id, h.name, h.availability_zone, h.arch, h.hypervisor_type, h.enabled,
        h.disabled_reason, h.vcpus, h.reserved_vcpus, h.cpu_allocation_ratio, h.vcpus_used,
        h.memory_mb, h.reserved_memory_mb, h.ram_allocation_ratio, h.memory_mb_used,
        h.local_gb, h.reserved_disk_gb, h.disk_allocation_ratio, h.local_gb_used,
        CASE WHEN NOT h.forced_down AND h.last_heartbeat >= %s THEN 1 ELSE 0 END,
        b.failed_builds, c.instances, c.io_ops
      FROM {Host._meta.db_table} h
      LEFT JOIN {BuildStats._meta.db_table} b ON b.host_id = h.id
      LEFT JOIN {HostLoad._meta.db_table} c ON c.host_id = h.id
      {only_hosts} ORDER BY h.name"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [fresh] + params)
        return cursor.fetchall()


def _host_state(row, aggregates):
    (pk, name, zone, arch, hv_type, enabled, reason, vcpus, res_vcpus, cpu_ratio, vcpus_used,
     ram, res_ram, ram_ratio, ram_used, disk, res_disk, disk_ratio, disk_used, up,
     failed_builds, num_instances, num_io_ops) = row
    return HostState(
        pk, name, zone, arch, hv_type, bool(enabled), bool(up), reason,
        _free(vcpus, res_vcpus, cpu_ratio, vcpus_used), _free(ram, res_ram, ram_ratio, ram_used),
        _free(disk, res_disk, disk_ratio, disk_used),
        num_instances or 0, num_io_ops or 0, failed_builds or 0, aggregates.get(pk, ()))


def _free(total, reserved, ratio, used):
    """Whole units left; floor keeps it in step with the claim's float comparison."""
    return math.floor((total - reserved) * ratio) - used


def _aggregate_metadata(ids):
    """host id → tuple of its aggregates' metadata dicts (each dict shared, read-only), in
    one query of the memberships joined to their aggregates."""
    through = Aggregate.hosts.through._meta.db_table
    only, params = _only(ids, "m.host_id")
    sql = (f"SELECT m.host_id, m.aggregate_id, a.metadata FROM {through} m "
           f"JOIN {Aggregate._meta.db_table} a ON a.id = m.aggregate_id {only}")
    field, metadata, by_host = Aggregate._meta.get_field("metadata"), {}, {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for host_id, aggregate_id, raw in cursor.fetchall():
            if aggregate_id not in metadata:
                metadata[aggregate_id] = field.from_db_value(raw, None, connection)
            by_host.setdefault(host_id, []).append(metadata[aggregate_id])
    return {host_id: tuple(found) for host_id, found in by_host.items()}


def _only(ids, column):
    """(`WHERE column IN (...)` or "" for every host, params)."""
    if ids is None:
        return "", []
    return f"WHERE {column} IN ({', '.join(['%s'] * len(ids)) or 'NULL'})", list(ids)
