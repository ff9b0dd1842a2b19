"""Server group anti-affinity filter: members apart, or max_server_per_host per host."""
from django.test import SimpleTestCase

from scheduler.filters.server_group_anti_affinity import ServerGroupAntiAffinityFilter
from tests.scheduler.snapshots import make_group_spec, make_host_state, make_spec


class ServerGroupAntiAffinityFilterTests(SimpleTestCase):
    def setUp(self):
        self.flt = ServerGroupAntiAffinityFilter()
        self.busy, self.empty = make_host_state(id=1), make_host_state(id=2)

    def test_host_holding_a_member_is_rejected(self):
        spec = make_spec(group=make_group_spec("anti-affinity", {1: 1}))
        result = self.flt.host_passes(self.busy, spec)
        self.assertEqual((result.passed, result.code), (False, "group_member_here"))
        self.assertIn("1 member(s) of group group-uuid here, max 1", result.detail)
        self.assertTrue(self.flt.host_passes(self.empty, spec).passed)

    def test_max_server_per_host_allows_that_many(self):
        group = make_group_spec("anti-affinity", {1: 1}, rules={"max_server_per_host": 2})
        self.assertTrue(self.flt.host_passes(self.busy, make_spec(group=group)).passed)
        group = make_group_spec("anti-affinity", {1: 2}, rules={"max_server_per_host": 2})
        self.assertFalse(self.flt.host_passes(self.busy, make_spec(group=group)).passed)

    def test_soft_anti_affinity_is_left_to_the_weigher(self):
        self.assertFalse(self.flt.applies(make_spec(group=make_group_spec(
            "soft-anti-affinity", {1: 5}))))

    def test_explain_names_the_limit(self):
        group = make_group_spec("anti-affinity", rules={"max_server_per_host": 3})
        self.assertEqual(self.flt.explain(make_spec(group=group), []),
                         "already hold 3 member(s) of the anti-affinity group")
