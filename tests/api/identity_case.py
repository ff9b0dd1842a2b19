"""IdentityTestCase: ApiTestCase with Keystone v3 paths, ids and Keystone error assertions."""
from api import tokens
from tests.api.base import ApiTestCase

V3 = "/identity/v3"


class IdentityTestCase(ApiTestCase):
    """The ApiTestCase callers, plus their Keystone ids and Keystone's error body."""

    def setUp(self):
        super().setUp()
        self.ids = {name: tokens.identity_of(user).id for name, user in (
            ("admin", self.admin), ("alice", self.alice), ("bob", self.bob),
            ("reader", self.reader))}

    def v3(self, method, path, body=None, as_user="admin", **kwargs):
        return self.call(method, V3 + path, body, as_user=as_user, **kwargs)

    def assert_keystone_error(self, response, status, title):
        """{"error": {"code", "message", "title"}}; returns the message."""
        self.assertEqual(response.status_code, status, response.content)
        self.assertEqual(response["Content-Type"], "application/json")
        error = response.json()["error"]
        self.assertEqual(error["code"], status)
        self.assertEqual(error["title"], title)
        self.assertTrue(error["message"])
        return error["message"]

    def assert_status(self, response, status):
        self.assertEqual(response.status_code, status, response.content)
        return response.json() if response.content else None
