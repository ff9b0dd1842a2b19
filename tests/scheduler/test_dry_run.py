"""Dry-run placement and capacity per zone: the whole pipeline, nothing claimed."""
from django.test import TestCase

from compute.models import Host
from scheduler import aggregates, claims, groups, services
from scheduler.hints import InvalidHints
from scheduler.models import Allocation, SchedulingDecision
from tests.factories import make_flavor, make_host, make_image, make_instance


class DryRunTests(TestCase):
    def setUp(self):
        self.big = make_host("big", memory_mb=16384)
        self.small = make_host("small", memory_mb=4096)
        self.flavor = make_flavor(vcpus=1, memory_mb=2048, root_gb=1)
        self.image = make_image(with_file=False)

    def test_answers_where_it_would_land_without_claiming(self):
        result = services.dry_run(self.flavor, self.image, project_id="p")
        self.assertEqual((result.host, result.alternates), ("big", ["small"]))
        self.assertEqual(result.decision.outcome, SchedulingDecision.WOULD_PLACE)
        self.assertIn("2 passed every filter", result.reason)
        self.assertFalse(Allocation.objects.exists())
        self.assertFalse(SchedulingDecision.objects.exists())
        self.big.refresh_from_db()
        self.assertEqual(self.big.memory_mb_used, 0)

    def test_answers_why_not_in_one_line(self):
        result = services.dry_run(make_flavor(memory_mb=32768), self.image, project_id="p")
        self.assertIsNone(result.host)
        self.assertEqual(result.reason, "No valid host was found: 2 hosts; ram excluded 2 "
                                        "(needs 32768 MB RAM, most free 16384 MB)")
        self.assertEqual(result.decision.outcome, SchedulingDecision.NO_VALID_HOST)

    def test_zone_and_image_requirements_are_honoured(self):
        aggregates.add_host(aggregates.create_aggregate("z", availability_zone="az1"),
                            self.small)
        self.assertEqual(services.dry_run(self.flavor, self.image, "az1", project_id="p").host,
                         "small")
        arm = make_image("arm", with_file=False, properties={"hw_architecture": "aarch64"})
        self.assertIn("image needs architecture aarch64",
                      services.dry_run(self.flavor, arm, project_id="p").reason)

    def test_group_hint_is_resolved_like_a_boot(self):
        group = groups.create_server_group(name="g", policy="anti-affinity", project_id="p")
        member = make_instance(host=self.big)
        groups.add_member(group, member)
        claims.claim(member, self.big)
        result = services.dry_run(self.flavor, self.image, project_id="p",
                                  scheduler_hints={"group": group.uuid})
        self.assertEqual(result.host, "small")

    def test_invalid_hints_are_refused(self):
        with self.assertRaises(InvalidHints):
            services.dry_run(self.flavor, self.image, scheduler_hints={"group": "nope"},
                             project_id="p")


class CapacityByZoneTests(TestCase):
    def test_counts_whole_instances_per_zone_over_enabled_up_hosts(self):
        flavor = make_flavor(vcpus=2, memory_mb=2048, root_gb=10)
        zone = aggregates.create_aggregate("rack", availability_zone="az1")
        # RAM-bound: 8192 / 2048 = 4; vCPU-bound: 4 x 4.0 / 2 = 8 → 4
        aggregates.add_host(zone, make_host("a1", vcpus=4, memory_mb=8192, local_gb=100))
        # disk-bound: 25 / 10 = 2
        aggregates.add_host(zone, make_host("a2", vcpus=64, memory_mb=65536, local_gb=25))
        make_host("n1", vcpus=1, memory_mb=65536, local_gb=1000)  # vCPU-bound: 4 / 2 = 2
        make_host("off", enabled=False)
        make_host("down", last_heartbeat=None)
        self.assertEqual(services.capacity_by_zone(flavor), {"az1": 6, "nova": 2})

    def test_usage_lowers_capacity_and_a_full_host_counts_zero(self):
        flavor = make_flavor(vcpus=1, memory_mb=1024, root_gb=1)
        make_host("h", memory_mb=4096, memory_mb_used=3500)
        self.assertEqual(services.capacity_by_zone(flavor), {"nova": 0})
        Host.objects.update(memory_mb_used=1000)
        self.assertEqual(services.capacity_by_zone(flavor), {"nova": 3})
