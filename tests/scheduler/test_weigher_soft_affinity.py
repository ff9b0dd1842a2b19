"""Soft-affinity weigher: members of a soft-affinity group prefer their members' host."""
from django.test import SimpleTestCase

from scheduler.weighers.base import weigh
from scheduler.weighers.soft_affinity import SoftAffinityWeigher
from tests.scheduler.snapshots import make_group_spec, make_host_state, make_spec


class SoftAffinityWeigherTests(SimpleTestCase):
    def setUp(self):
        self.hosts = [make_host_state("a", id=1), make_host_state("b", id=2)]

    def test_host_with_most_members_weighs_most(self):
        spec = make_spec(group=make_group_spec("soft-affinity", {2: 3, 1: 1}))
        self.assertEqual(SoftAffinityWeigher().weigh(self.hosts[1], spec), 3)
        self.assertEqual(weigh([SoftAffinityWeigher()], spec, self.hosts)[0].host.name, "b")

    def test_other_policies_and_no_group_weigh_nothing(self):
        weigher = SoftAffinityWeigher()
        self.assertEqual(weigher.weigh(self.hosts[1], make_spec()), 0)
        spec = make_spec(group=make_group_spec("soft-anti-affinity", {2: 3}))
        self.assertEqual(weigher.weigh(self.hosts[1], spec), 0)
