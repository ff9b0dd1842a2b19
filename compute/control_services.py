"""The scheduler worker's own service records (Nova's nova-scheduler and nova-conductor):
registered when the worker starts, kept fresh by a heartbeat on the worker's timer, listed by
/os-services, /os-hosts and the availability zone detail."""
import logging

from django.db import close_old_connections
from django.utils import timezone

from compute import workflows
from compute.service_models import ControlService

log = logging.getLogger(__name__)

# The queue a worker consumes → the Nova service it stands for: selecting and claiming hosts
# is the scheduler's work; bookkeeping chains (the default queue) are the conductor's.
BINARIES = {workflows.SCHEDULER_QUEUE: "nova-scheduler",
            workflows.DEFAULT_QUEUE: "nova-conductor"}


def binaries_for(queues):
    """The control services a worker consuming `queues` runs."""
    return sorted({BINARIES[q] for q in queues if q in BINARIES})


def report(host_name, binaries):
    """Register each binary on `host_name` on first sight, then refresh its heartbeat; a
    record an operator deleted comes back, as a running Nova service's does."""
    now = timezone.now()
    for binary in binaries:
        ControlService.objects.update_or_create(host=host_name, binary=binary,
                                                defaults={"last_heartbeat": now})


def keep_reporting(timer, host_name, binaries, interval):
    """Report every `interval` seconds on the worker's own timer (so each worker vouches for
    itself, whichever worker takes the shared queues' tasks). A failed report is logged and
    the next one tried: the service shows down meanwhile, which is the truth."""
    def beat():
        close_old_connections()  # a long-lived process: drop a connection the DB closed
        try:
            report(host_name, binaries)
        except Exception:  # noqa: BLE001 - the worker must outlive a database hiccup
            log.exception("heartbeat of %s on %s failed", ", ".join(binaries), host_name)

    return timer.call_repeatedly(interval, beat)


def delete_service(service):
    """Forget a control-service record (Nova allows deleting them); a worker still running
    registers it again at its next heartbeat."""
    ControlService.objects.filter(pk=service.pk).delete()
