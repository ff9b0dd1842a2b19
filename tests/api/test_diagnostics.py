"""GET /servers/{id}/diagnostics: admin only, running servers only, both formats."""
from datetime import timedelta

from django.utils import timezone

from compute.specs import PowerState
from tests.api.microversion_case import MicroversionTestCase
from tests.factories import make_flavor, make_host, make_instance

STANDARD = {"state", "driver", "hypervisor", "hypervisor_os", "uptime", "num_cpus", "num_disks",
            "num_nics", "memory_details", "cpu_details", "nic_details", "disk_details",
            "config_drive"}


class DiagnosticsTests(MicroversionTestCase):
    def setUp(self):
        super().setUp()
        self.vm = make_instance(host=make_host(), project_id=self.project_a.id,
                                flavor=make_flavor(vcpus=2, memory_mb=2048),
                                launched_at=timezone.now() - timedelta(seconds=90))
        self.url = f"/compute/v2.1/servers/{self.vm.uuid}/diagnostics"

    def test_before_2_48_libvirt_style_counters(self):
        response = self.call("GET", self.url, as_user="admin")
        self.assertEqual(response.json(), {"memory": 2048 * 1024})

    def test_standard_format_from_2_48(self):
        body = self.call("GET", self.url, as_user="admin", version="2.48").json()
        self.assertEqual(set(body), STANDARD)
        self.assertEqual((body["state"], body["driver"], body["hypervisor"], body["num_cpus"]),
                         ("running", "libvirt", "qemu", 2))
        self.assertEqual(body["memory_details"], {"maximum": 2048, "used": None})
        self.assertEqual([c["id"] for c in body["cpu_details"]], [0, 1])
        self.assertGreaterEqual(body["uptime"], 90)
        self.assertEqual((body["num_disks"], len(body["disk_details"]), body["nic_details"]),
                         (1, 1, []))

    def test_stopped_or_unplaced_server_is_409(self):
        self.vm.power_state = PowerState.SHUTDOWN
        self.vm.save()
        message = self.assert_error(self.call("GET", self.url, as_user="admin"), 409,
                                    "conflictingRequest")
        self.assertIn("power state shutdown", message)
        unplaced = make_instance(project_id=self.project_a.id)
        self.assert_error(self.call("GET", f"/compute/v2.1/servers/{unplaced.uuid}/diagnostics",
                                    as_user="admin"), 409, "conflictingRequest")

    def test_owner_gets_403_and_unknown_server_404(self):
        self.assert_error(self.call("GET", self.url), 403, "forbidden")
        missing = "/compute/v2.1/servers/00000000-0000-0000-0000-000000000000/diagnostics"
        self.assert_error(self.call("GET", missing, as_user="admin"), 404, "itemNotFound")
