"""API errors in OpenStack's wire shape: {"itemNotFound": {"code": 404, "message": "..."}}."""
import logging

from django.http import JsonResponse
from rest_framework import exceptions as drf

log = logging.getLogger(__name__)


class ApiError(Exception):
    """Base of every error the API answers with; subclasses fix the status and fault name."""

    status = 500
    fault = "computeFault"
    default = "The server has either erred or is incapable of performing the requested operation."

    def __init__(self, message=None, headers=None):
        self.message = message or self.default
        self.headers = headers or {}
        super().__init__(self.message)


class BadRequest(ApiError):
    status, fault, default = 400, "badRequest", "Invalid request."


class Unauthorized(ApiError):
    status, fault = 401, "unauthorized"
    default = "The request you have made requires authentication."


class Forbidden(ApiError):
    status, fault, default = 403, "forbidden", "Policy doesn't allow this operation."


class NotFound(ApiError):
    status, fault, default = 404, "itemNotFound", "The resource could not be found."


class MethodNotAllowed(ApiError):
    status, fault, default = 405, "HTTPMethodNotAllowed", "Method not allowed."


class NotAcceptable(ApiError):
    status, fault, default = 406, "HTTPNotAcceptable", "Version not supported."


class Conflict(ApiError):
    status, fault, default = 409, "conflictingRequest", "There was a conflict."


class OverQuota(ApiError):
    """Nova answers quota excess with 403 'forbidden' (413 'overLimit' for rate limits)."""

    status, fault, default = 403, "forbidden", "Quota exceeded."


class TooLarge(ApiError):
    status, fault, default = 413, "overLimit", "Request entity too large."


class FeatureNotSupported(ApiError):
    """What this cloud's hypervisor driver cannot do (Nova's 501)."""

    status, fault, default = 501, "notImplemented", "Feature not supported."


def error_response(error):
    """The JSON response of an ApiError."""
    response = JsonResponse({error.fault: {"code": error.status, "message": error.message}},
                            status=error.status)
    for name, value in error.headers.items():
        response[name] = value
    return response


_DRF_MAP = {
    drf.ParseError: BadRequest,
    drf.ValidationError: BadRequest,
    drf.NotAuthenticated: Unauthorized,
    drf.AuthenticationFailed: Unauthorized,
    drf.PermissionDenied: Forbidden,
    drf.NotFound: NotFound,
    drf.MethodNotAllowed: MethodNotAllowed,
    drf.NotAcceptable: NotAcceptable,
    drf.UnsupportedMediaType: BadRequest,
}


def exception_handler(exc, context):
    """DRF hook: every exception a view raises becomes an OpenStack error body."""
    if isinstance(exc, ApiError):
        return error_response(exc)
    from api.domain_errors import translate  # domain modules import the ORM: load late

    if (refusal := translate(exc)) is not None:
        return error_response(refusal)
    for drf_class, api_class in _DRF_MAP.items():
        if isinstance(exc, drf_class):
            detail = getattr(exc, "detail", None)
            return error_response(api_class(_flatten(detail) if detail else None))
    from rest_framework.views import exception_handler as drf_handler

    response = drf_handler(exc, context)
    if response is not None:
        return response
    log.exception("unexpected error in %s", context.get("view"))
    return error_response(ApiError())


def _flatten(detail):
    if isinstance(detail, dict):
        return "; ".join(f"{k}: {_flatten(v)}" for k, v in detail.items())
    if isinstance(detail, list):
        return "; ".join(_flatten(d) for d in detail)
    return str(detail)
