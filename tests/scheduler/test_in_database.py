"""The filter scheduler inside the database (scheduler/sql.py) decides exactly as the Python
pipeline does: same counts, reasons, listed rejections, weights and order, on a varied cloud."""
import random

from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from compute import states
from scheduler import aggregates, build_failures, claims, groups, sql
from scheduler.algorithms.base import NoValidHost
from scheduler.algorithms.filter_scheduler import FilterScheduler
from scheduler.decisions import Trail
from scheduler.filters.base import PASS, BaseFilter
from scheduler.request import RequestSpec
from tests.factories import make_flavor, make_host, make_image, make_instance


class OddIdFilter(BaseFilter):
    """A filter with no SQL form: decisions fall back to Python."""

    name = "odd_id"

    def host_passes(self, host, spec):
        return PASS if host.id % 2 else self.reject("even", "even id")


def decide(spec, in_database):
    trail = Trail()
    with override_settings(SCHEDULER_IN_DATABASE=in_database,
                           SCHEDULER_IN_DATABASE_MIN_HOSTS=0):
        try:
            ordered = FilterScheduler().select_from_cloud(spec, trail)
        except NoValidHost as exc:
            ordered = [str(exc)]
    names = [getattr(h, "name", h) for h in ordered]
    return trail, names


def build_cloud(rng, count=40):
    zones = [aggregates.create_aggregate(f"zone-{z}", availability_zone=f"az{z}")
             for z in (1, 2)]
    reserved = aggregates.create_aggregate("reserved",
                                           metadata={"filter_tenant_id": "other,p2"})
    hosts = []
    for i in range(count):
        host = make_host(
            f"h{i:02}", vcpus=rng.choice((2, 4, 8)), memory_mb=rng.choice((2048, 4096, 8192)),
            local_gb=rng.choice((10, 40, 100)), memory_mb_used=rng.choice((0, 512, 1900)),
            arch=rng.choice(("x86_64", "x86_64", "amd64", "aarch64")),
            hypervisor_type=rng.choice(("QEMU", "kvm", "xen")), enabled=rng.random() > 0.1,
            forced_down=rng.random() < 0.05,
            last_heartbeat=None if rng.random() < 0.05 else timezone.now())
        if rng.random() < 0.7:
            aggregates.add_host(rng.choice(zones), host)
        if rng.random() < 0.15:
            aggregates.add_host(reserved, host)
        for _ in range(rng.choice((0, 0, 1, 3, 5))):
            make_instance(host=host, vm_state=rng.choice((states.ACTIVE, states.BUILDING)),
                          task_state=None)
        if rng.random() < 0.1:
            build_failures.record_failure(host.pk)
        hosts.append(host)
    for host in hosts[1:12:2]:  # busy: at the I/O limit of the tests below
        for _ in range(3):
            make_instance(host=host, vm_state=states.BUILDING)
    return hosts


@override_settings(SCHEDULER_MAX_INSTANCES_PER_HOST=6, SCHEDULER_MAX_IO_OPS_PER_HOST=3,
                   SCHEDULER_DECISION_MAX_REJECTED=3, SCHEDULER_CANDIDATES=100,
                   SCHEDULER_WEIGHER_MULTIPLIERS={"num_instances": 0.5, "ram": 1.0,
                                                  "cpu": 2.0, "disk": 0.25, "io_ops": -1.0,
                                                  "soft_affinity": 1.0,
                                                  "soft_anti_affinity": 3.0,
                                                  "build_failure": 1000000.0})
