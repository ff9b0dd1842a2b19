"""Idempotency-Key on POST /servers and server actions: a retried request gets the original
response instead of doing the work twice (beyond Nova)."""
import functools
import hashlib
import json
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from api.errors import BadRequest, Conflict
from api.models import IdempotencyRecord
from api.views import ok


def _fingerprint(request):
    body = json.dumps(request.data, sort_keys=True, default=str)
    return hashlib.sha256(f"{request.method} {request.path}\n{body}".encode()).hexdigest()


def _live(context, key):
    since = timezone.now() - timedelta(seconds=settings.IDEMPOTENCY_TTL)
    return IdempotencyRecord.objects.filter(project_id=context.project_id, key=key,
                                            created_at__gte=since).first()


def _expire(context, key):
    since = timezone.now() - timedelta(seconds=settings.IDEMPOTENCY_TTL)
    IdempotencyRecord.objects.filter(project_id=context.project_id, key=key,
                                     created_at__lt=since).delete()


def _replay(request, record, fingerprint):
    if record.fingerprint != fingerprint:
        raise Conflict("Idempotency-Key was already used with a different request.")
    request._request.request_id = record.request_id  # echo the original request id
    return ok(record.body, status=record.status, headers=record.headers)


def idempotent(handler):
    """Wrap a view's post(): with an Idempotency-Key header, the first successful response
    is stored in the same transaction as the work it describes, and replayed afterwards."""

    @functools.wraps(handler)
    def wrapper(view, request, *args, **kwargs):
        key = request.META.get("HTTP_IDEMPOTENCY_KEY")
        if not key:
            return handler(view, request, *args, **kwargs)
        if len(key) > 255:
            raise BadRequest("Idempotency-Key must be at most 255 characters.")
        fingerprint = _fingerprint(request)
        record = _live(view.context, key)
        if record is not None:
            return _replay(request, record, fingerprint)
        try:
            with transaction.atomic():
                _expire(view.context, key)
                record = _live(view.context, key)  # a twin may have committed meanwhile
                if record is not None:
                    return _replay(request, record, fingerprint)
                response = handler(view, request, *args, **kwargs)
                if response.status_code < 300:
                    _store(view, request, key, fingerprint, response)
        except IntegrityError:  # a concurrent twin won the unique key; answer as it did
            return _replay(request, _live(view.context, key), fingerprint)
        return response

    wrapper.idempotent = True  # api.openapi documents the Idempotency-Key header from this
    return wrapper


def _store(view, request, key, fingerprint, response):
    headers = {k: v for k, v in response.items() if k in ("Location",)}
    IdempotencyRecord.objects.create(
        project_id=view.context.project_id, key=key, fingerprint=fingerprint,
        request_id=request.request_id, status=response.status_code,
        body=response.data, headers=headers)


def purge_expired():
    """Forget records older than IDEMPOTENCY_TTL."""
    since = timezone.now() - timedelta(seconds=settings.IDEMPOTENCY_TTL)
    return IdempotencyRecord.objects.filter(created_at__lt=since).delete()[0]
