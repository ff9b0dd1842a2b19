"""The scheduler worker's nova-scheduler and nova-conductor records in /os-services,
/os-hosts: listed, filtered, not updatable, deletable."""
from datetime import timedelta

from django.utils import timezone

from compute import control_services
from compute.service_models import CONTROL_ID_BASE, ControlService
from tests.api.microversion_case import MicroversionTestCase
from tests.factories import make_host

SERVICES = "/compute/v2.1/os-services"
HOSTS = "/compute/v2.1/os-hosts"


class ControlServiceApiTests(MicroversionTestCase):
    def setUp(self):
        super().setUp()
        self.compute = make_host("cmp-1")
        control_services.report("ctl-1", ["nova-conductor", "nova-scheduler"])
        self.scheduler = ControlService.objects.get(binary="nova-scheduler")

    def services(self, query="", version=None):
        response = self.call("GET", SERVICES + query, as_user="admin", version=version)
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()["services"]

    def test_listed_after_the_compute_services_in_the_internal_zone(self):
        services = self.services()
        self.assertEqual([(s["binary"], s["host"]) for s in services], [
            ("nova-compute", "cmp-1"), ("nova-conductor", "ctl-1"), ("nova-scheduler", "ctl-1")])
        scheduler = services[2]
        self.assertEqual((scheduler["id"], scheduler["zone"], scheduler["status"],
                          scheduler["state"], scheduler["disabled_reason"]),
                         (CONTROL_ID_BASE + self.scheduler.pk, "internal", "enabled", "up",
                          None))

    def test_a_stale_heartbeat_shows_down(self):
        ControlService.objects.update(last_heartbeat=timezone.now() - timedelta(hours=1))
        self.assertEqual({s["state"] for s in self.services("?host=ctl-1")}, {"down"})

    def test_filters_by_binary_and_host(self):
        self.assertEqual([s["host"] for s in self.services("?binary=nova-scheduler")],
                         ["ctl-1"])
        self.assertEqual([s["binary"] for s in self.services("?binary=nova-compute")],
                         ["nova-compute"])
        self.assertEqual(len(self.services("?host=ctl-1")), 2)

    def test_uuid_ids_and_forced_down_from_2_53(self):
        [scheduler] = self.services("?binary=nova-scheduler", version="2.53")
        self.assertEqual((scheduler["id"], scheduler["forced_down"]),
                         (self.scheduler.uuid, False))

    def test_updating_a_scheduler_service_is_400(self):
        body = {"host": "ctl-1", "binary": "nova-scheduler"}
        response = self.call("PUT", f"{SERVICES}/disable", body, as_user="admin")
        self.assert_error(response, 400, "badRequest")
        response = self.call("PUT", f"{SERVICES}/{self.scheduler.uuid}", {"status": "disabled"},
                             as_user="admin", version="2.53")
        message = self.assert_error(response, 400, "badRequest")
        self.assertIn("Updating a nova-scheduler service is not supported", message)

    def test_delete_by_integer_id_and_by_uuid(self):
        response = self.call("DELETE", f"{SERVICES}/{CONTROL_ID_BASE + self.scheduler.pk}",
                             as_user="admin")
        self.assertEqual(response.status_code, 204)
        conductor = ControlService.objects.get(binary="nova-conductor")
        response = self.call("DELETE", f"{SERVICES}/{conductor.uuid}", as_user="admin",
                             version="2.53")
        self.assertEqual(response.status_code, 204)
        self.assertFalse(ControlService.objects.exists())
        self.assertEqual(self.services(), [self.services()[0]])  # the compute one stays

    def test_deleting_a_control_service_leaves_the_compute_host_of_the_same_pk(self):
        response = self.call("DELETE", f"{SERVICES}/{self.compute.pk}", as_user="admin")
        self.assertEqual(response.status_code, 204)
        self.assertEqual(ControlService.objects.count(), 2)

    def test_unknown_control_service_id_is_404(self):
        response = self.call("DELETE", f"{SERVICES}/{CONTROL_ID_BASE + 999}", as_user="admin")
        self.assert_error(response, 404, "itemNotFound")

    def test_os_hosts_lists_them_in_the_internal_zone(self):
        hosts = self.call("GET", HOSTS, as_user="admin").json()["hosts"]
        self.assertEqual(hosts, [
            {"host_name": "cmp-1", "service": "compute", "zone": "nova"},
            {"host_name": "ctl-1", "service": "conductor", "zone": "internal"},
            {"host_name": "ctl-1", "service": "scheduler", "zone": "internal"}])
        internal = self.call("GET", f"{HOSTS}?zone=internal", as_user="admin").json()["hosts"]
        self.assertEqual({h["service"] for h in internal}, {"conductor", "scheduler"})
        nova = self.call("GET", f"{HOSTS}?zone=nova", as_user="admin").json()["hosts"]
        self.assertEqual([h["service"] for h in nova], ["compute"])

    def test_os_hosts_show_of_a_control_only_host_is_404(self):
        self.assert_error(self.call("GET", f"{HOSTS}/ctl-1", as_user="admin"), 404,
                          "itemNotFound")
