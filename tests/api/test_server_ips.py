"""/servers/{id}/ips[/{network}] of a server without ports: no addresses; tenancy as /servers."""
from tests.api.base import ApiTestCase
from tests.factories import make_instance


class ServerIpsTests(ApiTestCase):
    def setUp(self):
        super().setUp()
        self.vm = make_instance(project_id=self.project_a.id)
        self.url = f"/compute/v2.1/servers/{self.vm.uuid}/ips"

    def test_addresses_are_empty(self):
        response = self.call("GET", self.url, as_user="reader")
        self.assertEqual((response.status_code, response.json()), (200, {"addresses": {}}))

    def test_unknown_network_is_404(self):
        self.assert_error(self.call("GET", self.url + "/private"), 404, "itemNotFound")

    def test_other_projects_server_is_404(self):
        self.assert_error(self.call("GET", self.url, as_user="bob"), 404, "itemNotFound")
        self.assertEqual(self.call("GET", self.url, as_user="admin").status_code, 200)
