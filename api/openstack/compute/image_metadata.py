"""/images/{id}/metadata[/{key}] (Nova's image metadata proxy, microversions 2.1–2.38): an
image's extra properties, read and written through the image records."""
from django.urls import re_path

from api import schemas
from api.errors import BadRequest, Forbidden, NotFound, OverQuota
from api.openstack.compute.images import ImageProxyView, metadata
from api.openstack.compute.routing import V21
from api.openstack.compute.server_metadata import ITEMS, ONE_ITEM
from api.openstack.image import image_schemas
from api.views import ok
from compute import images

MAX_ITEMS = 128  # Nova's default metadata_items quota


class ImageMetadataView(ImageProxyView):
    max_version = (2, 38)

    def replace(self, image, items):
        """Make `items` the image's whole metadata (Nova updates Glance with purge_props)."""
        if len(items) > MAX_ITEMS:
            raise OverQuota("Image metadata limit exceeded")
        kept = ("kernel_id", "ramdisk_id")
        document = {name: value for name, value in images.document(image).items()
                    if name in images.COLUMNS and name not in kept}
        document.update(items)
        image_schemas.validate(document)
        try:
            images.update_image(image, document, project_id=self.context.project_id,
                                is_admin=self.context.is_admin)
        except images.ImageForbidden as exc:
            raise Forbidden(str(exc)) from None
        except images.ImageNotFound:
            raise NotFound("Image not found.") from None


class ImageMetadata(ImageMetadataView):
    """GET, PUT (replace all), POST (merge) /images/{id}/metadata."""

    request_schemas = {"put": ITEMS, "post": ITEMS}

    def get(self, request, image_id):
        return ok({"metadata": metadata(self.image(image_id))})

    def put(self, request, image_id):
        items = schemas.validate(request.data, ITEMS)["metadata"]
        self.replace(self.image(image_id), items)
        return ok({"metadata": items})

    def post(self, request, image_id):
        items = schemas.validate(request.data, ITEMS)["metadata"]
        image = self.image(image_id)
        merged = {**metadata(image), **items}
        self.replace(image, merged)
        return ok({"metadata": merged})


class ImageMetadataItem(ImageMetadataView):
    """GET, PUT, DELETE /images/{id}/metadata/{key}."""

    request_schemas = {"put": ONE_ITEM}

    def get(self, request, image_id, key):
        items = metadata(self.image(image_id))
        if key not in items:
            raise NotFound()
        return ok({"meta": {key: items[key]}})

    def put(self, request, image_id, key):
        item = schemas.validate(request.data, ONE_ITEM)["meta"]
        if key not in item:
            raise BadRequest("Request body and URI mismatch")
        image = self.image(image_id)
        self.replace(image, {**metadata(image), **item})
        return ok({"meta": item})

    def delete(self, request, image_id, key):
        image = self.image(image_id)
        items = metadata(image)
        if key not in items:
            raise NotFound("Invalid metadata key")
        del items[key]
        self.replace(image, items)
        return ok(None, status=204)


ID = r"(?P<image_id>[^/]+)"
routes = [
    re_path(rf"{V21}/images/{ID}/metadata/?$", ImageMetadata.as_view()),
    re_path(rf"{V21}/images/{ID}/metadata/(?P<key>[^/]+)/?$", ImageMetadataItem.as_view()),
]
