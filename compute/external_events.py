"""Events other services send about instances (Nova's os-server-external-events): which
ones an instance can take, and what each changes here."""
import logging

from django.db import transaction

from compute import events, states
from compute.specs import PowerState

log = logging.getLogger(__name__)

POWER_UPDATE = "power-update"
# Events that name what they are about in `tag` (a port, a volume, a power state)
TAG_REQUIRED = ("volume-extended", POWER_UPDATE, "accelerator-request-bound")
# power-update tag → (action recorded, vm_state it moves from, vm_state and power it reports)
POWER_TAGS = {
    "POWER_ON": ("start", states.STOPPED, states.ACTIVE, PowerState.RUNNING),
    "POWER_OFF": ("stop", states.ACTIVE, states.STOPPED, PowerState.SHUTDOWN),
}


class Undeliverable(Exception):
    """The event can't be taken; `code` is the per-event HTTP code Nova reports."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def check(instance, name, tag):
    """Undeliverable(404) for no instance, (400) for a missing required tag, (422) when the
    instance has no host yet."""
    if instance is None:
        raise Undeliverable(404, "no such instance")
    if name in TAG_REQUIRED and tag is None:
        raise Undeliverable(400, f"event {name} needs a tag")
    if instance.host_id is None:
        raise Undeliverable(422, f"instance {instance.uuid} has no host")


def deliver(instance, name, tag, request_id, user_id=""):
    """Act on one accepted event. power-update (the hypervisor changed the power state
    outside the cloud) records a start/stop action and the reported state, only while no
    task owns the instance; an unknown power tag is logged and skipped, as Nova does.
    Network and volume events have nothing to refresh until those services exist."""
    if name != POWER_UPDATE:
        return
    if tag not in POWER_TAGS:
        log.warning("invalid power state %s for %s: event skipped", tag, instance.uuid)
        return
    action, moves_from, vm_state, power = POWER_TAGS[tag]
    host = instance.host.name if instance.host_id else ""
    with transaction.atomic():
        events.start_action(instance, action, request_id, user_id)
        with events.step(instance.uuid, request_id, "compute_power_update", host):
            states.power_synced(instance.uuid, vm_state if instance.vm_state == moves_from
                                else None, power)
        events.finish_action(instance.uuid, request_id)
