"""Recording what happens: instance actions and one event per chain step."""
import traceback as tb
import uuid
from contextlib import contextmanager

from django.utils import timezone

from compute.models import InstanceAction, InstanceActionEvent


def new_request_id():
    """A request id in Nova's shape (req-<uuid>)."""
    return f"req-{uuid.uuid4()}"


def start_action(instance, action, request_id, user_id="", project_id="", message=""):
    """Open the record of a user-visible operation."""
    return InstanceAction.objects.create(
        instance_id=instance.uuid, action=action, request_id=request_id, user_id=user_id,
        project_id=project_id or instance.project_id, message=message)


def finish_action(instance_uuid, request_id, message=""):
    """Close an action (idempotent); an error message marks it failed."""
    values = {"finish_time": timezone.now()}
    if message:
        values["message"] = message
    InstanceAction.objects.filter(instance_id=instance_uuid, request_id=request_id,
                                  finish_time__isnull=True).update(**values)


@contextmanager
def step(instance_uuid, request_id, name, host=""):
    """Record one chain step as an event: start now, finish with Success, or with Error and
    the traceback when the body raises (the exception propagates)."""
    action = (InstanceAction.objects.filter(instance_id=instance_uuid, request_id=request_id)
              .order_by("-id").first())
    event = None
    if action is not None:
        event = InstanceActionEvent.objects.create(action=action, event=name, host=host)
    try:
        yield event
    except Exception as exc:
        if event is not None:
            _close(event, "Error", tb.format_exc(), str(exc))
        raise
    if event is not None:
        _close(event, "Success")


def _close(event, result, traceback="", details=""):
    InstanceActionEvent.objects.filter(pk=event.pk).update(
        finish_time=timezone.now(), result=result, traceback=traceback, details=details[:2000])
