"""What the steps of compute chains share (compute.tasks, compute.lifecycle_tasks): the
instance a step acts on, the driver's spec of it, and the recorded shape of a host step."""
import contextlib
import logging

from django.conf import settings

from compute import events, failures, states, workflows
from compute.drivers import get_driver
from compute.models import Instance
from compute.specs import PowerState, instance_spec

log = logging.getLogger(__name__)


def load(uuid, task_state):
    """The instance if `task_state` still owns it; None means: preempted, stand down."""
    instance = Instance.objects.select_related("host", "image").filter(uuid=uuid).first()
    if instance is None or instance.task_state != task_state:
        log.info("instance %s: no longer in %s, standing down", uuid, task_state)
        return None
    return instance


def load_live(uuid):
    """The instance unless it is gone or deleted (None)."""
    return (Instance.objects.select_related("host", "image").filter(uuid=uuid)
            .exclude(vm_state=states.DELETED).first())


def spec(instance):
    return instance_spec(instance, str(settings.IMAGES_DIR))


def power_state(uuid):
    """The power state the hypervisor reports for the instance's domain (NOSTATE: none)."""
    found = [d.power_state for d in get_driver().list_domains() if d.uuid == uuid]
    return found[0] if found else PowerState.NOSTATE


def host_name(instance):
    return instance.host.name if instance.host else ""


@contextlib.contextmanager
def host_step(uuid, request_id, event, instance, fail):
    """One host step recorded as the event `event`; when its body raises,
    `fail(instance, request_id, exc)` records the failure and the error propagates."""
    with events.step(uuid, request_id, event, host_name(instance)):
        try:
            yield
        except Exception as exc:
            fail(instance, request_id, exc)
            raise


def power_step(uuid, request_id, action, call):
    """The host step of a power action: `call(driver, spec)` while the action's task_state
    owns the instance; a failure puts it in ERROR with a fault."""
    instance = load(uuid, states.ACTIONS[action].task_state)
    if instance is None:
        return
    name = workflows.POWER_STEPS[action].split(".")[1]

    def fail(instance, request_id, exc):
        failures.fail_action(instance, request_id, action, exc)

    with host_step(uuid, request_id, f"compute_{name}", instance, fail):
        call(get_driver(), spec(instance))
