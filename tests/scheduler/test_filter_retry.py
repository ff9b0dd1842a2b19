"""Retry filter: hosts an earlier attempt failed on are skipped."""
from django.test import SimpleTestCase

from scheduler.filters.retry import RetryFilter
from tests.scheduler.snapshots import make_host_state, make_spec


class RetryFilterTests(SimpleTestCase):
    def test_host_already_tried_is_rejected(self):
        result = RetryFilter().host_passes(make_host_state("h1"),
                                           make_spec(excluded_hosts=("h1",)))
        self.assertEqual((result.passed, result.code), (False, "tried"))
        self.assertEqual(result.detail, "retry: the build already failed here")

    def test_other_hosts_pass(self):
        spec = make_spec(excluded_hosts=("h1",))
        self.assertTrue(RetryFilter().host_passes(make_host_state("h2"), spec).passed)

    def test_first_attempt_does_not_run_the_filter(self):
        self.assertFalse(RetryFilter().applies(make_spec()))
