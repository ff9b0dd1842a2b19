"""Auditing the per-host instance counts (HostLoad) that triggers keep: recount them from
the instance table, report and heal any drift (a restored backup, a trigger dropped by
hand)."""
import logging

from django.db import transaction
from django.db.models import Count, Q

from compute import states
from compute.hosts import WORKLOAD_TASK_STATES
from compute.models import Instance
from scheduler.models import HostLoad

log = logging.getLogger(__name__)
_BUSY = Q(vm_state=states.BUILDING) | Q(task_state__in=WORKLOAD_TASK_STATES)


def recount():
    """host id → (live instances, instances keeping its I/O busy), counted from instances."""
    rows = (Instance.objects.filter(host__isnull=False).exclude(vm_state=states.DELETED)
            .values("host_id").order_by().annotate(n=Count("id"), io=Count("id", filter=_BUSY)))
    return {row["host_id"]: (row["n"], row["io"]) for row in rows}


def audit():
    """Compare HostLoad with a recount, heal it; [(host id, recorded, actual)] that drifted."""
    drift = []
    with transaction.atomic():
        actual = recount()
        recorded = {host_id: (n, io) for host_id, n, io
                    in HostLoad.objects.values_list("host_id", "instances", "io_ops")}
        for host_id in sorted(set(actual) | set(recorded)):
            found, kept = actual.get(host_id, (0, 0)), recorded.get(host_id, (0, 0))
            if found != kept:
                drift.append((host_id, kept, found))
                HostLoad.objects.update_or_create(
                    host_id=host_id, defaults={"instances": found[0], "io_ops": found[1]})
    for host_id, kept, found in drift:
        log.warning("instance counts drifted on host %s: recorded %s, counted %s", host_id,
                    kept, found)
    return drift
