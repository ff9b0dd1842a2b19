"""API housekeeping steps."""
from celery import shared_task


@shared_task(name="api.purge_idempotency_records")
def purge_idempotency_records():
    """Forget Idempotency-Key responses older than IDEMPOTENCY_TTL."""
    from api import idempotency  # imported here: workers need not load DRF at start

    return idempotency.purge_expired()
