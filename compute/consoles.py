"""The console tail the API shows (os-getConsoleOutput): captured on the instance's host
from the driver's console log, with every power sync and on request, and read back from
the database so that no API request waits on a host."""
import logging

from django.db import transaction

from compute import steps, workflows
from compute.drivers import get_driver
from compute.drivers.base import DriverError
from compute.models import Instance

log = logging.getLogger(__name__)

TAIL_LINES = 1000
TAIL_BYTES = 100 * 1024  # Nova's libvirt driver caps console output at 100 KiB too


def capture(instance):
    """Host side: store the last TAIL_LINES lines (at most TAIL_BYTES) of the console log in
    Instance.console_tail. Again: stores the same or newer text. No log yet stores ''; a
    driver error keeps the previous tail (logged) and returns False."""
    spec = steps.spec(instance)
    try:
        text = get_driver().console_output(spec, TAIL_LINES)
    except DriverError as exc:
        log.warning("console of %s not captured: %s", instance.uuid, exc)
        return False
    Instance.objects.filter(pk=instance.pk).exclude(console_tail=text[-TAIL_BYTES:]).update(
        console_tail=text[-TAIL_BYTES:])
    return True


def request_capture(instance):
    """API side: ask the instance's host for a fresh capture once the transaction commits;
    never waits for it. Without a host there is no console to read."""
    if instance.host_id is None:
        return False
    signature = workflows.capture_console(instance.uuid, instance.host.name)
    transaction.on_commit(signature.apply_async)
    return True


def tail(text, length=None):
    """The last `length` lines as Nova cuts them (split on newlines, join the last pieces);
    None or -1: everything, 0: nothing."""
    if length is None or length == -1:
        return text
    if length == 0:
        return ""
    return "\n".join(text.split("\n")[-length:])
