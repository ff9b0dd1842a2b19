"""Aggregate multi-tenancy isolation: filter_tenant_id* metadata reserves hosts."""
from django.test import SimpleTestCase, TestCase

from scheduler import aggregates
from scheduler.filters.aggregate_multitenancy_isolation import AggregateMultitenancyIsolationFilter
from scheduler.hosts import load_hosts
from tests.factories import make_host
from tests.scheduler.snapshots import make_host_state, make_spec


def passes(metadata, project_id):
    host = make_host_state(aggregates=tuple(metadata))
    return AggregateMultitenancyIsolationFilter().host_passes(
        host, make_spec(project_id=project_id))


class MultitenancyIsolationTests(SimpleTestCase):
    def test_host_in_no_aggregate_takes_any_project(self):
        self.assertTrue(passes([], "anyone").passed)

    def test_listed_project_passes_and_others_are_rejected(self):
        metadata = [{"filter_tenant_id": "p1,p2"}]
        self.assertTrue(passes(metadata, "p2").passed)
        result = passes(metadata, "p3")
        self.assertEqual((result.passed, result.code), (False, "other_tenants"))

    def test_keys_with_the_prefix_and_several_aggregates_add_up(self):
        metadata = [{"filter_tenant_id": "p1"}, {"filter_tenant_id2": "p2", "ssd": "true"}]
        self.assertTrue(passes(metadata, "p2").passed)

    def test_aggregate_without_the_key_restricts_nothing(self):
        self.assertTrue(passes([{"ssd": "true"}], "p9").passed)


class MultitenancyLoadingTests(TestCase):
    def test_aggregate_metadata_is_loaded_per_host(self):
        host = make_host("reserved")
        make_host("open")
        aggregate = aggregates.create_aggregate("tenant-p1", metadata={"filter_tenant_id": "p1"})
        aggregates.add_host(aggregate, host)
        loaded = {h.name: h.aggregates for h in load_hosts()}
        self.assertEqual(loaded, {"reserved": ({"filter_tenant_id": "p1"},), "open": ()})
