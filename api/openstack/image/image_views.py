"""The Glance v2 image document: core attributes plus extra properties at the top level."""
from api.catalog import base_url
from api.openstack.compute.links import isotime


def render(image):
    """Glance's image view; optional attributes without a value are null, as Glance shows."""
    document = dict(image.properties)
    for name in ("kernel_id", "ramdisk_id"):
        if getattr(image, name):
            document[name] = getattr(image, name)
    document.update({
        "id": image.id, "name": image.name or None, "status": image.status,
        "visibility": image.visibility, "protected": image.protected,
        "os_hidden": image.os_hidden, "checksum": image.checksum or None,
        "os_hash_algo": image.os_hash_algo or None,
        "os_hash_value": image.os_hash_value or None, "owner": image.owner or None,
        "size": image.size, "virtual_size": image.virtual_size,
        "container_format": image.container_format or None,
        "disk_format": image.disk_format or None, "min_ram": image.min_ram,
        "min_disk": image.min_disk, "created_at": isotime(image.created_at),
        "updated_at": isotime(image.updated_at), "tags": list(image.tags),
        "self": f"/v2/images/{image.id}", "file": f"/v2/images/{image.id}/file",
        "schema": "/v2/schemas/image",
    })
    return document


def location(request, image):
    """The absolute URL of an image, for Location headers."""
    return f"{base_url(request)}/image/v2/images/{image.id}"
