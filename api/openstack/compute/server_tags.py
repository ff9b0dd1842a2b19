"""/servers/{id}/tags[/{tag}] (microversion 2.26 on): list, replace, clear, check, add and
remove the simple string tags of a server."""
from urllib.parse import quote

from django.urls import re_path

from api import schemas
from api.errors import BadRequest, NotFound
from api.openstack.compute import lookups
from api.openstack.compute.links import links
from api.openstack.compute.routing import V21
from api.views import OpenStackView, ok
from compute import metadata

TAG = {"type": "string", "pattern": "^[^,/]*$", "minLength": 1,
       "maxLength": metadata.MAX_TAG_LENGTH}
TAG_LIST = {"type": "array", "items": TAG, "maxItems": metadata.MAX_TAGS}
TAGS = {"type": "object", "required": ["tags"], "additionalProperties": False,
        "properties": {"tags": TAG_LIST}}


class TagView(OpenStackView):
    """Tags exist from 2.26; before, these paths are unknown."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.version < (2, 26):
            raise NotFound()


class ServerTags(TagView):
    """GET, PUT (replace all), DELETE (remove all) /servers/{id}/tags."""

    request_schemas = {"put": TAGS}

    def get(self, request, server_id):
        return ok({"tags": list(lookups.server(self.context, server_id).tags)})

    def put(self, request, server_id):
        tags = schemas.validate(request.data, TAGS)["tags"]
        instance = lookups.server(self.context, server_id)
        return ok({"tags": metadata.set_tags(instance, tags)})

    def delete(self, request, server_id):
        instance = lookups.server(self.context, server_id)
        metadata.clear_tags(instance)
        return ok(None, status=204)


class ServerTag(TagView):
    """GET (204 if present), PUT (201 added, 204 already there), DELETE one tag."""

    def get(self, request, server_id, tag):
        if tag not in lookups.server(self.context, server_id).tags:
            raise NotFound(f"Server {server_id} has no tag '{tag}'")
        return ok(None, status=204)

    def put(self, request, server_id, tag):
        if request.data not in (None, {}):
            raise BadRequest("Invalid input: the request body must be empty.")
        instance = lookups.server(self.context, server_id)
        added = metadata.add_tag(instance, tag)
        if not added:
            return ok(None, status=204)
        location = f"{links(request, 'servers', instance.uuid)[0]['href']}/tags/{quote(tag)}"
        return ok(None, status=201, headers={"Location": location})

    def delete(self, request, server_id, tag):
        instance = lookups.server(self.context, server_id)
        metadata.remove_tag(instance, tag)
        return ok(None, status=204)


_ID = r"(?P<server_id>[^/]+)"
routes = [
    re_path(rf"{V21}/servers/{_ID}/tags/?$", ServerTags.as_view()),
    re_path(rf"{V21}/servers/{_ID}/tags/(?P<tag>[^/]+)/?$", ServerTag.as_view()),
]
