"""The unmodified openstack CLI on networks: `network list`, `server create --network NAME`
(found through /network/v2.0), addresses in `server show`, floating IPs."""
from tests.factories import make_network
from tests.integration.stack import LiveStackTestCase


class NetworkCliTests(LiveStackTestCase):
    def setUp(self):
        super().setUp()
        self.private = make_network("private", "10.0.0.0/24", project_id="admin", shared=True)
        self.public = make_network("public", "172.24.4.0/24", project_id="admin",
                                   external=True)

    def test_network_list_shows_shared_and_external(self):
        names = sorted(n["Name"] for n in self.openstack("network", "list"))
        self.assertEqual(names, ["private", "public"])

    def test_server_create_on_a_named_network_and_floating_ip(self):
        image = self.flavor_and_image("net.tiny", "img")
        server = self.openstack("server", "create", "--flavor", "net.tiny", "--image",
                                image["id"], "--network", "private", "--wait", "vm-net")
        self.assertEqual(server["status"], "ACTIVE")
        self.assertIn("10.0.0.2", str(server["addresses"]))
        fip = self.openstack("floating", "ip", "create", "public")
        self.openstack("server", "add", "floating", "ip", "vm-net",
                       fip["floating_ip_address"], json_out=False)
        shown = self.openstack("server", "show", "vm-net")
        self.assertIn(fip["floating_ip_address"], str(shown["addresses"]))
        self.openstack("server", "delete", "--wait", "vm-net", json_out=False)
        ports = self.openstack("port", "list", "--device-owner", "compute:nova")
        self.assertEqual(ports, [])

    def test_own_network_subnet_port_and_a_server_on_them(self):
        self.openstack("network", "create", "mine")
        subnet = self.openstack("subnet", "create", "--network", "mine", "--subnet-range",
                                "10.60.0.0/24", "mine-v4")
        self.assertEqual((subnet["cidr"], subnet["gateway_ip"]), ("10.60.0.0/24", "10.60.0.1"))
        port = self.openstack("port", "create", "--network", "mine", "--fixed-ip",
                              "ip-address=10.60.0.9", "p1")
        self.assertIn("10.60.0.9", str(port["fixed_ips"]))
        image = self.flavor_and_image("net2.tiny", "img2")
        server = self.openstack("server", "create", "--flavor", "net2.tiny", "--image",
                                image["id"], "--nic", f"port-id={port['id']}", "--wait", "vm2")
        self.assertIn("10.60.0.9", str(server["addresses"]))
        bound = self.openstack("port", "show", "p1")
        self.assertEqual((bound["device_id"], bound["status"]), (server["id"], "ACTIVE"))
        refused = self.openstack("network", "delete", "mine", check=False, json_out=False)
        self.assertNotEqual(refused.returncode, 0)
        self.openstack("server", "delete", "--wait", "vm2", json_out=False)
        self.assertEqual(self.openstack("port", "show", "p1")["device_id"], "")
        self.openstack("port", "delete", "p1", json_out=False)
        self.openstack("network", "delete", "mine", json_out=False)
        self.assertEqual(sorted(n["Name"] for n in self.openstack("network", "list")),
                         ["private", "public"])
