"""Compute filter: only up, enabled hosts pass; the reason says which."""
from datetime import timedelta

from django.test import SimpleTestCase, TestCase
from django.utils import timezone

from scheduler.filters.compute import ComputeFilter
from scheduler.hosts import load_hosts
from tests.factories import make_host
from tests.scheduler.snapshots import make_host_state, make_spec


class ComputeFilterTests(SimpleTestCase):
    def test_up_and_enabled_host_passes(self):
        self.assertTrue(ComputeFilter().host_passes(make_host_state(), make_spec()).passed)

    def test_disabled_host_is_rejected_with_the_operator_reason(self):
        host = make_host_state(enabled=False, disabled_reason="maintenance")
        result = ComputeFilter().host_passes(host, make_spec())
        self.assertEqual((result.passed, result.code), (False, "disabled"))
        self.assertEqual(result.detail, "compute: disabled (maintenance)")

    def test_down_host_is_rejected(self):
        result = ComputeFilter().host_passes(make_host_state(up=False), make_spec())
        self.assertEqual((result.passed, result.code), (False, "down"))

    def test_explain_counts_the_codes(self):
        flt = ComputeFilter()
        rejected = [(h, flt.host_passes(h, make_spec())) for h in (
            make_host_state(up=False), make_host_state(up=False),
            make_host_state(enabled=False))]
        self.assertEqual(flt.explain(make_spec(), rejected), "2 down, 1 disabled")


class ComputeStatusLoadingTests(TestCase):
    def test_stale_heartbeat_and_forced_down_load_as_down(self):
        make_host("fresh")
        make_host("stale", last_heartbeat=timezone.now() - timedelta(hours=1))
        make_host("never", last_heartbeat=None)
        make_host("forced", forced_down=True)
        self.assertEqual({h.name: h.up for h in load_hosts()},
                         {"fresh": True, "stale": False, "never": False, "forced": False})
