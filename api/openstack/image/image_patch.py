"""Glance's JSON-patch image updates: add, replace and remove of top-level attributes."""
import copy

from api.errors import BadRequest, Conflict, Forbidden
from api.openstack.image import image_schemas

MEDIA_TYPES = ("application/openstack-images-v2.1-json-patch",
               "application/openstack-images-v2.0-json-patch")
OPERATIONS = ("add", "replace", "remove")
# Attributes every image has: they can be replaced, never removed.
BASE = ("name", "visibility", "protected", "os_hidden", "owner", "container_format",
        "disk_format", "min_ram", "min_disk", "tags")


def _attribute(path):
    """'/name' → 'name' (JSON pointer unescaping); deeper pointers are not supported."""
    if not isinstance(path, str) or not path.startswith("/") or "/" in path[1:] or \
            len(path) < 2:
        raise BadRequest(f"Invalid JSON pointer for this resource: '{path}'")
    return path[1:].replace("~1", "/").replace("~0", "~")


def _parse(operation):
    if not isinstance(operation, dict) or operation.get("op") not in OPERATIONS:
        op = operation.get("op") if isinstance(operation, dict) else operation
        raise BadRequest(f"Operation objects must contain exactly one of the members: "
                         f"{', '.join(OPERATIONS)}; got {op!r}.")
    op = operation["op"]
    if op != "remove" and "value" not in operation:
        raise BadRequest(f"Unable to find 'value' in JSON Schema change for {op}.")
    name = _attribute(operation.get("path"))
    if name == "id":
        raise Forbidden("Attribute 'id' is read-only.")
    image_schemas.check_writable(name)
    return op, name, operation.get("value")


def apply(document, operations):
    """The image document after `operations`, in order; 400/403/409 as Glance refuses."""
    if not isinstance(operations, list):
        raise BadRequest("Request body must be a JSON array of operation objects.")
    result = copy.deepcopy(document)
    for operation in operations:
        op, name, value = _parse(operation)
        if op == "add":
            result[name] = value
        elif op == "replace":
            if name not in result and name not in BASE:
                raise Conflict(f"Property {name} does not exist.")
            result[name] = value
        elif name in BASE:
            raise Forbidden(f"Property {name} may not be removed.")
        elif name not in result:
            raise Conflict(f"Property {name} does not exist.")
        else:
            del result[name]
    return result
