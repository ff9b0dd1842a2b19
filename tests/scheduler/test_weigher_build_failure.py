"""Build-failure weigher: hosts with recent failed builds are avoided while others fit."""
from django.test import SimpleTestCase, TestCase

from scheduler import build_failures
from scheduler.hosts import load_hosts
from scheduler.weighers.base import weigh
from scheduler.weighers.build_failure import BuildFailureWeigher
from scheduler.weighers.ram import RamWeigher
from tests.factories import make_host
from tests.scheduler.snapshots import make_host_state, make_spec


class BuildFailureWeigherTests(SimpleTestCase):
    def test_failures_outweigh_every_other_preference(self):
        hosts = [make_host_state("roomy-but-failing", free_ram_mb=65536, failed_builds=1),
                 make_host_state("small-but-healthy", free_ram_mb=1024)]
        rows = weigh([RamWeigher(), BuildFailureWeigher()], make_spec(), hosts)
        self.assertEqual(rows[0].host.name, "small-but-healthy")

    def test_raw_value_is_minus_the_failures(self):
        self.assertEqual(BuildFailureWeigher().weigh(make_host_state(failed_builds=3),
                                                     make_spec()), -3)


class BuildFailureCountTests(TestCase):
    def test_failures_add_up_and_a_success_forgives_them(self):
        host = make_host("h")
        build_failures.record_failure(host.pk)
        build_failures.record_failure(host.pk)
        self.assertEqual(load_hosts()[0].failed_builds, 2)
        build_failures.record_success(host.pk)
        self.assertEqual(load_hosts()[0].failed_builds, 0)

    def test_host_without_record_has_no_failures(self):
        make_host("h")
        self.assertEqual(load_hosts()[0].failed_builds, 0)
