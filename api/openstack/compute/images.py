"""/images (Nova's image proxy, microversions 2.1–2.35): list, detail, show and delete of
the image records, rendered as Nova renders Glance images."""
from django.http import QueryDict
from django.urls import re_path

from api.catalog import base_url
from api.errors import Forbidden, NotFound
from api.openstack.compute import paging
from api.openstack.compute.links import isotime, links
from api.openstack.compute.routing import V21
from api.openstack.image import image_filters
from api.views import OpenStackView, ok
from compute import images

# Nova's mapping of Glance statuses, and the progress it shows for each.
STATUS = {"active": "ACTIVE", "queued": "SAVING", "saving": "SAVING", "deleted": "DELETED",
          "pending_delete": "DELETED", "killed": "ERROR"}
PROGRESS = {"queued": 25, "saving": 50, "active": 100}
# Nova's query filters → the Glance filters it asks for.
FILTERS = {"name": "name", "status": "status", "server": "instance_uuid", "type": "image_type",
           "minRam": "min_ram", "minDisk": "min_disk"}


def metadata(image):
    """An image's extra properties, kernel and ramdisk included (Nova's image metadata)."""
    items = dict(image.properties)
    for name in ("kernel_id", "ramdisk_id"):
        if getattr(image, name):
            items[name] = getattr(image, name)
    return items


def _links(request, image):
    return [*links(request, "images", image.id),
            {"rel": "alternate", "type": "application/vnd.openstack.image",
             "href": f"{base_url(request)}/image/images/{image.id}"}]


def basic(request, image):
    return {"id": image.id, "name": image.name or None, "links": _links(request, image)}


def detail(request, image):
    """Nova's image view: status and progress mapped, the snapshot's server linked."""
    items = metadata(image)
    body = {**basic(request, image), "minRam": image.min_ram, "minDisk": image.min_disk,
            "metadata": items, "created": isotime(image.created_at),
            "updated": isotime(image.updated_at),
            "status": STATUS.get(image.status, "UNKNOWN"),
            "progress": PROGRESS.get(image.status, 0),
            "OS-EXT-IMG-SIZE:size": image.size or 0}
    if items.get("instance_uuid"):
        body["server"] = {"id": items["instance_uuid"],
                          "links": links(request, "servers", items["instance_uuid"])}
    if "auto_disk_config" in items:
        auto = str(items["auto_disk_config"]).lower() in ("1", "true", "yes", "on", "y", "t")
        body["OS-DCF:diskConfig"] = "AUTO" if auto else "MANUAL"
    return body


def glance_query(query):
    """Nova's image list parameters as the Glance query Nova sends for them."""
    glance = QueryDict(mutable=True)
    for name, value in query.items():
        if name in FILTERS:
            glance[FILTERS[name]] = value.lower() if name == "status" else value
        elif name.startswith("property-"):
            glance[name[len("property-"):]] = value
        elif name in ("limit", "marker"):
            glance[name] = value
    if "instance_uuid" in glance:
        glance["instance_uuid"] = glance["instance_uuid"].rsplit("/", 1)[-1]
    if query.get("changes-since"):
        glance["updated_at"] = f"gte:{query['changes-since']}"
    return glance


class ImageProxyView(OpenStackView):
    """The proxy answers up to `max_version`; above it the resource does not exist."""

    max_version = (2, 35)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.version > self.max_version:
            raise NotFound("The resource could not be found.")

    def image(self, image_id):
        try:
            return images.get(image_id, self.context.project_id, self.context.is_admin)
        except images.ImageNotFound:
            raise NotFound("Image not found.") from None


class ImageList(ImageProxyView):
    """GET /images (id, name, links)."""

    render = staticmethod(basic)
    collection = "images"

    def get(self, request):
        page, _ = image_filters.page(glance_query(request.GET), self.context,
                                     default_limit=paging.MAX_LIMIT)
        body = {"images": [self.render(request, image) for image in page]}
        next_links = paging.next_links(request, self.collection, len(page),
                                       page[-1].id if page else None)
        if next_links:
            body["images_links"] = next_links
        return ok(body)

    def delete(self, request):
        raise NotFound()  # DELETE /images/ (a blank id): Nova's router finds no such route


class ImageDetailList(ImageList):
    """GET /images/detail."""

    render = staticmethod(detail)
    collection = "images/detail"


class ImageItem(ImageProxyView):
    """GET, DELETE /images/{id}."""

    def get(self, request, image_id):
        return ok({"image": detail(request, self.image(image_id))})

    def delete(self, request, image_id):
        image = self.image(image_id)
        try:
            images.delete_image(image, project_id=self.context.project_id,
                                is_admin=self.context.is_admin)
        except images.ImageForbidden:
            raise Forbidden("You are not allowed to delete the image.") from None
        return ok(None, status=204)


ID = r"(?P<image_id>[^/]+)"
routes = [
    re_path(rf"{V21}/images/?$", ImageList.as_view()),
    re_path(rf"{V21}/images/detail/?$", ImageDetailList.as_view()),
    re_path(rf"{V21}/images/{ID}/?$", ImageItem.as_view()),
]
