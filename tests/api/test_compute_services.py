"""/os-services: listing hosts as nova-compute, updates before and from 2.53, delete, policy."""
from compute.models import Host
from tests.api.microversion_case import MicroversionTestCase
from tests.factories import make_host, make_instance

SERVICES = "/compute/v2.1/os-services"
FIELDS = {"id", "binary", "host", "zone", "status", "state", "updated_at", "disabled_reason"}


class ServiceTestCase(MicroversionTestCase):
    def setUp(self):
        super().setUp()
        self.host = make_host("svc-a", availability_zone="zone-1")
        self.other = make_host("svc-b", enabled=False, disabled_reason="broken",
                               last_heartbeat=None)

    def put(self, path, body, version=None, as_user="admin"):
        return self.call("PUT", SERVICES + path, body, as_user=as_user, version=version)


class ListTests(ServiceTestCase):
    def test_each_host_is_a_nova_compute_service(self):
        services = self.call("GET", SERVICES, as_user="admin").json()["services"]
        self.assertEqual([set(s) for s in services], [FIELDS, FIELDS])
        first, second = services
        self.assertEqual((first["id"], first["binary"], first["host"], first["zone"]),
                         (self.host.pk, "nova-compute", "svc-a", "zone-1"))
        self.assertEqual((first["status"], first["state"], first["disabled_reason"]),
                         ("enabled", "up", None))
        self.assertEqual((second["status"], second["state"], second["disabled_reason"],
                          second["updated_at"]), ("disabled", "down", "broken", None))

    def test_forced_down_from_2_11_and_uuid_ids_from_2_53(self):
        [service] = self.call("GET", SERVICES + "?host=svc-a", as_user="admin",
                              version="2.53").json()["services"]
        self.assertEqual(set(service), FIELDS | {"forced_down"})
        self.assertEqual(service["id"], self.host.uuid)

    def test_filters_by_host_and_binary(self):
        def hosts(query):
            response = self.call("GET", SERVICES + query, as_user="admin")
            return [s["host"] for s in response.json()["services"]]
        self.assertEqual(hosts("?host=svc-b"), ["svc-b"])
        self.assertEqual(hosts("?binary=nova-compute&host=svc-a"), ["svc-a"])
        self.assertEqual(hosts("?binary=nova-scheduler"), [])
        self.assertEqual(hosts("?xxx=1"), ["svc-a", "svc-b"])  # ignored before 2.75

    def test_unknown_query_parameter_is_400_from_2_75(self):
        response = self.call("GET", SERVICES + "?xxx=1", as_user="admin", version="2.75")
        self.assert_error(response, 400, "badRequest")


class ActionUpdateTests(ServiceTestCase):
    def test_disable_log_reason_then_enable(self):
        body = {"host": "svc-a", "binary": "nova-compute", "disabled_reason": "patching"}
        response = self.put("/disable-log-reason", body)
        self.assertEqual(response.json(), {"service": {
            "host": "svc-a", "binary": "nova-compute", "status": "disabled",
            "disabled_reason": "patching"}})
        self.host.refresh_from_db()
        self.assertEqual((self.host.enabled, self.host.disabled_reason), (False, "patching"))
        response = self.put("/enable", {"host": "svc-a", "binary": "nova-compute"})
        self.assertEqual(response.json()["service"]["status"], "enabled")
        self.host.refresh_from_db()
        self.assertEqual((self.host.enabled, self.host.disabled_reason), (True, ""))

    def test_force_down_from_2_11(self):
        body = {"host": "svc-a", "binary": "nova-compute", "forced_down": True}
        self.assert_error(self.put("/force-down", body), 400, "badRequest")  # unknown field
        self.assert_error(self.put("/force-down", {"host": "svc-a", "binary": "nova-compute"}),
                          404, "itemNotFound")  # unknown action
        response = self.put("/force-down", body, version="2.11")
        self.assertEqual(response.json()["service"]["forced_down"], True)
        self.assertFalse(Host.objects.get(name="svc-a").is_up)

    def test_update_errors(self):
        cases = [("/disable-log-reason", {"host": "svc-a", "binary": "nova-compute"}, 400),
                 ("/disable", {"host": "svc-a", "binary": "nova-scheduler"}, 400),
                 ("/disable", {"host": "nowhere", "binary": "nova-compute"}, 404),
                 ("/disable", {"host": "svc-a"}, 400),
                 ("/reboot", {"host": "svc-a", "binary": "nova-compute"}, 404)]
        for path, body, status in cases:
            with self.subTest(path=path, body=body):
                self.assertEqual(self.put(path, body).status_code, status)


class UuidUpdateTests(ServiceTestCase):
    def test_disable_with_reason_and_force_down_by_uuid(self):
        body = {"status": "disabled", "disabled_reason": "patching", "forced_down": True}
        service = self.put(f"/{self.host.uuid}", body, version="2.53").json()["service"]
        self.assertEqual((service["id"], service["status"], service["disabled_reason"],
                          service["forced_down"], service["state"]),
                         (self.host.uuid, "disabled", "patching", True, "down"))

    def test_uuid_update_errors(self):
        uuid = self.host.uuid
        cases = [("/enable", {"status": "enabled"}, 400),
                 ("/" + "1" * 8 + "-1111-1111-1111-" + "1" * 12, {"status": "enabled"}, 404),
                 (f"/{uuid}", {"status": "enabled", "disabled_reason": "x"}, 400),
                 (f"/{uuid}", {"disabled_reason": "x"}, 400),
                 (f"/{uuid}", {"status": "paused"}, 400)]
        for path, body, status in cases:
            with self.subTest(path=path, body=body):
                self.assertEqual(self.put(path, body, version="2.53").status_code, status)


class DeleteTests(ServiceTestCase):
    def test_delete_removes_the_host(self):
        response = self.call("DELETE", f"{SERVICES}/{self.other.pk}", as_user="admin")
        self.assertEqual(response.status_code, 204)
        self.assertFalse(Host.objects.filter(pk=self.other.pk).exists())

    def test_delete_of_a_host_with_instances_is_409(self):
        make_instance(host=self.host)
        response = self.call("DELETE", f"{SERVICES}/{self.host.pk}", as_user="admin")
        self.assert_error(response, 409, "conflictingRequest")
        self.assertTrue(Host.objects.filter(pk=self.host.pk).exists())

    def test_delete_by_uuid_from_2_53(self):
        self.assert_error(self.call("DELETE", f"{SERVICES}/{self.other.pk}", as_user="admin",
                                    version="2.53"), 400, "badRequest")
        response = self.call("DELETE", f"{SERVICES}/{self.other.uuid}", as_user="admin",
                             version="2.53")
        self.assertEqual(response.status_code, 204)

    def test_delete_unknown_is_404_and_bad_id_400(self):
        self.assert_error(self.call("DELETE", f"{SERVICES}/99999", as_user="admin"), 404,
                          "itemNotFound")
        self.assert_error(self.call("DELETE", f"{SERVICES}/abc", as_user="admin"), 400,
                          "badRequest")


class PolicyTests(ServiceTestCase):
    def test_non_admins_get_403(self):
        body = {"host": "svc-a", "binary": "nova-compute"}
        for method, path in (("GET", ""), ("PUT", "/disable"),
                             ("DELETE", f"/{self.host.pk}")):
            with self.subTest(method=method):
                response = self.call(method, SERVICES + path, body, as_user="alice")
                self.assert_error(response, 403, "forbidden")
        self.assertTrue(Host.objects.get(pk=self.host.pk).enabled)
