"""The unmodified openstack CLI against a live stack: login, discovery, servers."""
from tests.integration.stack import LiveStackTestCase


class OpenStackCliTests(LiveStackTestCase):
    def test_token_issue_scopes_to_the_project(self):
        token = self.openstack("token", "issue")
        self.assertTrue(token["id"])
        self.assertEqual(len(token["project_id"]), 32)

    def test_wrong_password_is_refused(self):
        self.clouds_file.write_text(self.clouds_file.read_text().replace("secret", "wrong", 1))
        done = self.openstack("server", "list", cloud="admin", check=False)
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("401", done.stderr)
