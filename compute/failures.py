"""What a failed step leaves behind: a fault on the instance, released claims, a reschedule."""
import logging
import traceback

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from compute import events, states, workflows
from compute.models import Instance
from networking import instance_ports
from scheduler import build_failures, claims

log = logging.getLogger(__name__)


def fault(exc, code=500, with_details=True):
    """Nova's fault shape: message, code, details (the traceback), created."""
    details = "".join(traceback.format_exception(exc)) if with_details else ""
    return {"message": str(exc)[:255] or type(exc).__name__, "code": code,
            "details": details, "created": timezone.now().isoformat()}


def fail_build(instance, request_id, exc, code=500):
    """The build cannot go on: give the claim and the ports back (as Nova deallocates the
    network of a failed build), ERROR with a fault, close the action."""
    claims.release(instance)
    instance_ports.deallocate(instance.uuid)
    states.errored(instance.uuid, fault(exc, code), expected_task_state=instance.task_state)
    events.finish_action(instance.uuid, request_id, message="Error")


def reschedule_or_fail(instance, request_id, exc):
    """After a spawn failure on this host: try another host while attempts remain."""
    claims.release(instance)
    build_failures.record_failure(instance.host_id)
    host_name = instance.host.name if instance.host else ""
    Instance.objects.filter(pk=instance.pk).update(
        tried_hosts=list(instance.tried_hosts) + [host_name])
    if instance.scheduling_attempts < settings.SCHEDULER_MAX_ATTEMPTS:
        if states.rescheduling(instance.uuid):
            log.warning("spawn of %s failed on %s, rescheduling: %s", instance.uuid,
                        host_name, exc)
            workflows.boot(instance.uuid, request_id).apply_async()
        return
    error = RuntimeError(
        f"Exceeded maximum number of retries. Exhausted all hosts available for retrying "
        f"build failures for instance {instance.uuid}. Last error: {exc}")
    instance_ports.deallocate(instance.uuid)
    states.errored(instance.uuid, fault(error), expected_task_state=states.Task.SPAWNING)
    events.finish_action(instance.uuid, request_id, message="Error")


def fail_action(instance, request_id, action, exc):
    """A power action failed on the host: ERROR with a fault (the domain keeps its claim)."""
    states.errored(instance.uuid, fault(exc),
                   expected_task_state=states.ACTIONS[action].task_state)
    events.finish_action(instance.uuid, request_id, message="Error")


def fail_delete(instance, request_id, exc):
    """Cleanup on the host failed: ERROR with a fault; deleting again retries it."""
    states.errored(instance.uuid, fault(exc), expected_task_state=states.Task.DELETING)
    events.finish_action(instance.uuid, request_id, message="Error")


def count_attempt(instance):
    Instance.objects.filter(pk=instance.pk).update(
        scheduling_attempts=F("scheduling_attempts") + 1)
    instance.scheduling_attempts += 1
