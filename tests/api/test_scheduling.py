"""The scheduler on the Compute API: decisions of a server (full for admins, a summary naming
no host for members), dry-run placement, capacity per zone, scheduler hints on create."""
from compute.models import Instance
from scheduler import aggregates, groups, services
from scheduler.algorithms.base import NoValidHost
from scheduler.models import PlacementRequest
from tests.api.base import ApiTestCase
from tests.factories import make_flavor, make_host, make_image, make_instance

V21 = "/compute/v2.1"


class SchedulingDecisionTests(ApiTestCase):
    def setUp(self):
        super().setUp()
        make_host("roomy", memory_mb=8192)
        make_host("small", memory_mb=1024)
        flavor = make_flavor(memory_mb=2048)
        self.instance = make_instance(flavor=flavor, project_id=self.project_a.pk,
                                      scheduling_attempts=1)
        services.select_and_claim(self.instance)
        big = make_instance(flavor=make_flavor(memory_mb=10**6), project_id=self.project_a.pk,
                            scheduling_attempts=2)
        with self.assertRaises(NoValidHost):
            services.select_and_claim(big)
        self.url = f"{V21}/servers/{self.instance.uuid}/scheduling-decisions"

    def test_admin_reads_the_full_record(self):
        [decision] = self.call("GET", self.url, as_user="admin").json()["scheduling_decisions"]
        self.assertEqual((decision["outcome"], decision["chosen_host"]), ("placed", "roomy"))
        ram = next(e for e in decision["filters"] if e["filter"] == "ram")
        self.assertEqual(ram["rejected"][0]["host"], "small")
        self.assertIn("Chosen: roomy.", decision["summary"])
        self.assertEqual(decision["weights"][0]["host"], "roomy")

    def test_member_reads_a_summary_naming_no_host(self):
        [decision] = self.call("GET", self.url).json()["scheduling_decisions"]
        self.assertEqual(set(decision), {"id", "attempt", "created_at", "outcome", "summary",
                                         "candidate_count", "filters"})
        self.assertNotIn("roomy", str(decision))
        self.assertNotIn("small", str(decision))
        ram = next(e for e in decision["filters"] if e["filter"] == "ram")
        self.assertEqual((ram["out"], ram["reason"]), (1, "needs 2048 MB RAM, most free 1024 MB"))

    def test_newest_first(self):
        instance = make_instance(flavor=make_flavor(memory_mb=10**6),
                                 project_id=self.project_a.pk)
        for attempt in (1, 2):
            Instance.objects.filter(pk=instance.pk).update(scheduling_attempts=attempt)
            instance.refresh_from_db()
            with self.assertRaises(NoValidHost):
                services.select_and_claim(instance)
        url = f"{V21}/servers/{instance.uuid}/scheduling-decisions"
        attempts = [d["attempt"] for d in self.call("GET", url).json()["scheduling_decisions"]]
        self.assertEqual(attempts, [2, 1])

    def test_other_projects_server_is_404(self):
        self.assert_error(self.call("GET", self.url, as_user="bob"), 404, "itemNotFound")


class DryRunTests(ApiTestCase):
    def setUp(self):
        super().setUp()
        zone = aggregates.create_aggregate("rack", availability_zone="az1")
        aggregates.add_host(zone, make_host("big", memory_mb=16384))
        make_host("other", memory_mb=4096)
        self.flavor = make_flavor(vcpus=1, memory_mb=2048, root_gb=1)
        self.image = make_image(with_file=False)

    def dry_run(self, as_user="alice", hints=None, **server):
        body = {"server": {"name": "x", "flavorRef": self.flavor.flavorid,
                           "imageRef": self.image.id, **server}}
        if hints is not None:
            body["os:scheduler_hints"] = hints
        return self.call("POST", f"{V21}/scheduling/dry-run", body, as_user=as_user)

    def test_admin_sees_host_and_alternates(self):
        body = self.dry_run(as_user="admin").json()
        placement = body["placement"]
        self.assertEqual((placement["fits"], placement["host"], placement["alternates"],
                          placement["availability_zone"]), (True, "big", ["other"], "az1"))
        self.assertEqual(body["capacity"], {"az1": 8, "nova": 2})

    def test_member_sees_where_but_no_host(self):
        placement = self.dry_run().json()["placement"]
        self.assertEqual(set(placement), {"fits", "availability_zone", "reason"})
        self.assertNotIn("big", placement["reason"])
        self.assertIn("2 passed every filter", placement["reason"])

    def test_nothing_fits_says_why(self):
        placement = self.dry_run(availability_zone="nowhere").json()["placement"]
        self.assertFalse(placement["fits"])
        self.assertEqual(placement["availability_zone"], "nowhere")
        self.assertEqual(placement["reason"], "No valid host was found: 2 hosts; "
                                              "availability_zone excluded 2 (not in zone "
                                              "'nowhere')")

    def test_group_hint_is_honoured_and_an_unknown_group_is_400(self):
        group = groups.create_server_group(name="g", policy="anti-affinity",
                                           project_id=self.project_a.pk)
        self.assertTrue(self.dry_run(hints={"group": group.uuid}).json()["placement"]["fits"])
        self.assert_error(self.dry_run(hints={"group": "nope"}), 400, "badRequest")

    def test_unknown_flavor_and_image(self):
        body = {"server": {"flavorRef": "nope"}}
        self.assert_error(self.call("POST", f"{V21}/scheduling/dry-run", body), 404,
                          "itemNotFound")
        self.assert_error(self.dry_run(imageRef="nope"), 400, "badRequest")
        self.assert_error(self.call("POST", f"{V21}/scheduling/dry-run", {}), 400,
                          "badRequest")


class CapacityTests(ApiTestCase):
    def test_counts_per_zone(self):
        make_host("h", vcpus=4, memory_mb=8192, local_gb=100)
        flavor = make_flavor(vcpus=1, memory_mb=2048, root_gb=10)
        body = self.call("GET", f"{V21}/scheduling/capacity?flavor={flavor.flavorid}").json()
        self.assertEqual(body, {"flavor": flavor.flavorid, "capacity": {"nova": 4}})

    def test_flavor_is_required_and_must_exist(self):
        self.assert_error(self.call("GET", f"{V21}/scheduling/capacity"), 400, "badRequest")
        self.assert_error(self.call("GET", f"{V21}/scheduling/capacity?flavor=nope"), 404,
                          "itemNotFound")


class SchedulerHintsOnCreateTests(ApiTestCase):
    def setUp(self):
        super().setUp()
        self.flavor = make_flavor(vcpus=1, memory_mb=512, root_gb=1)
        self.image = make_image(with_file=False)

    def create(self, key, hints):
        body = {"server": {"name": "vm", "flavorRef": self.flavor.flavorid,
                           "imageRef": self.image.id}, key: hints}
        return self.call("POST", f"{V21}/servers", body)

    def test_group_hint_is_kept_for_the_scheduler(self):
        group = groups.create_server_group(name="g", policy="affinity",
                                           project_id=self.project_a.pk)
        for key in ("os:scheduler_hints", "OS-SCH-HNT:scheduler_hints"):
            response = self.create(key, {"group": group.uuid})
            self.assertEqual(response.status_code, 202, response.content)
            placement = PlacementRequest.objects.get(instance_id=response.json()["server"]["id"])
            self.assertEqual(placement.group, group)

    def test_unknown_group_is_400(self):
        message = self.assert_error(self.create("os:scheduler_hints", {"group": "nope"}), 400,
                                    "badRequest")
        self.assertIn("nope", message)
        self.assertFalse(Instance.objects.exists())
