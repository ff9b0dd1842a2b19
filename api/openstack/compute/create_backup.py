"""The createBackup server action: a snapshot of the server's root disk typed 'backup', after
which the server's oldest backups of that `backup_type` beyond `rotation` are deleted. 202 with
the image's compute Location below microversion 2.45 (none when rotation is 0), with
{"image_id"} from 2.45."""
from api import schemas
from api.errors import OverQuota
from api.openstack.compute.create_image import LAST_QUOTA_CHECK, MAX_ITEMS
from api.openstack.compute.links import links
from api.views import ok
from compute import snapshots

_metadata = {key: value for key, value in schemas.metadata.items() if key != "maxProperties"}
ARGUMENT = {"type": "object", "required": ["name", "backup_type", "rotation"],
            "additionalProperties": False,
            "properties": {"name": schemas.name, "backup_type": {"type": "string"},
                           "rotation": {**schemas.non_negative_int, "minLength": 1},
                           "metadata": _metadata}}


def create_backup(view, instance, arg, common):
    """Start the backup (409 unless active, stopped, paused or suspended and idle)."""
    body = schemas.validate(arg, ARGUMENT)
    metadata = body.get("metadata") or {}
    if view.version <= LAST_QUOTA_CHECK and len(metadata) > MAX_ITEMS:
        raise OverQuota("Image metadata limit exceeded")
    rotation = int(body["rotation"])
    image = snapshots.backup_instance(instance, body["name"], body["backup_type"], rotation,
                                      metadata, user_id=common["user_id"],
                                      project_id=view.context.project_id,
                                      request_id=common["request_id"])
    if view.version >= (2, 45):
        return ok({"image_id": image.id}, status=202)
    headers = {"Location": links(view.request, "images", image.id)[0]["href"]} if rotation else {}
    return ok(None, status=202, headers=headers)
