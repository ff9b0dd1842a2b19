"""The unmodified openstack CLI against a live stack (gunicorn + real workers): login, flavors,
keypairs, server groups, image upload, the whole server lifecycle with --wait, limits, usage,
hypervisors, services, and project isolation."""
import subprocess

from tests.integration.stack import LiveStackTestCase


class OpenStackCliTests(LiveStackTestCase):
    def setUp(self):
        super().setUp()
        self.image_file = f"{self.state_dir}/cirros-like.qcow2"
        subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", self.image_file, "64M"],
                       check=True)

    def keypair(self, name):
        """Import a public key made with ssh-keygen, as users do with --public-key."""
        path = f"{self.state_dir}/{name}"
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", path],
                       check=True)
        return self.openstack("keypair", "create", "--public-key", f"{path}.pub", name)

    def upload_image(self, name="img", cloud="admin", public=True):
        args = ["image", "create", "--disk-format", "qcow2", "--container-format", "bare",
                "--file", self.image_file, name]
        return self.openstack(*args, *(["--public"] if public else []), cloud=cloud)

    def boot(self, name="vm1", cloud="alice", *extra):
        self.openstack("flavor", "create", "--ram", "256", "--disk", "1", "--vcpus", "1",
                       "cli.tiny", cloud="admin")
        image = self.upload_image()
        server = self.openstack("server", "create", "--flavor", "cli.tiny", "--image",
                                image["id"], "--wait", *extra, name, cloud=cloud)
        return server

    def test_token_issue_scopes_to_the_project(self):
        token = self.openstack("token", "issue")
        self.assertTrue(token["id"])
        self.assertEqual(len(token["project_id"]), 32)

    def test_wrong_password_is_refused(self):
        self.clouds_file.write_text(self.clouds_file.read_text().replace("secret", "wrong", 1))
        done = self.openstack("server", "list", cloud="admin", check=False)
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("401", done.stderr)

    def test_flavor_keypair_server_group_create(self):
        flavor = self.openstack("flavor", "create", "--ram", "512", "--disk", "1", "--vcpus",
                                "1", "f1", cloud="admin")
        self.assertEqual((flavor["name"], flavor["ram"]), ("f1", 512))
        names = [f["Name"] for f in self.openstack("flavor", "list")]
        self.assertIn("f1", names)
        key = self.keypair("k1")
        self.assertTrue(key["fingerprint"])
        self.assertEqual([k["Name"] for k in self.openstack("keypair", "list")], ["k1"])
        group = self.openstack("server", "group", "create", "--policy", "anti-affinity", "g1")
        self.assertEqual(group["name"], "g1")

    def test_image_upload_and_show(self):
        image = self.upload_image("uploaded", cloud="alice", public=False)
        shown = self.openstack("image", "show", "uploaded")
        self.assertEqual((shown["id"], shown["status"]), (image["id"], "active"))
        self.assertEqual(self.openstack("image", "list", cloud="bob"), [])

    def test_server_lifecycle_with_wait(self):
        server = self.boot("vm1", "alice", "--key-name", self.keypair("k2")["name"])
        self.assertEqual(server["status"], "ACTIVE")
        listed = self.openstack("server", "list")
        self.assertEqual([(s["Name"], s["Status"]) for s in listed], [("vm1", "ACTIVE")])
        # the CLI offers --wait on reboot (and delete) only; other actions are polled
        steps = [(["server", "stop"], "SHUTOFF"), (["server", "start"], "ACTIVE"),
                 (["server", "reboot", "--wait"], "ACTIVE"),
                 (["server", "reboot", "--hard", "--wait"], "ACTIVE"),
                 (["server", "pause"], "PAUSED"), (["server", "unpause"], "ACTIVE"),
                 (["server", "suspend"], "SUSPENDED"), (["server", "resume"], "ACTIVE")]
        for args, status in steps:
            self.openstack(*args, "vm1", json_out=False)
            self.wait_for(lambda s=status: self._settled("vm1", s), f"vm1 {status} after {args}")
        self.openstack("server", "delete", "--wait", "vm1", json_out=False)
        self.assertEqual(self.openstack("server", "list"), [])

    def _settled(self, name, status):
        server = self.openstack("server", "show", name)
        return server["status"] == status and not server["OS-EXT-STS:task_state"]

    def test_projects_are_isolated(self):
        self.boot("private-vm", "alice")
        self.assertEqual(self.openstack("server", "list", cloud="bob"), [])
        done = self.openstack("server", "show", "private-vm", cloud="bob", check=False)
        self.assertNotEqual(done.returncode, 0)
        everyone = self.openstack("server", "list", "--all-projects", cloud="admin")
        self.assertEqual([s["Name"] for s in everyone], ["private-vm"])

    def test_limits_usage_hypervisors_services(self):
        self.boot("counted", "alice")
        limits = {row["Name"]: row["Value"]
                  for row in self.openstack("limits", "show", "--absolute")}
        self.assertEqual(limits["instances_used"], 1)
        usage = self.openstack("usage", "list", cloud="admin")
        self.assertEqual(len(usage), 1)
        hypervisors = self.openstack("hypervisor", "list", cloud="admin")
        self.assertEqual(len(hypervisors), len(self.host_names))
        self.assertTrue(all(h["State"] == "up" for h in hypervisors))
        services = self.openstack("compute", "service", "list", cloud="admin")
        self.assertEqual({s["Host"] for s in services if s["Binary"] == "nova-compute"},
                         set(self.host_names))
        # the scheduler worker's records too, once its heartbeat refilled the flushed DB
        self.assertLessEqual({s["Binary"] for s in services},
                             {"nova-compute", "nova-scheduler", "nova-conductor"})
        self.assertTrue(all(s["State"] == "up" for s in services))
