"""Atomic capacity claims: one conditional UPDATE per claim, released exactly once."""
import logging

from django.db import transaction
from django.db.models import F, FloatField, Sum
from django.db.models.functions import Cast

from compute.models import Host
from scheduler.models import Allocation

log = logging.getLogger(__name__)


def _fits(vcpus, memory_mb, disk_gb):
    """Filter keeping hosts whose free capacity, (total − reserved) × ratio − used, fits."""
    def capacity(total, reserved, ratio):
        return (Cast(F(total), FloatField()) - F(reserved)) * F(ratio)

    return {
        "cap_vcpus": capacity("vcpus", "reserved_vcpus", "cpu_allocation_ratio") - vcpus,
        "cap_ram": capacity("memory_mb", "reserved_memory_mb", "ram_allocation_ratio") - memory_mb,
        "cap_disk": capacity("local_gb", "reserved_disk_gb", "disk_allocation_ratio") - disk_gb,
    }


def claim(instance, host):
    """Take the instance's resources on `host`. True on success; False when the host no
    longer has room. A second claim on the same host is a no-op that returns True."""
    vcpus, ram, disk = instance.vcpus, instance.memory_mb, instance.disk_gb
    with transaction.atomic():
        existing = Allocation.objects.filter(instance=instance).first()
        if existing is not None:
            return existing.host_id == host.pk
        updated = (Host.objects.filter(pk=host.pk).alias(**_fits(vcpus, ram, disk))
                   .filter(vcpus_used__lte=F("cap_vcpus"), memory_mb_used__lte=F("cap_ram"),
                           local_gb_used__lte=F("cap_disk"))
                   .update(vcpus_used=F("vcpus_used") + vcpus,
                           memory_mb_used=F("memory_mb_used") + ram,
                           local_gb_used=F("local_gb_used") + disk))
        if not updated:
            return False
        Allocation.objects.create(instance=instance, host=host, vcpus=vcpus, memory_mb=ram,
                                  disk_gb=disk)
    return True


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
