"""Which domain refusal answers with which API error: the one table from services' exceptions
to HTTP, read by the exception handler so views never translate them one by one."""
from django.core.exceptions import ValidationError

from api import errors
from compute import flavors, hosts, images, keypairs, metadata, quotas, services, states
from networking import errors as networking_errors
from scheduler import aggregates, hints

# Most specific first: the first class an exception is an instance of decides.
TABLE = (
    (states.InstanceConflict, errors.Conflict),
    (quotas.QuotaExceeded, errors.OverQuota),
    (quotas.InvalidQuota, errors.BadRequest),
    (services.InvalidRequest, errors.BadRequest),
    (services.NotFound, errors.NotFound),
    (metadata.InvalidTag, errors.BadRequest),
    (metadata.ItemNotFound, errors.NotFound),
    (keypairs.InvalidKeypair, errors.BadRequest),
    (keypairs.KeypairExists, errors.Conflict),
    (keypairs.KeypairNotFound, errors.NotFound),
    (flavors.InvalidFlavor, errors.BadRequest),
    (flavors.FlavorConflict, errors.Conflict),
    (flavors.NotFound, errors.NotFound),
    (images.ImageForbidden, errors.Forbidden),
    (hints.InvalidHints, errors.BadRequest),
    (hosts.HostInUse, errors.Conflict),
    (aggregates.AggregateNameExists, errors.Conflict),
    (aggregates.HostAlreadyMember, errors.Conflict),
    (networking_errors.NotFound, errors.NotFound),
    (networking_errors.Conflict, errors.Conflict),
    (networking_errors.Forbidden, errors.Forbidden),
    (networking_errors.NetworkingError, errors.BadRequest),
    (ValidationError, errors.BadRequest),  # a Model.clean() rule
)


def translate(exc):
    """The ApiError a domain exception answers with (its own message), or None."""
    for domain_class, api_class in TABLE:
        if isinstance(exc, domain_class):
            return api_class(message(exc))
    return None


def message(exc):
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)
