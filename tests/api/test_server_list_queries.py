"""GET /servers/detail stays cheap: its queries do not grow with the number of servers (at the
microversions that add fields, for admins and members), and the shared reads it does once
per page (hosts, flavors, groups, addresses) still give each server its own values."""
from django.db import connection
from django.test.utils import CaptureQueriesContext

from compute import states
from compute.models import Instance
from networking import instance_security_groups, ports
from scheduler.models import PlacementRequest
from tests.api.test_servers import SERVERS, ServerApiTestCase
from tests.factories import make_flavor, make_host, make_instance, make_network, make_security_group

DETAIL = f"{SERVERS}/detail"
EVERYONE = f"{DETAIL}?all_tenants=1"  # admins list project-a's servers from their own


class ListDetailQueryTests(ServerApiTestCase):
    def setUp(self):
        super().setUp()
        self.project = self.project_a.id
        self.net = make_network("net1", "10.9.0.0/24", project_id=self.project)
        make_security_group("web", project_id=self.project)
        self.hosts = [self.host, make_host("api-host-2")]
        self.flavors = [self.flavor, make_flavor("m1.other", flavorid="43")]
        self.count = 0

    def add_servers(self, count):
        for _ in range(count):
            n = self.count
            self.count += 1
            error = n % 3 == 2
            vm = make_instance(
                project_id=self.project, host=self.hosts[n % 2], flavor=self.flavors[n % 2],
                image=self.image, display_name=f"vm-{n}",
                vm_state=states.ERROR if error else states.ACTIVE,
                fault={"code": 500, "message": "boom", "created": "2026-01-01T00:00:00"}
                if error else None)
            ports.create_port(network=self.net, project_id=self.project, device_id=vm.uuid)
            names = ["default", "web"] if n % 2 else ["default"]
            instance_security_groups.bind(
                [vm], instance_security_groups.requested_groups(self.project, names))
            PlacementRequest.objects.create(instance=vm, hints={"n": str(n)})

    def queries(self, version, as_user):
        self.call("GET", EVERYONE, version=version, as_user=as_user)  # identity row made once
        with CaptureQueriesContext(connection) as captured:
            response = self.call("GET", EVERYONE, version=version, as_user=as_user)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(len(response.json()["servers"]), self.count)
        return len(captured)

    def test_queries_do_not_grow_with_the_number_of_servers(self):
        cases = [(v, u) for v in ("2.1", "2.47", "2.75", "2.100") for u in ("alice", "admin")]
        self.add_servers(2)
        few = {case: self.queries(*case) for case in cases}
        self.add_servers(7)
        many = {case: self.queries(*case) for case in cases}
        self.assertEqual(many, few)
        self.assertLessEqual(max(many.values()), 12)

    def test_each_server_shows_its_own_host_flavor_groups_and_addresses(self):
        self.add_servers(4)
        servers = self.call("GET", EVERYONE, as_user="admin", version="2.100").json()["servers"]
        by_name = {s["name"]: s for s in servers}
        for n in range(4):
            server = by_name[f"vm-{n}"]
            self.assertEqual(server["OS-EXT-SRV-ATTR:host"], self.hosts[n % 2].name)
            self.assertEqual(server["flavor"]["original_name"], self.flavors[n % 2].name)
            self.assertEqual(server["scheduler_hints"], {"n": [str(n)]})
            groups = [{"name": "default"}, {"name": "web"}] if n % 2 else [{"name": "default"}]
            self.assertEqual(server["security_groups"], groups)
            self.assertEqual(server["addresses"]["net1"][0]["addr"], f"10.9.0.{n + 2}")
        old = self.call("GET", DETAIL, as_user="alice").json()["servers"]
        self.assertEqual({s["name"]: s["flavor"]["id"] for s in old},
                         {f"vm-{n}": self.flavors[n % 2].flavorid for n in range(4)})

    def test_unplaced_server_has_no_host(self):
        vm = make_instance(project_id=self.project, host=None, vm_state=states.BUILDING)
        Instance.objects.filter(pk=vm.pk).update(flavor=None)  # its flavor deleted since
        server = self.call("GET", EVERYONE, as_user="admin", version="2.16").json()["servers"][0]
        self.assertIsNone(server["OS-EXT-SRV-ATTR:host"])
        self.assertEqual((server["hostId"], server["host_status"]), ("", ""))
        self.assertEqual(server["flavor"]["id"], "")

    def test_first_page_next_link_only_when_more_servers_exist(self):
        self.add_servers(3)
        names = [s["name"] for s in self.call("GET", DETAIL).json()["servers"]]
        exact = self.call("GET", f"{DETAIL}?limit=3").json()
        self.assertNotIn("servers_links", exact)
        short = self.call("GET", f"{DETAIL}?limit=2").json()
        self.assertEqual([s["name"] for s in short["servers"]], names[:2])
        self.assertIn(f"marker={short['servers'][-1]['id']}", short["servers_links"][0]["href"])
        empty = self.call("GET", f"{DETAIL}?limit=0").json()
        self.assertEqual(empty, {"servers": []})
