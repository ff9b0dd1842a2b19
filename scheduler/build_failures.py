"""Counting each host's build failures since its last successful build (Nova's
failed_builds), which the build-failure weigher steers new builds away from."""
from django.db.models import F
from django.utils import timezone

from scheduler.models import BuildStats


def record_failure(host_id):
    """One more failed build on the host (None: the build never had a host, nothing)."""
    if host_id is None:
        return
    now = timezone.now()
    stats, created = BuildStats.objects.get_or_create(
        host_id=host_id, defaults={"failed_builds": 1, "last_failure_at": now})
    if not created:
        BuildStats.objects.filter(pk=stats.pk).update(
            failed_builds=F("failed_builds") + 1, last_failure_at=now)


def record_success(host_id):
    """A build succeeded on the host: its failures are forgiven."""
    if host_id is not None:
        BuildStats.objects.filter(host_id=host_id, failed_builds__gt=0).update(failed_builds=0)
