"""Images as records (Glance's rules): who may see and change them, create, update, delete."""
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from compute import image_data
from compute.models import Image

DELETED = "deleted"
# Glance attributes kept as Image columns; every other attribute is an extra property.
COLUMNS = ("name", "disk_format", "container_format", "visibility", "protected", "min_ram",
           "min_disk", "tags", "os_hidden", "owner", "kernel_id", "ramdisk_id")
_NULLABLE = ("name", "disk_format", "container_format", "owner", "kernel_id", "ramdisk_id")
# Glance's image_property_quota and image_tag_quota.
MAX_PROPERTIES = 128
MAX_TAGS = 128
# Only while queued: the data and its format go together (Glance's rule).
QUEUED_ONLY = ("disk_format", "container_format")


class ImageError(Exception):
    """A refused image operation; the subclass names the kind (the API picks the status)."""


class ImageNotFound(ImageError):
    """Absent, deleted, or not visible to the caller (404)."""


class ImageForbidden(ImageError):
    """The caller may see the image but not do this to it (403)."""


class ImageConflict(ImageError):
    """The image is not in a state that allows this (409)."""


class ImageOverLimit(ImageError):
    """Too many properties or tags, or too much data (413)."""


def readable(project_id, is_admin):
    """Live images a project may read: public, community and its own (admins: all)."""
    live = Image.objects.exclude(status=DELETED)
    if is_admin:
        return live
    return live.filter(Q(visibility__in=("public", "community")) | Q(owner=project_id))


def listed(project_id, is_admin, visibility=None):
    """What an image list shows: `visibility` ('all' or one of them), by default everything
    readable except other projects' community images, as Glance lists."""
    qs = readable(project_id, is_admin)
    if visibility and visibility != "all":
        return qs.filter(visibility=visibility)
    if visibility == "all":
        return qs
    return qs.filter(~Q(visibility="community") | Q(owner=project_id))


def get(image_id, project_id, is_admin):
    """The readable image `image_id`, else ImageNotFound."""
    image = readable(project_id, is_admin).filter(id=str(image_id)).first()
    if image is None:
        raise ImageNotFound(f"No image found with ID {image_id}")
    return image


def document(image):
    """The writable attributes of `image` as Glance names them, extra properties included."""
    values = {name: getattr(image, name) for name in COLUMNS}
    for name in _NULLABLE:
        values[name] = values[name] or None
    if values["kernel_id"] is None:
        del values["kernel_id"]
    if values["ramdisk_id"] is None:
        del values["ramdisk_id"]
    return {**image.properties, **values}


def _split(values):
    """Glance attributes → (Image column values, extra properties)."""
    columns = {name: values[name] for name in COLUMNS if name in values}
    for name in _NULLABLE:
        if name in columns and columns[name] is None:
            columns[name] = ""
    for name in ("kernel_id", "ramdisk_id"):
        columns.setdefault(name, "")
    properties = {k: v for k, v in values.items() if k not in COLUMNS and k != "id"}
    if len(properties) > MAX_PROPERTIES:
        raise ImageOverLimit(f"Maximum number of image properties ({MAX_PROPERTIES}) exceeded")
    if len(set(columns.get("tags", []))) > MAX_TAGS:
        raise ImageOverLimit(f"Maximum number of image tags ({MAX_TAGS}) exceeded")
    if "tags" in columns:
        columns["tags"] = sorted(set(columns["tags"]))
    return columns, properties


def _check_policy(columns, project_id, is_admin, current=None):
    """Glance's defaults: only admins publicize images or give them to another project."""
    if is_admin:
        return
    if columns.get("visibility") == "public" and getattr(current, "visibility", "") != "public":
        raise ImageForbidden("You are not authorized to complete publicize_image action.")
    owner = columns.get("owner")
    if owner and owner != (current.owner if current else project_id):
        raise ImageForbidden(f"You are not permitted to create or change images owned by "
                             f"'{owner}'.")


def create_image(values, *, project_id, is_admin):
    """A queued image from Glance attributes `values` (schema-valid): owned by the caller's
    project unless an admin says otherwise, visibility 'shared' unless given."""
    columns, properties = _split(values)
    _check_policy(columns, project_id, is_admin)
    columns["owner"] = columns.get("owner") or project_id
    columns.setdefault("visibility", "shared")
    columns.setdefault("disk_format", "")
    columns.setdefault("container_format", "")
    image_id = values.get("id")
    with transaction.atomic():
        if image_id and Image.objects.filter(id=image_id).exists():
            raise ImageConflict(f"Image with identifier {image_id} already exists!")
        extra = {"id": image_id} if image_id else {}
        return Image.objects.create(status="queued", properties=properties, **columns, **extra)


def check_writable(image, project_id, is_admin):
    """Only the owner (or an admin) changes or deletes an image."""
    if not is_admin and image.owner != project_id:
        raise ImageForbidden(f"You are not permitted to modify image {image.id}.")


def update_image(image, values, *, project_id, is_admin):
    """Make `values` (the whole new document of writable attributes) the image's."""
    check_writable(image, project_id, is_admin)
    columns, properties = _split(values)
    _check_policy(columns, project_id, is_admin, current=image)
    for name in QUEUED_ONLY:
        if name in columns and columns[name] != getattr(image, name) and \
                image.status != "queued":
            raise ImageForbidden(f"Attribute {name} can be only replaced for a queued image.")
    updated = Image.objects.filter(pk=image.pk).exclude(status=DELETED).update(
        properties=properties, updated_at=timezone.now(), **columns)
    if not updated:
        raise ImageNotFound(f"No image found with ID {image.id}")
    image.refresh_from_db()
    return image


def delete_image(image, *, project_id, is_admin):
    """Delete (Glance keeps the row, status 'deleted'); its file goes unless a live instance's
    disk still reads it. Protected images refuse."""
    check_writable(image, project_id, is_admin)
    if image.protected:
        raise ImageForbidden(f"Image {image.id} is protected and cannot be deleted.")
    discard(image.id)


def discard(image_id):
    """Mark the image deleted whatever its state and drop its unused files (idempotent)."""
    Image.objects.filter(pk=image_id).exclude(status=DELETED).update(
        status=DELETED, updated_at=timezone.now())
    image_data.remove_unused(image_id)
