"""API housekeeping steps."""
from celery import shared_task

from api import idempotency


@shared_task(name="api.purge_idempotency_records")
def purge_idempotency_records():
    """Forget Idempotency-Key responses older than IDEMPOTENCY_TTL."""
    return idempotency.purge_expired()
