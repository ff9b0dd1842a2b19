"""Glance v2 /images: create, list (filters, sorting, paging), show, JSON-patch update, delete,
the tags of an image and its (always empty) task list."""
import json
from urllib.parse import urlencode

from api.errors import BadRequest, NotFound
from api.openstack.image import image_filters, image_patch, image_schemas
from api.openstack.image.faults import require_media_type, translated
from api.openstack.image.image_views import location, render
from api.views import OpenStackView, ok
from compute import images


def _query(params, **changes):
    items = [(k, v) for k in params for v in params.getlist(k) if k not in changes]
    items += [(k, v) for k, v in changes.items() if v is not None]
    return urlencode(items)


class ImageList(OpenStackView):
    """GET /v2/images, POST /v2/images."""

    request_schemas = {"post": image_schemas.IMAGE}

    def get(self, request):
        page, next_marker = image_filters.page(request.GET, self.context)
        first = _query(request.GET, marker=None)
        body = {"images": [render(image) for image in page],
                "first": "/v2/images" + (f"?{first}" if first else ""),
                "schema": "/v2/schemas/images"}
        if next_marker:
            body["next"] = f"/v2/images?{_query(request.GET, marker=next_marker)}"
        return ok(body)

    def post(self, request):
        values = image_schemas.validate(request.data)
        context = self.context
        with translated():
            image = images.create_image(values, project_id=context.project_id,
                                        is_admin=context.is_admin)
        return ok(render(image), status=201, headers={"Location": location(request, image)})


class ImageItem(OpenStackView):
    """GET, PATCH, DELETE /v2/images/{id}."""

    responses = {"patch": (415,)}
    request_media_types = {"patch": image_patch.MEDIA_TYPES}

    def get(self, request, image_id):
        with translated():
            image = images.get(image_id, self.context.project_id, self.context.is_admin)
        return ok(render(image))

    def patch(self, request, image_id):
        require_media_type(request, *image_patch.MEDIA_TYPES)
        try:
            operations = json.loads(request.body or b"null")
        except (ValueError, RecursionError):
            raise BadRequest("Malformed JSON in request body.") from None
        context = self.context
        with translated():
            image = images.get(image_id, context.project_id, context.is_admin)
            images.check_writable(image, context.project_id, context.is_admin)
            document = image_schemas.validate(
                image_patch.apply(images.document(image), operations))
            image = images.update_image(image, document, project_id=context.project_id,
                                        is_admin=context.is_admin)
        return ok(render(image))

    def delete(self, request, image_id):
        context = self.context
        with translated():
            image = images.get(image_id, context.project_id, context.is_admin)
            images.delete_image(image, project_id=context.project_id,
                                is_admin=context.is_admin)
        return ok(None, status=204)


class ImageTasks(OpenStackView):
    """GET /v2/images/{id}/tasks (Image API 2.12): the image's import tasks. Images here are
    uploaded or snapshotted directly, never imported through a task, so the list is empty."""

    def get(self, request, image_id):
        with translated():
            images.get(image_id, self.context.project_id, self.context.is_admin)
        return ok({"tasks": []})


class ImageTag(OpenStackView):
    """PUT, DELETE /v2/images/{id}/tags/{tag}."""

    def put(self, request, image_id, tag):
        if len(tag) > 255:
            raise BadRequest("Tag is too long: at most 255 characters.")
        self._retag(image_id, lambda tags: tags | {tag})
        return ok(None, status=204)

    def delete(self, request, image_id, tag):
        def without(tags):
            if tag not in tags:
                raise NotFound(f"Tag {tag} not found.")
            return tags - {tag}

        self._retag(image_id, without)
        return ok(None, status=204)

    def _retag(self, image_id, change):
        context = self.context
        with translated():
            image = images.get(image_id, context.project_id, context.is_admin)
            images.check_writable(image, context.project_id, context.is_admin)
            document = images.document(image)
            document["tags"] = sorted(change(set(document["tags"])))
            images.update_image(image, document, project_id=context.project_id,
                                is_admin=context.is_admin)
