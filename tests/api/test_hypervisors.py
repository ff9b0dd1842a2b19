"""/os-hypervisors: shapes per microversion, statistics, uptime, search, paging, policy."""
import json
from datetime import timedelta

from django.utils import timezone

from tests.api.microversion_case import MicroversionTestCase
from tests.factories import make_host, make_instance

HYPERVISORS = "/compute/v2.1/os-hypervisors"
BRIEF = {"id", "hypervisor_hostname", "state", "status"}
DETAIL_V21 = BRIEF | {
    "hypervisor_type", "hypervisor_version", "host_ip", "service", "vcpus", "vcpus_used",
    "memory_mb", "memory_mb_used", "local_gb", "local_gb_used", "free_ram_mb",
    "free_disk_gb", "current_workload", "running_vms", "disk_available_least", "cpu_info"}
UPTIME = " 10:00:00 up 3 days,  2:04,  load average: 0.10, 0.20, 0.30"


class HypervisorTestCase(MicroversionTestCase):
    def setUp(self):
        super().setUp()
        self.host = make_host("hv-a", hypervisor_hostname="hv-a.example", reserved_memory_mb=512,
                              memory_mb_used=1024, vcpus_used=2, local_gb_used=10,
                              host_ip="192.0.2.10", uptime=UPTIME, cpu_model="x86_64")
        self.other = make_host("hv-b", hypervisor_hostname="hv-b.example", enabled=False,
                               disabled_reason="maintenance", last_heartbeat=None)
        self.vm = make_instance(host=self.host, display_name="vm-on-a")

    def get(self, path="", version=None, as_user="admin"):
        return self.call("GET", HYPERVISORS + path, as_user=as_user, version=version)


class ListTests(HypervisorTestCase):
    def test_list_shows_id_hostname_state_status(self):
        items = self.get().json()["hypervisors"]
        self.assertEqual([set(i) for i in items], [BRIEF, BRIEF])
        self.assertEqual(items[0], {"id": self.host.pk, "hypervisor_hostname": "hv-a.example",
                                    "state": "up", "status": "enabled"})
        self.assertEqual((items[1]["state"], items[1]["status"]), ("down", "disabled"))

    def test_detail_has_nova_fields_with_reserves_counted_as_used(self):
        item = self.get("/detail").json()["hypervisors"][0]
        self.assertEqual(set(item), DETAIL_V21)
        self.assertEqual((item["memory_mb_used"], item["free_ram_mb"]), (1536, 16384 - 1536))
        self.assertEqual((item["running_vms"], item["host_ip"]), (1, "192.0.2.10"))
        self.assertEqual(item["service"], {"host": "hv-a", "id": self.host.pk,
                                           "disabled_reason": None})
        self.assertEqual(json.loads(item["cpu_info"])["model"], "x86_64")

    def test_cpu_info_is_an_object_from_2_28(self):
        item = self.get("/detail", version="2.28").json()["hypervisors"][0]
        self.assertEqual(item["cpu_info"], {"arch": "x86_64", "model": "x86_64"})

    def test_building_instances_are_the_current_workload(self):
        make_instance(host=self.host, vm_state="building", task_state="spawning")
        item = self.get("/detail").json()["hypervisors"][0]
        self.assertEqual((item["current_workload"], item["running_vms"]), (1, 2))

    def test_ids_are_uuids_from_2_53(self):
        item = self.get("/detail", version="2.53").json()["hypervisors"][0]
        self.assertEqual((item["id"], item["service"]["id"]), (self.host.uuid, self.host.uuid))

    def test_2_88_drops_capacity_and_adds_uptime(self):
        item = self.get("/detail", version="2.88").json()["hypervisors"][0]
        self.assertEqual(set(item), BRIEF | {"hypervisor_type", "hypervisor_version", "host_ip",
                                             "service", "uptime"})
        self.assertEqual(item["uptime"], UPTIME)

    def test_paging_from_2_33_links_the_next_page(self):
        body = self.get("?limit=1", version="2.33").json()
        self.assertEqual(len(body["hypervisors"]), 1)
        self.assertIn(f"marker={self.host.pk}", body["hypervisors_links"][0]["href"])
        after = self.get(f"?limit=1&marker={self.host.pk}", version="2.33").json()
        self.assertEqual(after["hypervisors"][0]["id"], self.other.pk)

    def test_unknown_marker_is_400(self):
        self.assert_error(self.get("?marker=999", version="2.33"), 400, "badRequest")

    def test_hostname_pattern_and_with_servers_from_2_53(self):
        body = self.get("/detail?hypervisor_hostname_pattern=hv-a&with_servers=true",
                        version="2.53").json()
        [item] = body["hypervisors"]
        self.assertEqual(item["servers"], [{"name": "vm-on-a", "uuid": self.vm.uuid}])
        self.assertNotIn("hypervisors_links", body)

    def test_empty_servers_listed_from_2_75(self):
        path = "?hypervisor_hostname_pattern=hv-b&with_servers=1"
        self.assertNotIn("servers", self.get(path, version="2.53").json()["hypervisors"][0])
        self.assertEqual(self.get(path, version="2.75").json()["hypervisors"][0]["servers"], [])

    def test_2_53_query_errors_are_400(self):
        for path in ("?with_servers=maybe", "?bogus=1",
                     "?hypervisor_hostname_pattern=hv&limit=1"):
            with self.subTest(path):
                self.assert_error(self.get(path, version="2.53"), 400, "badRequest")

    def test_pattern_matching_nothing_is_404(self):
        response = self.get("?hypervisor_hostname_pattern=nope", version="2.53")
        self.assert_error(response, 404, "itemNotFound")


