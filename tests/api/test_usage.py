"""Compute /os-simple-tenant-usage: hours of instances in a window, per project, admin list
and own-project show, paging from 2.40."""
from datetime import timedelta

from django.utils import timezone

from tests.api.microversion_case import MicroversionTestCase
from tests.factories import make_flavor, make_instance

USAGE = "/compute/v2.1/os-simple-tenant-usage"
FMT = "%Y-%m-%dT%H:%M:%S.%f"
SERVER_KEYS = {"instance_id", "name", "tenant_id", "flavor", "hours", "memory_mb", "local_gb",
               "vcpus", "started_at", "ended_at", "state", "uptime"}


class UsageTests(MicroversionTestCase):
    def setUp(self):
        super().setUp()
        self.now = timezone.now()
        flavor = make_flavor("m1.usage", vcpus=2, memory_mb=1024, root_gb=10)
        self.a_running = make_instance(project_id=self.project_a.id, flavor=flavor,
                                       launched_at=self.now - timedelta(hours=5))
        self.a_ended = make_instance(project_id=self.project_a.id, flavor=flavor,
                                     vm_state="deleted",
                                     launched_at=self.now - timedelta(hours=30),
                                     terminated_at=self.now - timedelta(hours=20))
        self.b_running = make_instance(project_id=self.project_b.id, flavor=flavor,
                                       launched_at=self.now - timedelta(hours=1))
        self.never = make_instance(project_id=self.project_a.id, flavor=flavor)

    def window(self, start_hours_ago, end_hours_ago=-1):
        start = (self.now - timedelta(hours=start_hours_ago)).strftime(FMT)
        end = (self.now - timedelta(hours=end_hours_ago)).strftime(FMT)
        return f"start={start}&end={end}"

    def get(self, path, as_user="admin", version=None):
        response = self.call("GET", path, as_user=as_user, version=version)
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()

    def test_admin_lists_every_project_with_totals(self):
        usages = self.get(f"{USAGE}?{self.window(24)}")["tenant_usages"]
        by_project = {u["tenant_id"]: u for u in usages}
        self.assertEqual(set(by_project), {self.project_a.id, self.project_b.id})
        a = by_project[self.project_a.id]
        self.assertNotIn("server_usages", a)
        self.assertAlmostEqual(a["total_hours"], 5 + 4, places=2)  # running 5h, ended 4h in
        self.assertAlmostEqual(a["total_vcpus_usage"], 2 * 9, places=2)
        self.assertAlmostEqual(a["total_memory_mb_usage"], 1024 * 9, places=1)
        self.assertAlmostEqual(a["total_local_gb_usage"], 10 * 9, places=2)
        self.assertEqual(len(a["start"]), len("2012-10-08T20:10:44.587336"))

    def test_detailed_adds_server_usages(self):
        for flag in ("1", "True"):
            usages = self.get(f"{USAGE}?{self.window(24)}&detailed={flag}")["tenant_usages"]
            servers = next(u for u in usages if u["tenant_id"] == self.project_a.id)[
                "server_usages"]
            self.assertEqual(len(servers), 2)
            self.assertEqual(set(servers[0]), SERVER_KEYS)
        ended = next(s for s in servers if s["instance_id"] == self.a_ended.uuid)
        self.assertEqual((ended["state"], ended["uptime"]), ("terminated", 36000))

    def test_instances_outside_the_window_are_left_out(self):
        usages = self.get(f"{USAGE}?{self.window(3)}")["tenant_usages"]
        a = next(u for u in usages if u["tenant_id"] == self.project_a.id)
        self.assertAlmostEqual(a["total_hours"], 3, places=2)

    def test_member_shows_own_project(self):
        usage = self.get(f"{USAGE}/{self.project_a.id}?{self.window(24)}",
                         as_user="reader")["tenant_usage"]
        self.assertEqual(len(usage), 8)
        self.assertEqual({s["instance_id"] for s in usage["server_usages"]},
                         {self.a_running.uuid, self.a_ended.uuid})

    def test_project_without_usage_is_empty(self):
        self.b_running.delete()
        self.assertEqual(self.get(f"{USAGE}/{self.project_b.id}?{self.window(24)}",
                                  as_user="bob"), {"tenant_usage": {}})

    def test_other_project_and_list_are_forbidden_to_members(self):
        self.assert_error(self.call("GET", f"{USAGE}/{self.project_b.id}"), 403, "forbidden")
        self.assert_error(self.call("GET", f"{USAGE}?detailed=1"), 403, "forbidden")

    def test_start_after_end_and_bad_dates_are_400(self):
        later = (self.now - timedelta(hours=1)).strftime(FMT)
        earlier = (self.now - timedelta(hours=2)).strftime(FMT)
        self.assert_error(self.call("GET", f"{USAGE}?start={later}&end={earlier}",
                                    as_user="admin"), 400, "badRequest")
        self.assert_error(self.call("GET", f"{USAGE}?start=yesterday", as_user="admin"), 400,
                          "badRequest")

    def test_empty_project_id_is_404(self):
        response = self.call("GET", f"{USAGE}/?{self.window(24)}", as_user="admin")
        self.assertEqual(response.status_code, 404)

    def test_paging_from_2_40(self):
        body = self.get(f"{USAGE}?{self.window(48)}&detailed=1&limit=1", version="2.40")
        self.assertEqual(sum(len(u["server_usages"]) for u in body["tenant_usages"]), 1)
        first = body["tenant_usages"][0]["server_usages"][0]["instance_id"]
        self.assertIn(f"marker={first}", body["tenant_usages_links"][0]["href"])
        body = self.get(f"{USAGE}?{self.window(48)}&detailed=1&limit=5&marker={first}",
                        version="2.40")
        self.assertEqual(sum(len(u["server_usages"]) for u in body["tenant_usages"]), 2)
