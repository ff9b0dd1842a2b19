"""The unmodified openstack CLI on networks: `network list`, `server create --network NAME`
(found through /network/v2.0), addresses in `server show`, floating IPs."""
import subprocess

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
        image_file = f"{self.state_dir}/net.qcow2"
        subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", image_file, "64M"],
                       check=True)
        self.openstack("flavor", "create", "--ram", "256", "--disk", "1", "--vcpus", "1",
                       "net.tiny", cloud="admin")
        image = self.openstack("image", "create", "--disk-format", "qcow2",
                               "--container-format", "bare", "--file", image_file, "--public",
                               "img", cloud="admin")
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
