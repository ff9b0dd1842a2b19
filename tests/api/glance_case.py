"""GlanceTestCase: ApiTestCase with a private images directory and Glance v2 calls."""
import json
import pathlib
import tempfile

from django.test import override_settings

from compute.models import Image
from tests.api.base import ApiTestCase

V2 = "/image/v2"
PATCH_TYPE = "application/openstack-images-v2.1-json-patch"


class GlanceTestCase(ApiTestCase):
    """The ApiTestCase callers, image files under a temporary IMAGES_DIR."""

    def setUp(self):
        super().setUp()
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.images_dir = pathlib.Path(tmp.name)
        override = override_settings(IMAGES_DIR=self.images_dir)
        override.enable()
        self.addCleanup(override.disable)

    def create(self, as_user="alice", **image):
        body = {"name": "img", "disk_format": "raw", "container_format": "bare", **image}
        return self.call("POST", f"{V2}/images", body, as_user=as_user)

    def created(self, as_user="alice", **image):
        response = self.create(as_user=as_user, **image)
        self.assertEqual(response.status_code, 201, response.content)
        return response.json()

    def upload(self, image_id, data, as_user="alice", content_type="application/octet-stream"):
        return self.client.generic("PUT", f"{V2}/images/{image_id}/file", data,
                                   content_type=content_type,
                                   HTTP_X_AUTH_TOKEN=self.tokens[as_user])

    def active(self, data=b"x" * 1024, as_user="alice", **image):
        """An image created and uploaded by `as_user`, as its Glance document."""
        document = self.created(as_user=as_user, **image)
        response = self.upload(document["id"], data, as_user=as_user)
        self.assertEqual(response.status_code, 204, response.content)
        return self.call("GET", f"{V2}/images/{document['id']}", as_user=as_user).json()

    def patch(self, image_id, operations, as_user="alice", content_type=PATCH_TYPE):
        return self.client.generic("PATCH", f"{V2}/images/{image_id}", json.dumps(operations),
                                   content_type=content_type,
                                   HTTP_X_AUTH_TOKEN=self.tokens[as_user])

    def image(self, image_id):
        return Image.objects.get(id=image_id)
