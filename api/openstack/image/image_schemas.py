"""The Glance image schema: validation of what clients write, served at /v2/schemas/image."""
import jsonschema

from api.errors import BadRequest, Forbidden
from api.views import OpenStackView, ok

UUID = "^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$"
DISK_FORMATS = ["ami", "ari", "aki", "vhd", "vhdx", "vmdk", "raw", "qcow2", "vdi", "iso",
                "ploop"]
CONTAINER_FORMATS = ["ami", "ari", "aki", "bare", "ovf", "ova", "docker", "compressed"]
VISIBILITIES = ["public", "private", "shared", "community"]
STATUSES = ["queued", "saving", "active", "killed", "deleted", "uploading", "importing",
            "pending_delete", "deactivated"]
READ_ONLY = ("checksum", "created_at", "direct_url", "file", "locations", "os_hash_algo",
             "os_hash_value", "schema", "self", "size", "status", "stores", "updated_at",
             "virtual_size")
RESERVED = ("deleted", "deleted_at", "location")
RESERVED_PREFIX = "os_glance"

_nullable_uuid = {"type": ["null", "string"], "pattern": UUID}
WRITABLE = {
    "id": {"type": "string", "pattern": UUID},
    "name": {"type": ["null", "string"], "maxLength": 255},
    "visibility": {"type": "string", "enum": VISIBILITIES},
    "protected": {"type": "boolean"},
    "os_hidden": {"type": "boolean"},
    "owner": {"type": ["null", "string"], "maxLength": 255},
    "container_format": {"type": ["null", "string"], "enum": [None, *CONTAINER_FORMATS]},
    "disk_format": {"type": ["null", "string"], "enum": [None, *DISK_FORMATS]},
    "min_ram": {"type": "integer", "minimum": 0},
    "min_disk": {"type": "integer", "minimum": 0},
    "tags": {"type": "array", "items": {"type": "string", "maxLength": 255}},
    "kernel_id": _nullable_uuid,
    "ramdisk_id": _nullable_uuid,
}
_read_only = {"type": ["null", "string", "integer"], "readOnly": True}
IMAGE = {
    "name": "image",
    "type": "object",
    "properties": {**WRITABLE, **{name: _read_only for name in READ_ONLY},
                   "status": {"type": "string", "readOnly": True, "enum": STATUSES}},
    "additionalProperties": {"type": "string", "maxLength": 65535},
    "propertyNames": {"maxLength": 255},
    "links": [{"rel": "self", "href": "{self}"}, {"rel": "enclosure", "href": "{file}"},
              {"rel": "describedby", "href": "{schema}"}],
}
IMAGES = {
    "name": "images",
    "properties": {"images": {"type": "array", "items": IMAGE},
                   "schema": {"type": "string"}, "first": {"type": "string"},
                   "next": {"type": "string"}},
    "links": [{"rel": "first", "href": "{first}"}, {"rel": "next", "href": "{next}"},
              {"rel": "describedby", "href": "{schema}"}],
}


def check_writable(name):
    """403 for attributes no client may set (Glance's read-only and reserved ones)."""
    if name in READ_ONLY:
        raise Forbidden(f"Attribute '{name}' is read-only.")
    if name in RESERVED or name.startswith(RESERVED_PREFIX):
        raise Forbidden(f"Attribute '{name}' is reserved.")


def validate(document):
    """400 unless `document` (an image's writable attributes) matches the image schema."""
    if not isinstance(document, dict):
        raise BadRequest("Provided object does not match schema 'image': expected an object")
    for name in document:
        check_writable(name)
    try:
        jsonschema.validate(document, IMAGE)
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path)
        raise BadRequest(f"Provided object does not match schema 'image': {exc.message}"
                         + (f" (at '{where}')" if where else ""))
    return document


class ImageSchema(OpenStackView):
    """GET /v2/schemas/image."""

    def get(self, request):
        return ok(IMAGE)


class ImagesSchema(OpenStackView):
    """GET /v2/schemas/images."""

    def get(self, request):
        return ok(IMAGES)
