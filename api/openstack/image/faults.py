"""How refusals of the image services become HTTP errors (JSON bodies, Glance's codes)."""
from contextlib import contextmanager

from api.errors import ApiError, BadRequest, Conflict, Forbidden, NotFound, TooLarge
from compute import image_data, images


class UnsupportedMediaType(ApiError):
    status, fault, default = 415, "unsupportedMediaType", "Unsupported media type."


class Gone(ApiError):
    status, fault, default = 410, "gone", "The resource is gone."


ERRORS = (
    (images.ImageNotFound, NotFound),
    (images.ImageForbidden, Forbidden),
    (images.ImageConflict, Conflict),
    (images.ImageOverLimit, TooLarge),
    (image_data.UploadInvalid, BadRequest),
    (image_data.UploadConflict, Conflict),
    (image_data.UploadTooLarge, TooLarge),
    (image_data.UploadGone, Gone),
)


@contextmanager
def translated():
    """Raise the API error of each service refusal, with the service's message."""
    try:
        yield
    except (images.ImageError, image_data.UploadError) as exc:
        for service_error, api_error in ERRORS:
            if isinstance(exc, service_error):
                raise api_error(str(exc)) from exc
        raise


def require_media_type(request, *accepted):
    """415 unless the request's Content-Type is one of `accepted`."""
    media_type = (request.content_type or "").split(";")[0].strip().lower()
    if media_type not in accepted:
        raise UnsupportedMediaType(f"Unsupported Content-Type: '{media_type}'; expected "
                                   f"{' or '.join(accepted)}.")
