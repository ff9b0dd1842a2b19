"""Server group affinity filter: once a member holds a host, the group stays there."""
from django.test import SimpleTestCase

from scheduler.filters.server_group_affinity import ServerGroupAffinityFilter
from tests.scheduler.snapshots import make_group_spec, make_host_state, make_spec


class ServerGroupAffinityFilterTests(SimpleTestCase):
    def setUp(self):
        self.here, self.there = make_host_state(id=1), make_host_state(id=2)

    def test_first_member_may_go_anywhere(self):
        spec = make_spec(group=make_group_spec("affinity"))
        self.assertTrue(ServerGroupAffinityFilter().host_passes(self.there, spec).passed)

    def test_only_the_members_host_passes_afterwards(self):
        spec = make_spec(group=make_group_spec("affinity", {1: 1}))
        flt = ServerGroupAffinityFilter()
        self.assertTrue(flt.host_passes(self.here, spec).passed)
        result = flt.host_passes(self.there, spec)
        self.assertEqual((result.passed, result.code), (False, "not_group_host"))

    def test_other_policies_and_no_group_do_not_run_the_filter(self):
        flt = ServerGroupAffinityFilter()
        self.assertFalse(flt.applies(make_spec()))
        self.assertFalse(flt.applies(make_spec(group=make_group_spec("soft-affinity"))))
        self.assertFalse(flt.applies(make_spec(group=make_group_spec("anti-affinity"))))
