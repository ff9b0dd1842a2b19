"""Scheduler steps: place an instance and hand its build to the chosen host."""
import logging
from contextlib import ExitStack

from celery import Task, shared_task
from celery.result import allow_join_result
from django.db import transaction

from compute import events, failures, states, workflows
from compute.models import Instance
from scheduler import claims, load, services
from scheduler.algorithms.base import NoValidHost

log = logging.getLogger(__name__)


class ContinuingTask(Task):
    """A task that continues its chain elsewhere with `replace`. Run eagerly (unit tests),
    Celery runs the replacement inline and joins it, which it must be allowed to do."""

    def on_replace(self, sig):
        if self.request.is_eager:
            with allow_join_result():
                return super().on_replace(sig)
        return super().on_replace(sig)


@shared_task(name="scheduler.schedule_instance", bind=True, base=ContinuingTask)
def schedule_instance(self, uuid, request_id):
    """Select and claim a host, then continue the boot chain on that host's queue."""
    instance = Instance.objects.select_related("image").filter(uuid=uuid).first()
    if instance is None or instance.task_state != states.Task.SCHEDULING:
        return None  # deleted (or reset) before it was placed
    host = _place(instance, request_id)
    if host is None:
        return None
    return self.replace(workflows.host_boot(instance.uuid, host.name, request_id))


def _place(instance, request_id):
    """The Host the instance now spawns on, or None: no host fits (the build failed with
    the reason) or a delete preempted it (the claim is given back). Three write transactions
    (under SQLite's single write lock each one saved is a wait saved): the attempt and the
    step's start; the claim, its decision record and scheduling → spawning; the step's end."""
    moved = []

    def spawn_there(host):
        moved.append(states.scheduled(instance.uuid, host, host.availability_zone))
        if not moved[0]:
            claims.release(instance)

    try:
        with ExitStack() as step:
            with transaction.atomic():
                failures.count_attempt(instance)
                step.enter_context(events.step(instance.uuid, request_id,
                                               "scheduler_schedule_instance"))
            host = services.select_and_claim(instance, claimed=spawn_there)
    except NoValidHost as exc:
        failures.fail_build(instance, request_id, exc)
        return None
    return host if moved[0] else None


@shared_task(name="scheduler.audit_allocations")
def audit_allocations():
    """Recompute host usage from allocations, and the per-host instance counts from the
    instances; heal and report drift (of usage: the counts' drift is logged)."""
    load.audit()
    return claims.audit()
