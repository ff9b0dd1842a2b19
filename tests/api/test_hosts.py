"""/os-hosts: list by zone, resource usage rows, enable/disable, the unsupported actions."""
from compute.models import Host
from tests.api.microversion_case import MicroversionTestCase
from tests.factories import make_host, make_instance

HOSTS = "/compute/v2.1/os-hosts"


class HostTestCase(MicroversionTestCase):
    def setUp(self):
        super().setUp()
        self.host = make_host("host-a", availability_zone="zone-1", reserved_memory_mb=512,
                              vcpus_used=3, memory_mb_used=1536, local_gb_used=3)
        make_host("host-b", availability_zone="zone-2")
        make_host("host-off", enabled=False)

    def get(self, path="", as_user="admin", version=None):
        return self.call("GET", HOSTS + path, as_user=as_user, version=version)


class ListShowTests(HostTestCase):
    def test_lists_enabled_compute_hosts(self):
        self.assertEqual(self.get().json(), {"hosts": [
            {"host_name": "host-a", "service": "compute", "zone": "zone-1"},
            {"host_name": "host-b", "service": "compute", "zone": "zone-2"}]})

    def test_zone_filter_and_blank_zone(self):
        self.assertEqual([h["host_name"] for h in self.get("?zone=zone-2").json()["hosts"]],
                         ["host-b"])
        self.assertEqual(len(self.get("?zone=").json()["hosts"]), 2)
        self.assertEqual(self.get("?zone=nowhere").json()["hosts"], [])

    def test_show_has_total_used_now_used_max_and_project_rows(self):
        make_instance(host=self.host, project_id="p1", vcpus=2, memory_mb=1024, root_gb=2)
        make_instance(host=self.host, project_id="p2", vcpus=1, memory_mb=512, root_gb=1)
        rows = [r["resource"] for r in self.get("/host-a").json()["host"]]
        self.assertEqual([r["project"] for r in rows],
                         ["(total)", "(used_now)", "(used_max)", "p1", "p2"])
        self.assertEqual(rows[0], {"host": "host-a", "project": "(total)", "cpu": 8,
                                   "memory_mb": 16384, "disk_gb": 100})
        self.assertEqual((rows[1]["cpu"], rows[1]["memory_mb"]), (3, 2048))
        self.assertEqual((rows[2]["cpu"], rows[2]["memory_mb"], rows[2]["disk_gb"]),
                         (3, 1536, 3))

    def test_show_unknown_host_is_404(self):
        self.assert_error(self.get("/nonexistent_hostname"), 404, "itemNotFound")

    def test_gone_after_2_42(self):
        self.assertEqual(self.get(version="2.42").status_code, 200)
        self.assert_error(self.get(version="2.43"), 404, "itemNotFound")


class UpdateTests(HostTestCase):
    def put(self, body, name="host-a"):
        return self.call("PUT", f"{HOSTS}/{name}", body, as_user="admin")

    def test_status_disable_then_enable(self):
        self.assertEqual(self.put({"status": "disable"}).json(),
                         {"host": "host-a", "status": "disabled"})
        self.assertFalse(Host.objects.get(name="host-a").enabled)
        self.assertEqual(self.put({"status": "ENABLE"}).json()["status"], "enabled")
        self.assertTrue(Host.objects.get(name="host-a").enabled)

    def test_invalid_bodies_are_400(self):
        for body in ({"status": "bad"}, {"maintenance_mode": "bad"}, {}, {"other": "x"}):
            with self.subTest(body=body):
                self.assert_error(self.put(body), 400, "badRequest")

    def test_unknown_host_is_404(self):
        self.assert_error(self.put({"status": "enable"}, name="nope"), 404, "itemNotFound")

    def test_maintenance_mode_is_not_supported(self):
        self.assert_error(self.put({"maintenance_mode": "enable"}), 501, "notImplemented")

    def test_power_actions_are_not_supported_and_404_for_unknown_hosts(self):
        for action in ("startup", "shutdown", "reboot"):
            with self.subTest(action):
                self.assert_error(self.get(f"/host-a/{action}"), 501, "notImplemented")
                self.assert_error(self.get(f"/nope/{action}"), 404, "itemNotFound")


class PolicyTests(HostTestCase):
    def test_non_admins_get_403(self):
        for method, path, body in (("GET", "", None), ("GET", "/host-a", None),
                                   ("PUT", "/host-a", {"status": "disable"}),
                                   ("GET", "/host-a/reboot", None)):
            with self.subTest(method=method, path=path):
                response = self.call(method, HOSTS + path, body, as_user="alice")
                self.assert_error(response, 403, "forbidden")
        self.assertTrue(Host.objects.get(name="host-a").enabled)
