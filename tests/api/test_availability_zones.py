"""Compute /os-availability-zone[/detail]: zones from the hosts, their states and hosts."""
from datetime import timedelta

from django.utils import timezone

from compute import control_services
from compute.models import Host
from compute.service_models import ControlService
from tests.api.base import ApiTestCase
from tests.factories import make_host

ZONES = "/compute/v2.1/os-availability-zone"


class AvailabilityZoneTests(ApiTestCase):
    def setUp(self):
        super().setUp()
        make_host("c1", availability_zone="nova")
        make_host("c2", availability_zone="zone-b",
                  last_heartbeat=timezone.now() - timedelta(hours=1))
        make_host("c3", availability_zone="zone-b", enabled=False)
        make_host("c4", availability_zone="zone-off", enabled=False)
        control_services.report("ctl", ["nova-conductor", "nova-scheduler"])

    def zones(self, response):
        self.assertEqual(response.status_code, 200, response.content)
        return {zone["zoneName"]: zone for zone in response.json()["availabilityZoneInfo"]}

    def test_list_names_zones_with_their_state_and_no_hosts(self):
        zones = self.zones(self.call("GET", ZONES))
        self.assertEqual(list(zones), ["nova", "zone-b", "zone-off"])
        self.assertEqual(zones["nova"], {"zoneName": "nova", "zoneState": {"available": True},
                                         "hosts": None})
        self.assertEqual(zones["zone-off"]["zoneState"], {"available": False})

    def test_list_hides_the_internal_zone(self):
        self.assertNotIn("internal", self.zones(self.call("GET", ZONES)))

    def test_detail_lists_enabled_hosts_with_compute_service_state(self):
        zones = self.zones(self.call("GET", f"{ZONES}/detail", as_user="admin"))
        self.assertEqual(list(zones), ["internal", "nova", "zone-b", "zone-off"])
        self.assertEqual(set(zones["zone-b"]["hosts"]), {"c2"})
        service = zones["zone-b"]["hosts"]["c2"]["nova-compute"]
        self.assertEqual((service["available"], service["active"]), (False, True))
        self.assertRegex(service["updated_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$")
        self.assertTrue(zones["nova"]["hosts"]["c1"]["nova-compute"]["available"])
        self.assertIsNone(zones["zone-off"]["hosts"])

    def test_detail_internal_zone_has_the_registered_scheduler_and_conductor(self):
        internal = self.zones(self.call("GET", f"{ZONES}/detail", as_user="admin"))["internal"]
        self.assertEqual(set(internal["hosts"]), {"ctl"})
        services = internal["hosts"]["ctl"]
        self.assertEqual(set(services), {"nova-scheduler", "nova-conductor"})
        self.assertTrue(services["nova-scheduler"]["available"])

    def test_detail_has_no_internal_zone_without_control_services(self):
        ControlService.objects.all().delete()
        zones = self.zones(self.call("GET", f"{ZONES}/detail", as_user="admin"))
        self.assertNotIn("internal", zones)

    def test_detail_is_admin_only(self):
        self.assert_error(self.call("GET", f"{ZONES}/detail"), 403, "forbidden")

    def test_reader_may_list(self):
        self.assertEqual(self.call("GET", ZONES, as_user="reader").status_code, 200)

    def test_no_hosts_no_zones(self):
        Host.objects.all().delete()
        self.assertEqual(self.call("GET", ZONES).json(), {"availabilityZoneInfo": []})