class ItemTests(HypervisorTestCase):
    def test_show_by_integer_id(self):
        item = self.get(f"/{self.host.pk}").json()["hypervisor"]
        self.assertEqual((set(item), item["hypervisor_hostname"]), (DETAIL_V21, "hv-a.example"))

    def test_show_unknown_or_non_integer_id_is_404(self):
        for path in ("/99999", "/abc"):
            with self.subTest(path):
                self.assert_error(self.get(path), 404, "itemNotFound")

    def test_from_2_53_a_non_uuid_is_400_and_an_unknown_uuid_404(self):
        self.assert_error(self.get("/1", version="2.53"), 400, "badRequest")
        self.assert_error(self.get("/" + "0" * 8 + "-0000-0000-0000-" + "0" * 12,
                                   version="2.53"), 404, "itemNotFound")

    def test_show_with_servers_from_2_53(self):
        item = self.get(f"/{self.host.uuid}?with_servers=true", version="2.53").json()
        self.assertEqual(item["hypervisor"]["servers"][0]["uuid"], self.vm.uuid)

    def test_uptime_is_the_line_the_host_reported(self):
        body = self.get(f"/{self.host.pk}/uptime").json()["hypervisor"]
        self.assertEqual(body, {"id": self.host.pk, "hypervisor_hostname": "hv-a.example",
                                "state": "up", "status": "enabled", "uptime": UPTIME})

    def test_uptime_of_a_down_host_is_400(self):
        self.host.last_heartbeat = timezone.now() - timedelta(hours=1)
        self.host.save()
        self.assert_error(self.get(f"/{self.host.pk}/uptime"), 400, "badRequest")

    def test_uptime_of_unknown_host_is_404_and_gone_at_2_88(self):
        self.assert_error(self.get("/99999/uptime"), 404, "itemNotFound")
        self.assert_error(self.get(f"/{self.host.uuid}/uptime", version="2.88"), 404,
                          "itemNotFound")


class StatisticsSearchTests(HypervisorTestCase):
    def test_statistics_sum_enabled_hosts(self):
        stats = self.get("/statistics").json()["hypervisor_statistics"]
        self.assertEqual((stats["count"], stats["vcpus"], stats["running_vms"]), (1, 8, 1))
        self.assertEqual(stats["memory_mb_used"], 1536)

    def test_statistics_are_gone_at_2_88(self):
        self.assert_error(self.get("/statistics", version="2.88"), 404, "itemNotFound")

    def test_search_matches_part_of_the_hostname(self):
        items = self.get("/example/search").json()["hypervisors"]
        self.assertEqual([i["hypervisor_hostname"] for i in items],
                         ["hv-a.example", "hv-b.example"])
        self.assert_error(self.get("/nothing/search"), 404, "itemNotFound")

    def test_servers_route_lists_each_host_servers(self):
        items = self.get("/hv-a/servers").json()["hypervisors"]
        self.assertEqual(items[0]["servers"], [{"name": "vm-on-a", "uuid": self.vm.uuid}])

    def test_search_and_servers_routes_are_gone_at_2_53(self):
        for path in ("/hv/search", "/hv/servers"):
            with self.subTest(path):
                self.assert_error(self.get(path, version="2.53"), 404, "itemNotFound")


class PolicyTests(HypervisorTestCase):
    def test_every_route_is_admin_only(self):
        for path in ("", "/detail", f"/{self.host.pk}", "/statistics",
                     f"/{self.host.pk}/uptime", "/hv/search", "/hv/servers"):
            for user in ("alice", "reader"):
                with self.subTest(path=path, user=user):
                    self.assert_error(self.get(path, as_user=user), 403, "forbidden")
