"""Aggregates and availability zones: a zone is an aggregate's metadata, hosts outside any
zone are in the default zone, and Host.availability_zone follows every change."""
from django.core.exceptions import ValidationError
from django.test import TestCase, override_settings

from scheduler import aggregates, services
from tests.factories import make_flavor, make_host, make_instance


def zone_of(host):
    host.refresh_from_db()
    return host.availability_zone


class AvailabilityZoneTests(TestCase):
    def setUp(self):
        self.host = make_host("h1")
        self.zone = aggregates.create_aggregate("rack-1", availability_zone="az1")

    def test_aggregate_zone_comes_from_its_metadata(self):
        self.assertEqual(self.zone.metadata, {"availability_zone": "az1"})
        self.assertEqual(self.zone.availability_zone, "az1")

    def test_joining_a_zone_aggregate_moves_the_host_into_the_zone(self):
        aggregates.add_host(self.zone, self.host)
        self.assertEqual(zone_of(self.host), "az1")

    @override_settings(DEFAULT_AVAILABILITY_ZONE="default-zone")
    def test_leaving_it_puts_the_host_in_the_default_zone(self):
        aggregates.add_host(self.zone, self.host)
        aggregates.remove_host(self.zone, self.host)
        self.assertEqual(zone_of(self.host), "default-zone")

    def test_renaming_the_zone_moves_every_member(self):
        other = make_host("h2")
        aggregates.add_host(self.zone, self.host)
        aggregates.add_host(self.zone, other)
        aggregates.update_metadata(self.zone, {"availability_zone": "az9"})
        self.assertEqual((zone_of(self.host), zone_of(other)), ("az9", "az9"))

    def test_removing_the_zone_key_returns_members_to_the_default_zone(self):
        aggregates.add_host(self.zone, self.host)
        aggregates.update_metadata(self.zone, {"availability_zone": None, "ssd": "true"})
        self.assertEqual(self.zone.metadata, {"ssd": "true"})
        self.assertEqual(zone_of(self.host), "nova")

    def test_aggregate_without_zone_leaves_the_zone_alone(self):
        aggregates.add_host(self.zone, self.host)
        aggregates.add_host(aggregates.create_aggregate("ssd", metadata={"ssd": "1"}),
                            self.host)
        self.assertEqual(zone_of(self.host), "az1")

    def test_a_host_cannot_be_in_two_zones(self):
        aggregates.add_host(self.zone, self.host)
        other = aggregates.create_aggregate("rack-2", availability_zone="az2")
        with self.assertRaisesRegex(ValidationError, "already in availability zone az1"):
            aggregates.add_host(other, self.host)
        self.assertEqual(zone_of(self.host), "az1")

    def test_a_zone_cannot_be_set_on_an_aggregate_whose_hosts_are_elsewhere(self):
        aggregates.add_host(self.zone, self.host)
        plain = aggregates.create_aggregate("plain")
        aggregates.add_host(plain, self.host)
        with self.assertRaises(ValidationError):
            aggregates.update_metadata(plain, {"availability_zone": "az2"})

    def test_an_aggregate_with_hosts_cannot_be_deleted(self):
        aggregates.add_host(self.zone, self.host)
        with self.assertRaises(ValidationError):
            aggregates.delete_aggregate(self.zone)
        aggregates.remove_host(self.zone, self.host)
        aggregates.delete_aggregate(self.zone)

    def test_scheduler_places_into_the_zone_the_aggregate_made(self):
        make_host("elsewhere", memory_mb=65536)
        aggregates.add_host(self.zone, self.host)
        instance = make_instance(flavor=make_flavor(), requested_availability_zone="az1")
        self.assertEqual(services.select_and_claim(instance), self.host)
