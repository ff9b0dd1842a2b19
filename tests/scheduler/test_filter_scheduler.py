"""The filter scheduler: filters from settings, weighers, the pick among the top hosts."""
from django.test import TestCase, override_settings

from scheduler import claims, services
from scheduler.algorithms.base import NoValidHost
from scheduler.algorithms.filter_scheduler import FilterScheduler
from scheduler.decisions import Trail
from scheduler.hosts import load_hosts
from scheduler.models import SchedulingDecision
from scheduler.request import RequestSpec
from tests.factories import make_flavor, make_host, make_instance
from tests.scheduler.snapshots import make_host_state, make_spec

ONLY_RAM = {"ram": 1.0}


@override_settings(SCHEDULER_WEIGHERS=["ram"], SCHEDULER_WEIGHER_MULTIPLIERS=ONLY_RAM)
class FilterSchedulerTests(TestCase):
    def setUp(self):
        self.hosts = [make_host_state(f"h{i}", free_ram_mb=1000 * i) for i in range(1, 6)]

    def test_default_driver_is_the_filter_scheduler(self):
        self.assertIsInstance(services.get_scheduler(), FilterScheduler)

    def test_heaviest_host_first_then_alternates_by_weight(self):
        ordered = FilterScheduler().select(make_spec(), self.hosts)
        self.assertEqual([h.name for h in ordered], ["h5", "h4", "h3", "h2", "h1"])

    def test_filtered_out_hosts_are_never_candidates(self):
        ordered = FilterScheduler().select(make_spec(memory_mb=3500), self.hosts)
        self.assertEqual([h.name for h in ordered], ["h5", "h4"])

    @override_settings(SCHEDULER_HOST_SUBSET_SIZE=3)
    def test_chosen_host_comes_first_and_the_rest_follow_by_weight(self):
        for _ in range(20):
            ordered = [h.name for h in FilterScheduler().select(make_spec(), self.hosts)]
            self.assertIn(ordered[0], ["h5", "h4", "h3"])
            self.assertEqual(ordered[1:], [n for n in ["h5", "h4", "h3", "h2", "h1"]
                                           if n != ordered[0]])

    @override_settings(SCHEDULER_HOST_SUBSET_SIZE=2)
    def test_subset_picks_only_ever_come_from_the_top(self):
        chosen = {FilterScheduler().select(make_spec(), self.hosts)[0].name
                  for _ in range(60)}
        self.assertEqual(chosen, {"h5", "h4"})

    @override_settings(SCHEDULER_ENABLED_FILTERS=["scheduler.filters.ram.RamFilter"])
    def test_filters_may_be_named_by_dotted_path(self):
        with self.assertRaisesRegex(NoValidHost, "ram excluded 5"):
            FilterScheduler().select(make_spec(memory_mb=10**6), self.hosts)

    @override_settings(SCHEDULER_ENABLED_FILTERS=[])
    def test_with_no_filter_enabled_even_a_down_host_is_a_candidate(self):
        hosts = [make_host_state("down", up=False)]
        self.assertEqual(FilterScheduler().select(make_spec(), hosts), hosts)

    def test_trail_keeps_the_top_weights(self):
        trail = Trail()
        FilterScheduler().select(make_spec(), self.hosts, trail)
        self.assertEqual(trail.weights[0], {"host": "h5", "total": 1.0,
                                            "weighers": {"ram": 1.0}})
        self.assertEqual(len(trail.weights), 5)


def make_decision():
    return SchedulingDecision(outcome=SchedulingDecision.PLACED)


class FilterSchedulerClaimTests(TestCase):
    def test_claim_falls_through_to_the_alternate_when_the_first_filled_up(self):
        flavor = make_flavor(vcpus=1, memory_mb=1024, root_gb=1)
        roomy = make_host("roomy", memory_mb=8192)
        make_host("small", memory_mb=2048)
        instance = make_instance(flavor=flavor)
        candidates = FilterScheduler().select(RequestSpec.from_instance(instance),
                                              load_hosts())
        self.assertEqual(candidates[0].name, "roomy")
        # another boot fills "roomy" between this decision and its claim
        self.assertTrue(claims.claim(make_instance(flavor=make_flavor(memory_mb=8192)), roomy))
        placed = []
        host, decision, failed = services._claim_first(
            instance, candidates, None,
            lambda chosen, failed: placed.append((chosen.name, failed)) or make_decision())
        self.assertEqual((host.name, failed, placed), ("small", ["roomy"],
                                                       [("small", ["roomy"])]))
        self.assertIsNotNone(decision.pk)
