"""Control-plane service records: what a scheduler worker registers as Nova's nova-scheduler
and nova-conductor services (compute hosts are Host rows)."""
import uuid as uuidlib
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

# Host ids and control-service ids share Nova's one integer service-id space (ids before
# microversion 2.53): control services are numbered from here, far above any host id.
CONTROL_ID_BASE = 1_000_000_000
# The availability zone Nova puts every service but nova-compute in.
INTERNAL_ZONE = "internal"


def _new_uuid():
    return str(uuidlib.uuid4())


class ControlService(models.Model):
    """One binary on one machine, kept fresh by the heartbeat of the worker that runs it;
    up while that heartbeat is younger than SERVICE_DOWN_TIME."""

    BINARIES = ("nova-scheduler", "nova-conductor")
    uuid = models.CharField(max_length=36, unique=True, default=_new_uuid, editable=False)
    host = models.CharField(max_length=255)
    binary = models.CharField(max_length=64, choices=[(b, b) for b in BINARIES])
    last_heartbeat = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["host", "binary"]
        constraints = [models.UniqueConstraint(fields=["host", "binary"],
                                               name="unique_control_service_per_host")]

    def __str__(self):
        return f"{self.binary} on {self.host}"

    @property
    def service_id(self):
        """The integer id Nova's API shows before 2.53."""
        return CONTROL_ID_BASE + self.pk

    @property
    def topic(self):
        """What /os-hosts calls the service: the binary without 'nova-'."""
        return self.binary.removeprefix("nova-")

    @property
    def is_up(self):
        if self.last_heartbeat is None:
            return False
        age = timezone.now() - self.last_heartbeat
        return age <= timedelta(seconds=settings.SERVICE_DOWN_TIME)
