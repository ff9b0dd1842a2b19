"""/servers/{id}/metadata[/{key}]: read, replace (PUT), merge (POST), set and delete one
item, with Nova's rules: the quota answers 403, a locked or busy server 409."""
from django.urls import re_path

from api import schemas
from api.errors import BadRequest, NotFound
from api.openstack.compute import lookups
from api.openstack.compute.routing import V21
from api.views import OpenStackView, ok
from compute import metadata

# Nova's metadata body: the item count is a quota (403), not a schema rule (400).
_items = {key: value for key, value in schemas.metadata.items() if key != "maxProperties"}
ITEMS = {"type": "object", "properties": {"metadata": _items}, "required": ["metadata"],
         "additionalProperties": False}
ONE_ITEM = {"type": "object", "required": ["meta"], "additionalProperties": False,
            "properties": {"meta": {**_items, "minProperties": 1, "maxProperties": 1}}}


class ServerMetadata(OpenStackView):
    """GET, PUT (replace all), POST (merge) /servers/{id}/metadata."""

    request_schemas = {"put": ITEMS, "post": ITEMS}

    def get(self, request, server_id):
        return ok({"metadata": dict(lookups.server(self.context, server_id).metadata)})

    def put(self, request, server_id):
        return self._update(request, server_id, replace=True)

    def post(self, request, server_id):
        return self._update(request, server_id, replace=False)

    def _update(self, request, server_id, replace):
        items = schemas.validate(request.data, ITEMS)["metadata"]
        instance = lookups.server(self.context, server_id)
        stored = metadata.update_metadata(instance, items, replace=replace,
                                          is_admin=self.context.is_admin)
        return ok({"metadata": stored})


class ServerMetadataItem(OpenStackView):
    """GET, PUT, DELETE /servers/{id}/metadata/{key}."""

    request_schemas = {"put": ONE_ITEM}

    def get(self, request, server_id, key):
        items = lookups.server(self.context, server_id).metadata
        if key not in items:
            raise NotFound("Metadata item was not found")
        return ok({"meta": {key: items[key]}})

    def put(self, request, server_id, key):
        item = schemas.validate(request.data, ONE_ITEM)["meta"]
        instance = lookups.server(self.context, server_id)
        if key not in item:
            raise BadRequest("Request body and URI mismatch")
        metadata.update_metadata(instance, item, is_admin=self.context.is_admin)
        return ok({"meta": item})

    def delete(self, request, server_id, key):
        instance = lookups.server(self.context, server_id)
        metadata.delete_metadata_item(instance, key, is_admin=self.context.is_admin)
        return ok(None, status=204)


_ID = r"(?P<server_id>[^/]+)"
routes = [
    re_path(rf"{V21}/servers/{_ID}/metadata/?$", ServerMetadata.as_view()),
    re_path(rf"{V21}/servers/{_ID}/metadata/(?P<key>[^/]+)/?$", ServerMetadataItem.as_view()),
]