class SameDecisionTests(TestCase):
    def setUp(self):
        self.rng = random.Random(4)
        self.hosts = build_cloud(self.rng)
        self.groups = {}
        for policy in ("affinity", "anti-affinity", "soft-affinity", "soft-anti-affinity"):
            group = groups.create_server_group(name=policy, policy=policy, project_id="p1")
            for host in self.rng.sample(self.hosts, 8):
                member = make_instance(host=host, project_id="p1")
                groups.add_member(group, member)
                claims.claim(member, host)
            self.groups[policy] = group

    def specs(self):
        x86 = make_image("x86", with_file=False, properties={"hw_architecture": "x86_64"})
        kvm = make_image("kvm", with_file=False, properties={"img_hv_type": "kvm"})
        big = make_image("big", with_file=False, min_ram=4096)
        placed = [make_instance(host=host, vm_state=states.STOPPED).uuid
                  for host in self.hosts[:20:4]]
        for flavor in (make_flavor(vcpus=1, memory_mb=512, root_gb=1),
                       make_flavor(vcpus=4, memory_mb=4096, root_gb=40),
                       make_flavor(vcpus=20, memory_mb=256, root_gb=1)):
            for image in (None, x86, kvm, big):
                for zone in ("", "az1", "nowhere"):
                    for project in ("p1", "p2"):
                        yield RequestSpec.from_flavor(flavor, image, project, zone)
            for group in self.groups.values():
                yield RequestSpec.from_flavor(flavor, None, "p1", "", {"group": group.uuid},
                                              group)
            for hint in ("same_host", "different_host"):
                yield RequestSpec.from_flavor(flavor, None, "p1", "", {hint: placed})
        yield RequestSpec.from_flavor(make_flavor(vcpus=1, memory_mb=10**6), None, "p1")

    def test_database_and_python_pipelines_agree(self):
        specs, rejecting = list(self.specs()), set()
        for spec in specs:
            with self.subTest(spec=spec):
                in_db, ordered_db = decide(spec, True)
                in_py, ordered_py = decide(spec, False)
                self.assertEqual(in_db.filters, in_py.filters)
                self.assertEqual(in_db.weights, in_py.weights)
                self.assertEqual((in_db.candidate_count, in_db.passed),
                                 (in_py.candidate_count, in_py.passed))
                self.assertEqual(ordered_db, ordered_py)
                rejecting |= {e["filter"] for e in in_py.filters if e["out"]}
        self.assertEqual(rejecting, {
            "compute", "availability_zone", "ram", "vcpu", "disk", "image_properties",
            "num_instances", "io_ops", "aggregate_multitenancy_isolation",
            "server_group_affinity", "server_group_anti_affinity", "same_host",
            "different_host"})

    @override_settings(SCHEDULER_CANDIDATES=3, SCHEDULER_DECISION_HOSTS=2)
    def test_only_the_heaviest_are_carried_and_the_summary_counts_all(self):
        spec = RequestSpec.from_flavor(make_flavor(), None, "p1")
        in_db, ordered_db = decide(spec, True)
        in_py, ordered_py = decide(spec, False)
        self.assertEqual(ordered_db, ordered_py[:3])
        self.assertEqual(in_db.summary(), in_py.summary())


class DatabasePlanTests(TestCase):
    def setUp(self):
        build_cloud(random.Random(1), count=12)

    def test_queries_do_not_grow_with_hosts(self):
        spec = RequestSpec.from_flavor(make_flavor(), None, "p1")
        with CaptureQueriesContext(connection) as few:
            decide(spec, True)
        for i in range(30):
            make_host(f"more-{i}", enabled=i % 3 > 0)
        with CaptureQueriesContext(connection) as many:
            decide(spec, True)
        self.assertEqual(len(few), len(many))
        self.assertLessEqual(len(many), 8)

    def test_counts_do_not_read_the_instance_table(self):
        spec = RequestSpec.from_flavor(make_flavor(), None, "p1")
        scheduler = FilterScheduler()
        rejections, _ = sql.forms(spec, scheduler.filters(), scheduler.weighers())
        statement, params = sql._verdicts(rejections)
        with connection.cursor() as cursor:
            explain = "EXPLAIN QUERY PLAN" if connection.vendor == "sqlite" else "EXPLAIN"
            cursor.execute(f"{explain} {statement} SELECT COUNT(*) FROM v", params)
            plan = " ".join(str(row) for row in cursor.fetchall())
        self.assertIn("hostload", plan)
        self.assertNotIn("compute_instance", plan)

    @override_settings(SCHEDULER_IN_DATABASE_MIN_HOSTS=100)
    def test_a_small_cloud_is_decided_in_python(self):
        spec = RequestSpec.from_flavor(make_flavor(), None, "p1")
        with CaptureQueriesContext(connection) as queries:
            FilterScheduler().select_from_cloud(spec, Trail())
        self.assertFalse(any("verdict" in q["sql"] for q in queries.captured_queries))

    @override_settings(SCHEDULER_ENABLED_FILTERS=[
        "compute", f"{__name__}.OddIdFilter"])
    def test_a_filter_without_sql_form_runs_the_pipeline_in_python(self):
        spec = RequestSpec.from_flavor(make_flavor(), None, "p1")
        scheduler = FilterScheduler()
        self.assertIsNone(sql.forms(spec, scheduler.filters(), scheduler.weighers()))
        trail, ordered = decide(spec, True)
        self.assertEqual([e["filter"] for e in trail.filters], ["retry", "requested_destination",
                                                            "compute", "odd_id"])
        self.assertTrue(ordered)
