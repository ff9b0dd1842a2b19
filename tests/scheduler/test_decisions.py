"""Decision records: stored for every run, with the per-filter trail, the weights, the
chosen host and alternates; a one-line reason when nothing fits; summaries by audience."""
from django.test import TestCase, override_settings

from compute.models import Host
from scheduler import services
from scheduler.algorithms.base import NoValidHost
from scheduler.algorithms.filter_scheduler import FilterScheduler
from scheduler.decisions import Trail
from scheduler.models import SchedulingDecision
from tests.factories import make_flavor, make_host, make_instance
from tests.scheduler.snapshots import make_host_state, make_spec

ONLY_RAM = {"SCHEDULER_WEIGHERS": ["ram"], "SCHEDULER_WEIGHER_MULTIPLIERS": {"ram": 1.0}}


def place(flavor, **fields):
    instance = make_instance(flavor=flavor, scheduling_attempts=1, **fields)
    try:
        services.select_and_claim(instance)
    except NoValidHost as exc:
        return instance.scheduling_decisions.get(), str(exc)
    return instance.scheduling_decisions.get(), None


@override_settings(**ONLY_RAM)
class PlacedDecisionTests(TestCase):
    def setUp(self):
        for name, ram in (("big", 16384), ("mid", 8192), ("small", 4096), ("tiny", 1024)):
            make_host(name, memory_mb=ram)
        make_host("off", enabled=False)
        self.decision, _ = place(make_flavor(memory_mb=2048))

    def test_record_names_the_chosen_host_and_the_alternates_by_weight(self):
        d = self.decision
        self.assertEqual((d.outcome, d.chosen_host, d.alternates, d.candidate_count),
                         ("placed", "big", ["mid", "small"], 5))

    def test_record_lists_each_filter_with_hosts_in_out_and_rejections(self):
        by_name = {e["filter"]: e for e in self.decision.filters}
        self.assertEqual((by_name["compute"]["in"], by_name["compute"]["out"]), (5, 1))
        self.assertEqual(by_name["compute"]["rejected"][0]["host"], "off")
        self.assertEqual(by_name["ram"]["rejected"], [
            {"host": "tiny", "code": "ram", "detail": "ram: needs 2048 MB, 1024 free"}])
        self.assertEqual(self.decision.filters[0]["filter"], "retry")

    def test_record_keeps_the_top_weights(self):
        self.assertEqual(self.decision.weights[0]["host"], "big")
        self.assertEqual(self.decision.weights[0]["weighers"], {"ram": 1.0})

    def test_summary_names_no_host(self):
        self.assertEqual(self.decision.summary,
                         "5 hosts; compute excluded 1 (1 disabled), ram excluded 1 (needs "
                         "2048 MB RAM, most free 1024 MB); 3 passed every filter")

    def test_admin_summary_names_the_hosts(self):
        text = self.decision.summary_for(is_admin=True)
        self.assertIn("Chosen: big.", text)
        self.assertIn("Alternates: mid, small.", text)
        self.assertIn("Rejected: compute: off; ram: tiny.", text)
        self.assertEqual(self.decision.summary_for(is_admin=False), self.decision.summary)


class NoValidHostDecisionTests(TestCase):
    def setUp(self):
        for i in range(9):
            make_host(f"small-{i}", memory_mb=4096, availability_zone="az1")
        for i in range(3):
            make_host(f"other-{i}", memory_mb=65536, availability_zone="az2")

    def test_fault_line_says_why_in_one_line(self):
        decision, message = place(make_flavor(memory_mb=8192),
                                  requested_availability_zone="az1")
        self.assertEqual(message, "No valid host was found: 12 hosts; availability_zone "
                                  "excluded 3 (not in zone 'az1'), ram excluded 9 (needs 8192 "
                                  "MB RAM, most free 4096 MB)")
        self.assertEqual(decision.outcome, "no_valid_host")
        self.assertEqual((decision.chosen_host, decision.alternates), ("", []))

    def test_user_summary_names_no_host_and_admin_summary_does(self):
        decision, _ = place(make_flavor(memory_mb=8192), requested_availability_zone="az1")
        user = decision.summary_for(is_admin=False)
        self.assertFalse(any(h.name in user for h in Host.objects.all()))
        self.assertIn("availability_zone: other-0, other-1, other-2",
                      decision.summary_for(is_admin=True))

    @override_settings(SCHEDULER_DECISION_MAX_REJECTED=2)
    def test_rejected_hosts_listed_are_capped_but_counts_are_whole(self):
        decision, _ = place(make_flavor(memory_mb=10**6))
        [ram] = [e for e in decision.filters if e["filter"] == "ram"]
        self.assertEqual((ram["out"], len(ram["rejected"]), ram["rejected_more"]), (12, 2, 10))
        self.assertIn("(+10 more)", decision.summary_for(is_admin=True))

    def test_later_filters_are_not_run_once_no_host_is_left(self):
        decision, _ = place(make_flavor(memory_mb=10**6))
        self.assertEqual(decision.filters[-1]["filter"], "ram")

    def test_nothing_up_says_so(self):
        Host.objects.update(enabled=False)
        _, message = place(make_flavor())
        self.assertEqual(message, "No valid host was found: 12 hosts; compute excluded 12 "
                                  "(12 disabled). No compute host is enabled and up")


class AttemptRecordTests(TestCase):
    def test_every_run_is_stored_with_its_attempt_number(self):
        make_host("h", memory_mb=2048)
        instance = make_instance(flavor=make_flavor(memory_mb=1024), scheduling_attempts=2)
        services.select_and_claim(instance)
        decision = SchedulingDecision.objects.get()
        self.assertEqual((decision.instance, decision.attempt), (instance, 2))
        self.assertGreater(decision.duration_ms, 0)
        self.assertEqual(decision.request["memory_mb"], 1024)


class ClaimFailureRecordTests(TestCase):
    def test_hosts_that_filled_up_are_recorded_apart_from_the_alternates(self):
        trail, spec = Trail(), make_spec()
        FilterScheduler().select(spec, [make_host_state("a"), make_host_state("b")], trail)
        decision = trail.record(spec, SchedulingDecision.NO_VALID_HOST, claim_failed=["a", "b"])
        self.assertEqual((decision.claim_failed, decision.alternates), (["a", "b"], []))
        self.assertEqual(decision.summary, "2 hosts; 2 passed every filter, and all filled up "
                                           "before they could be claimed")
