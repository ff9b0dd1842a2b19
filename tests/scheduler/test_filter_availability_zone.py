"""Availability zone filter: a requested zone admits only its hosts."""
from django.test import SimpleTestCase

from scheduler.filters.availability_zone import AvailabilityZoneFilter
from tests.scheduler.snapshots import make_host_state, make_spec


class AvailabilityZoneFilterTests(SimpleTestCase):
    def test_host_in_the_requested_zone_passes(self):
        host = make_host_state(availability_zone="az1")
        spec = make_spec(availability_zone="az1")
        self.assertTrue(AvailabilityZoneFilter().host_passes(host, spec).passed)

    def test_host_in_another_zone_is_rejected(self):
        result = AvailabilityZoneFilter().host_passes(make_host_state(availability_zone="az2"),
                                                      make_spec(availability_zone="az1"))
        self.assertEqual((result.passed, result.code), (False, "zone"))
        self.assertEqual(result.detail, "availability_zone: in zone 'az2', 'az1' requested")

    def test_no_requested_zone_means_any_host(self):
        self.assertFalse(AvailabilityZoneFilter().applies(make_spec()))

    def test_explain_names_the_requested_zone(self):
        spec = make_spec(availability_zone="az1")
        self.assertEqual(AvailabilityZoneFilter().explain(spec, []), "not in zone 'az1'")
