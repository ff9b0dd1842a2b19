"""Placing an instance: run the configured algorithm, then claim candidates in order."""
import logging

from django.conf import settings
from django.utils.module_loading import import_string

from scheduler import claims
from scheduler.algorithms.base import NoValidHost
from scheduler.request import RequestSpec

log = logging.getLogger(__name__)


def get_scheduler():
    """The algorithm named by settings.SCHEDULER_DRIVER."""
    return import_string(settings.SCHEDULER_DRIVER)()


def select_and_claim(instance):
    """Choose a host for `instance` and claim its resources there; return the Host.
    Claims are conditional UPDATEs, so a candidate that filled up meanwhile is skipped
    and the next one is tried. Raises NoValidHost when none can be claimed."""
    scheduler = get_scheduler()
    spec = RequestSpec.from_instance(instance)
    candidates = scheduler.select(spec, scheduler.host_states())
    for candidate in candidates:
        if claims.claim(instance, candidate.host):
            log.info("instance %s claimed on %s", instance.uuid, candidate.name)
            return candidate.host
    raise NoValidHost(f"{len(candidates)} hosts fitted but all filled up meanwhile.")
