"""The createImage server action: snapshot the server's root disk into a new image; 202 with
the image's Location below microversion 2.45, with {"image_id"} from 2.45."""
from api import schemas
from api.errors import OverQuota
from api.openstack.image.image_views import location
from api.views import ok
from compute import snapshots

MAX_ITEMS = 128  # Nova's default metadata_items quota, checked on image metadata too
LAST_QUOTA_CHECK = (2, 38)  # from 2.39 Nova no longer counts image metadata against it
_metadata = {key: value for key, value in schemas.metadata.items() if key != "maxProperties"}
ARGUMENT = {"type": "object", "required": ["name"], "additionalProperties": False,
            "properties": {"name": schemas.name, "metadata": _metadata}}


def create_image(view, instance, arg, common):
    """Start the snapshot (409 unless active, stopped, paused or suspended and idle)."""
    body = schemas.validate(arg, ARGUMENT)
    metadata = body.get("metadata") or {}
    if view.version <= LAST_QUOTA_CHECK and len(metadata) > MAX_ITEMS:
        raise OverQuota("Image metadata limit exceeded")
    image = snapshots.snapshot_instance(instance, body["name"], metadata,
                                        user_id=common["user_id"],
                                        project_id=view.context.project_id,
                                        request_id=common["request_id"])
    if view.version >= (2, 45):
        return ok({"image_id": image.id}, status=202)
    return ok(None, status=202, headers={"Location": location(view.request, image)})
