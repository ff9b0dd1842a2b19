"""A body nested deeper than the JSON decoder recurses is a 400 in each API's error body,
never a 500 (the decoder's RecursionError)."""
from tests.api.base import ApiTestCase

DEEP = "[" * 100000 + "]" * 100000


class DeeplyNestedBodyTests(ApiTestCase):
    def post_raw(self, path, data, content_type="application/json"):
        return self.client.generic("POST" if "images/" not in path else "PATCH", path, data,
                                   content_type=content_type,
                                   HTTP_X_AUTH_TOKEN=self.tokens["alice"])

    def test_compute_api_answers_bad_request(self):
        for path in ("/compute/v2.1/servers", "/compute/v2.1/os-security-groups",
                     "/compute/v2.1/os-floating-ips"):
            self.assert_error(self.post_raw(path, DEEP), 400, "badRequest")

    def test_network_api_answers_a_neutron_400(self):
        for path in ("/network/v2.0/networks", "/network/v2.0/ports",
                     "/network/v2.0/security-group-rules"):
            response = self.post_raw(path, DEEP)
            self.assertEqual(response.status_code, 400, response.content)
            self.assertIn("NeutronError", response.json())

    def test_image_patch_answers_bad_request(self):
        created = self.call("POST", "/image/v2/images", {"name": "i", "disk_format": "qcow2",
                                                         "container_format": "bare"})
        self.assertEqual(created.status_code, 201, created.content)
        response = self.post_raw(f"/image/v2/images/{created.json()['id']}", DEEP,
                                 "application/openstack-images-v2.1-json-patch")
        self.assert_error(response, 400, "badRequest")

    def test_identity_token_request_answers_a_keystone_400(self):
        response = self.client.post("/identity/v3/auth/tokens", DEEP,
                                    content_type="application/json")
        self.assertEqual(response.status_code, 400, response.content)
        self.assertEqual(response.json()["error"]["code"], 400)
