"""The availability-zone algorithm: a random fitting host within the requested zone."""
from django.test import SimpleTestCase

from scheduler.algorithms.availability_zone import AvailabilityZoneScheduler
from scheduler.algorithms.base import NoValidHost
from tests.scheduler.snapshots import make_host_state, make_spec


class AvailabilityZoneSchedulerTests(SimpleTestCase):
    def setUp(self):
        self.hosts = [make_host_state("a1", availability_zone="a"),
                      make_host_state("a2", availability_zone="a"),
                      make_host_state("b1", availability_zone="b")]

    def test_only_hosts_of_the_requested_zone_are_chosen(self):
        spec = make_spec(availability_zone="a")
        chosen = {AvailabilityZoneScheduler().select(spec, self.hosts)[0].name
                  for _ in range(60)}
        self.assertEqual(chosen, {"a1", "a2"})

    def test_without_a_zone_any_host_may_be_chosen(self):
        chosen = {AvailabilityZoneScheduler().select(make_spec(), self.hosts)[0].name
                  for _ in range(100)}
        self.assertEqual(chosen, {"a1", "a2", "b1"})

    def test_unknown_zone_says_why(self):
        with self.assertRaisesRegex(NoValidHost, "availability_zone excluded 3 "
                                                 r"\(not in zone 'c'\)"):
            AvailabilityZoneScheduler().select(make_spec(availability_zone="c"), self.hosts)
