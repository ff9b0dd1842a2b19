"""Atomic capacity claims: one conditional UPDATE per claim, released exactly once."""
import logging

from django.db import connection, transaction
from django.db.models import F, Sum
from django.utils import timezone

from compute.models import Host
from scheduler.models import Allocation

log = logging.getLogger(__name__)


def _capacity(total, reserved, ratio):
    return f"(CAST({total} AS DOUBLE PRECISION) - {reserved}) * {ratio}"


# The claim: add the instance's usage where (total − reserved) × ratio − used still fits
# it and the instance holds no claim yet, in one conditional UPDATE (whole-unit arithmetic
# as scheduler.hosts snapshots count) that returns what the caller needs of the host. Plain
# SQL: it runs once per placement, and the ORM took longer to write it than the database to
# run it.
_HOST_FIELDS = ("id", "name", "availability_zone")
_CLAIM = f"""UPDATE {Host._meta.db_table} SET vcpus_used = vcpus_used + %s,
    memory_mb_used = memory_mb_used + %s, local_gb_used = local_gb_used + %s
    WHERE id = %s
    AND vcpus_used <= {_capacity("vcpus", "reserved_vcpus", "cpu_allocation_ratio")} - %s
    AND memory_mb_used <= {_capacity("memory_mb", "reserved_memory_mb",
                                     "ram_allocation_ratio")} - %s
    AND local_gb_used <= {_capacity("local_gb", "reserved_disk_gb",
                                    "disk_allocation_ratio")} - %s
    AND NOT EXISTS (SELECT 1 FROM {Allocation._meta.db_table} WHERE instance_id = %s)
    RETURNING {", ".join(_HOST_FIELDS)}"""
_HELD = f"SELECT host_id FROM {Allocation._meta.db_table} WHERE instance_id = %s"
_ALLOCATE = (f"INSERT INTO {Allocation._meta.db_table} "
             f"(instance_id, host_id, vcpus, memory_mb, disk_gb, created_at) ")
# PostgreSQL takes the claim and writes its allocation in one statement (one round trip);
# SQLite, in process, runs the two statements.
_CLAIM_AND_ALLOCATE = (f"WITH claimed AS ({_CLAIM}), allocated AS ({_ALLOCATE} "
                       f"SELECT %s, id, %s, %s, %s, %s FROM claimed) SELECT * FROM claimed")


def claim(instance, host):
    """Take the instance's resources on `host` (a Host or its id). True on success; False
    when the host no longer has room. A second claim on the same host is a no-op that
    returns True. Inside a caller's transaction it adds no savepoint: a refused claim
    changed nothing."""
    return claim_host(instance, getattr(host, "pk", host)) is not None


def claim_host(instance, host_id):
    """claim(), returning the Host claimed (its id, name and zone loaded, the rest on
    access) or None."""
    need = (instance.vcpus, instance.memory_mb, instance.disk_gb)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_CLAIM_AND_ALLOCATE,
                           [*need, host_id, *need, instance.pk, instance.pk, *need, now])
            row = cursor.fetchone()
        else:
            cursor.execute(_CLAIM, [*need, host_id, *need, instance.pk])
            row = cursor.fetchone()
            if row is not None:
                cursor.execute(_ALLOCATE + "VALUES (%s, %s, %s, %s, %s, %s)",
                               [instance.pk, host_id, *need, now])
        if row is None:
            return _held_on(cursor, instance, host_id)
    return Host.from_db(connection.alias, _HOST_FIELDS, row)


def _held_on(cursor, instance, host_id):
    """The Host when the instance already holds its claim on `host_id`, else None."""
    cursor.execute(_HELD, [instance.pk])
    held = cursor.fetchone()
    return Host.objects.get(pk=host_id) if held is not None and held[0] == host_id else None


def release(instance):
    """Give back what the instance holds. Deleting the allocation row is the guard: only
    the caller whose DELETE removed it subtracts, so concurrent releases count once."""
    with transaction.atomic():
        alloc = Allocation.objects.filter(instance=instance).first()
        if alloc is None:
            return False
        deleted, _ = Allocation.objects.filter(pk=alloc.pk).delete()
        if not deleted:
            return False
        Host.objects.filter(pk=alloc.host_id).update(
            vcpus_used=F("vcpus_used") - alloc.vcpus,
            memory_mb_used=F("memory_mb_used") - alloc.memory_mb,
            local_gb_used=F("local_gb_used") - alloc.disk_gb)
    return True


def audit():
    """Recompute every host's usage from its allocations; heal and report drift."""
    drift = []
    for host_id in Host.objects.values_list("pk", flat=True):
        with transaction.atomic():
            # The row lock orders the audit after any claim in flight on this host.
            host = Host.objects.select_for_update().get(pk=host_id)
            _audit_host(host, drift)
    return drift


def _audit_host(host, drift):
    sums = host.allocations.aggregate(v=Sum("vcpus"), m=Sum("memory_mb"), d=Sum("disk_gb"))
    actual = (sums["v"] or 0, sums["m"] or 0, sums["d"] or 0)
    recorded = (host.vcpus_used, host.memory_mb_used, host.local_gb_used)
    if actual != recorded:
        drift.append((host.name, recorded, actual))
        log.warning("usage drift on %s: recorded %s, allocations %s", host.name,
                    recorded, actual)
        Host.objects.filter(pk=host.pk).update(
            vcpus_used=actual[0], memory_mb_used=actual[1], local_gb_used=actual[2])
