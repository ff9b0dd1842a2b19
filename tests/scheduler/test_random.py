"""The random algorithm: any up host that fits, uniformly; the zone is not considered."""
from django.test import SimpleTestCase

from scheduler.algorithms.base import NoValidHost
from scheduler.algorithms.random import RandomScheduler
from tests.scheduler.snapshots import make_host_state, make_spec


class RandomSchedulerTests(SimpleTestCase):
    def test_every_fitting_host_gets_chosen_sometimes(self):
        hosts = [make_host_state(f"h{i}") for i in range(3)]
        chosen = {RandomScheduler().select(make_spec(), hosts)[0].name for _ in range(100)}
        self.assertEqual(chosen, {"h0", "h1", "h2"})

    def test_candidates_are_exactly_the_hosts_that_fit_and_are_up(self):
        hosts = [make_host_state("fits"), make_host_state("small", free_ram_mb=100),
                 make_host_state("down", up=False)]
        self.assertEqual([h.name for h in RandomScheduler().select(make_spec(), hosts)],
                         ["fits"])

    def test_requested_zone_is_ignored(self):
        hosts = [make_host_state("elsewhere", availability_zone="other")]
        spec = make_spec(availability_zone="wanted")
        self.assertEqual(len(RandomScheduler().select(spec, hosts)), 1)

    def test_nothing_fits_says_why(self):
        with self.assertRaisesRegex(NoValidHost, r"1 host; vcpu excluded 1 \(needs 64 vCPU"):
            RandomScheduler().select(make_spec(vcpus=64), [make_host_state()])
