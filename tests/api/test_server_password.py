"""/servers/{id}/os-server-password: read what the guest posted, clear it."""
from compute.models import Instance
from tests.api.base import ApiTestCase
from tests.factories import make_instance


class ServerPasswordTests(ApiTestCase):
    def setUp(self):
        super().setUp()
        self.vm = make_instance(project_id=self.project_a.id, encrypted_password="c2VjcmV0")
        self.url = f"/compute/v2.1/servers/{self.vm.uuid}/os-server-password"

    def test_get_returns_the_encrypted_password(self):
        self.assertEqual(self.call("GET", self.url, as_user="reader").json(),
                         {"password": "c2VjcmV0"})

    def test_delete_clears_it(self):
        self.assertEqual(self.call("DELETE", self.url).status_code, 204)
        self.assertEqual(self.call("GET", self.url).json(), {"password": ""})

    def test_readers_cannot_clear_and_other_projects_see_nothing(self):
        self.assert_error(self.call("DELETE", self.url, as_user="reader"), 403, "forbidden")
        self.assert_error(self.call("GET", self.url, as_user="bob"), 404, "itemNotFound")
        self.assert_error(self.call("DELETE", self.url, as_user="bob"), 404, "itemNotFound")
        self.assertEqual(Instance.objects.get(pk=self.vm.pk).encrypted_password, "c2VjcmV0")
