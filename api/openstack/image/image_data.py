"""Glance v2 /images/{id}/file: streamed upload (PUT) and download (GET) of image data."""
from django.http import FileResponse, HttpResponse

from api.errors import BadRequest
from api.openstack.image.faults import require_media_type, translated
from api.views import OpenStackView, ok
from compute import image_data, images


def _declared_size(request):
    value = request.META.get("CONTENT_LENGTH")
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise BadRequest(f"Invalid Content-Length: {value}") from None


def _chunks(request):
    """The request body in chunks, never whole in memory. Without a Content-Length (chunked
    transfer encoding) the WSGI server's own input is read: gunicorn de-chunks it."""
    if request.META.get("CONTENT_LENGTH"):
        stream = request._request
    elif "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
        stream = request.META["wsgi.input"]
    else:
        return
    while chunk := stream.read(image_data.CHUNK_SIZE):
        yield chunk


class ImageFile(OpenStackView):
    """PUT (upload) and GET (download) /v2/images/{id}/file."""

    responses = {"put": (410, 415)}
    request_media_types = {"put": ("application/octet-stream",)}

    def put(self, request, image_id):
        require_media_type(request, "application/octet-stream")
        context = self.context
        with translated():
            image = images.get(image_id, context.project_id, context.is_admin)
            images.check_writable(image, context.project_id, context.is_admin)
            image_data.upload(image, _chunks(request), _declared_size(request))
        return ok(None, status=204)

    def get(self, request, image_id):
        with translated():
            image = images.get(image_id, self.context.project_id, self.context.is_admin)
        data = image_data.open_data(image)
        if data is None:
            return HttpResponse(status=204)
        response = FileResponse(data, content_type="application/octet-stream")
        response["Content-Length"] = str(image.size)
        response["Content-MD5"] = image.checksum
        return response
