"""The unmodified openstack CLI on security groups (through /network/v2.0): create a group and
a rule, boot a server in it on real workers, add and remove groups, and the group held while
the server lives."""

from tests.factories import make_network
from tests.integration.stack import LiveStackTestCase


class SecurityGroupCliTests(LiveStackTestCase):
    def setUp(self):
        super().setUp()
        make_network("private", "10.0.0.0/24", project_id="admin", shared=True)

    def boot(self, *extra):
        image = self.flavor_and_image("sg.tiny", "img")
        return self.openstack("server", "create", "--flavor", "sg.tiny", "--image",
                              image["id"], "--network", "private", *extra, "--wait", "vm-sg")

    def test_group_and_rule_through_the_cli(self):
        group = self.openstack("security", "group", "create", "--description", "web tier",
                               "web")
        self.openstack("security", "group", "rule", "create", "--protocol", "tcp",
                       "--dst-port", "22", "--remote-ip", "10.0.0.0/8", "web")
        rules = self.openstack("security", "group", "rule", "list", "web")
        ingress = [r for r in rules if r["Direction"] == "ingress"]
        self.assertEqual([(r["IP Protocol"], r["Port Range"], r["IP Range"]) for r in ingress],
                         [("tcp", "22:22", "10.0.0.0/8")])
        names = sorted(g["Name"] for g in self.openstack("security", "group", "list"))
        self.assertEqual(names, ["default", "web"])
        self.openstack("security", "group", "delete", group["id"], json_out=False)
        self.assertNotIn("web", [g["Name"] for g in self.openstack("security", "group",
                                                                   "list")])

    def test_server_in_a_group_holds_it_until_deleted(self):
        self.openstack("security", "group", "create", "web")
        server = self.boot("--security-group", "web")
        self.assertEqual(server["status"], "ACTIVE")
        self.assertIn("web", str(self.openstack("server", "show", "vm-sg")["security_groups"]))
        refused = self.openstack("security", "group", "delete", "web", json_out=False,
                                 check=False)
        self.assertNotEqual(refused.returncode, 0)
        self.openstack("server", "add", "security", "group", "vm-sg", "default",
                       json_out=False)
        self.openstack("server", "remove", "security", "group", "vm-sg", "web",
                       json_out=False)
        shown = str(self.openstack("server", "show", "vm-sg")["security_groups"])
        self.assertIn("default", shown)
        self.assertNotIn("web", shown)
        self.openstack("security", "group", "delete", "web", json_out=False)
        self.openstack("server", "delete", "--wait", "vm-sg", json_out=False)
