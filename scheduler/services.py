"""Placing instances: run the configured algorithm, claim candidates in order and record the
decision; and, beyond Nova, dry runs and the capacity left in each availability zone."""
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F, FloatField, Sum, Value
from django.db.models.functions import Cast, Floor, Greatest, Least
from django.utils.module_loading import import_string

from compute.models import Host
from scheduler import claims, groups, hints
from scheduler.algorithms.base import NoValidHost
from scheduler.decisions import Trail
from scheduler.hosts import fresh_heartbeat
from scheduler.models import PlacementRequest, SchedulingDecision
from scheduler.request import RequestSpec

log = logging.getLogger(__name__)
# Decisions made again when every candidate filled up before its claim (see _place).
CANDIDATE_ROUNDS = 3


def get_scheduler():
    """The algorithm named by settings.SCHEDULER_DRIVER."""
    return import_string(settings.SCHEDULER_DRIVER)()


def select_and_claim(instance, claimed=None):
    """Choose a host for `instance`, claim its resources there and return the Host; every
    run leaves a SchedulingDecision. A candidate that filled up meanwhile is skipped (claims
    are conditional UPDATEs) and the next one tried. The claim, the decision record and
    `claimed(host)` (the caller's own writes, e.g. the instance's state) commit together:
    one write transaction per placement. Boots of one server group take the group's row
    lock, and the instance joins the group in the claim's transaction, so two members never
    both see a host as free of the other. Raises NoValidHost."""
    placement = (PlacementRequest.objects.select_related("group")
                 .filter(instance_id=instance.uuid).first())
    with groups.locked(placement.group_id if placement else None) as group:
        host, decision = _place(instance, placement, group, claimed)
    if host is None:
        decision.save()
        raise NoValidHost(decision.summary)
    log.info("instance %s claimed on %s", instance.uuid, host.name)
    return host


def _place(instance, placement, group, claimed=None):
    """(Host claimed, its saved decision), or (None, the unsaved decision). When every
    candidate filled up before its claim (concurrent boots took the room), the decision is
    made again on fresh numbers, up to CANDIDATE_ROUNDS times: it then finds another host,
    or says which filter now excludes them."""
    spec = RequestSpec.from_instance(instance, placement)
    fields = {"instance": instance, "attempt": max(1, instance.scheduling_attempts),
              "algorithm": settings.SCHEDULER_DRIVER}
    for _ in range(CANDIDATE_ROUNDS):
        trail, started = Trail(), time.perf_counter()
        try:
            candidates = get_scheduler().select_from_cloud(spec, trail)
        except NoValidHost:
            return None, trail.record(spec, SchedulingDecision.NO_VALID_HOST,
                                      duration_ms=_since(started), **fields)
        duration = _since(started)

        def placed(chosen, failed, trail=trail, duration=duration):
            return trail.record(spec, SchedulingDecision.PLACED, chosen=chosen,
                                claim_failed=failed, duration_ms=duration, **fields)

        host, decision, failed = _claim_first(instance, candidates, group, placed, claimed)
        if host is not None:
            return host, decision
    return None, trail.record(spec, SchedulingDecision.NO_VALID_HOST, claim_failed=failed,
                              duration_ms=duration, **fields)


def _claim_first(instance, candidates, group, placed, claimed=None):
    """(Host, saved decision, names that filled up) for the first candidate claimed, with
    (None, None, names) when none could be. A successful claim, the group membership, the
    decision record `placed(chosen, failed)` and `claimed(host)` commit in one
    transaction."""
    failed = []
    for candidate in candidates:
        # No savepoint inside a group's transaction: a refused claim changed nothing, and
        # an error undoes the whole placement.
        with transaction.atomic(savepoint=False):
            host = claims.claim_host(instance, candidate.id)
            if host is not None:
                if group is not None:
                    groups.add_member(group, instance)
                decision = placed(candidate, list(failed))
                decision.save()
                if claimed is not None:
                    claimed(host)
                return host, decision, failed
        failed.append(candidate.name)
    return None, None, failed


def _since(started):
    return round((time.perf_counter() - started) * 1000, 3)


@dataclass(frozen=True)
class DryRun:
    """Where a boot would land (host, its zone and the alternates), or why not; `reason`
    is one line naming no host, `decision` the full record (unsaved)."""

    host: str | None
    alternates: list
    reason: str
    decision: SchedulingDecision
    availability_zone: str | None = None


def dry_run(flavor, image, availability_zone="", scheduler_hints=None, project_id=""):
    """Run the whole pipeline for a boot of `flavor` from `image` without claiming or
    writing anything. Raises hints.InvalidHints for hints a boot would be refused."""
    checked, group = hints.validate(scheduler_hints, project_id)
    spec = RequestSpec.from_flavor(flavor, image, project_id, availability_zone, checked,
                                   group)
    trail, started = Trail(), time.perf_counter()
    try:
        ordered = get_scheduler().select_from_cloud(spec, trail)
    except NoValidHost as exc:
        decision = trail.record(spec, SchedulingDecision.NO_VALID_HOST,
                                duration_ms=_since(started), algorithm=settings.SCHEDULER_DRIVER)
        return DryRun(None, [], str(exc), decision)
    decision = trail.record(spec, SchedulingDecision.WOULD_PLACE, chosen=ordered[0],
                            duration_ms=_since(started), algorithm=settings.SCHEDULER_DRIVER)
    return DryRun(ordered[0].name, decision.alternates, decision.summary, decision,
                  ordered[0].availability_zone)


def capacity_by_zone(flavor):
    """zone → how many more instances of `flavor` fit there: over the enabled, up hosts of
    the zone, the sum of min(free vCPU / vcpus, free RAM / memory, free disk / disk),
    counted in one grouped query."""
    need = RequestSpec.from_flavor(flavor, None, project_id="")
    per_host = [Floor(_free(total, reserved, ratio, used) / size)
                for size, (total, reserved, ratio, used) in zip(
                    (need.vcpus, need.memory_mb, need.disk_gb), CAPACITY_COLUMNS, strict=True)
                if size > 0]
    if not per_host:
        return {}
    fitting = Greatest(Value(0.0), Least(*per_host) if len(per_host) > 1 else per_host[0])
    rows = (Host.objects.filter(enabled=True, forced_down=False,
                                last_heartbeat__gte=fresh_heartbeat())
            .values("availability_zone").order_by("availability_zone")
            .annotate(fit=Sum(fitting)))
    return {row["availability_zone"]: int(row["fit"]) for row in rows}


CAPACITY_COLUMNS = (
    ("vcpus", "reserved_vcpus", "cpu_allocation_ratio", "vcpus_used"),
    ("memory_mb", "reserved_memory_mb", "ram_allocation_ratio", "memory_mb_used"),
    ("local_gb", "reserved_disk_gb", "disk_allocation_ratio", "local_gb_used"))


def _free(total, reserved, ratio, used):
    """floor((total − reserved) × ratio) − used, as a float expression."""
    return Floor((Cast(F(total), FloatField()) - F(reserved)) * F(ratio)) - F(used)
