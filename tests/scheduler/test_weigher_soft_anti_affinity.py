"""Soft anti-affinity weigher: members of such a group prefer hosts holding fewer."""
from django.test import SimpleTestCase

from scheduler.weighers.base import weigh
from scheduler.weighers.soft_anti_affinity import SoftAntiAffinityWeigher
from tests.scheduler.snapshots import make_group_spec, make_host_state, make_spec


class SoftAntiAffinityWeigherTests(SimpleTestCase):
    def setUp(self):
        self.hosts = [make_host_state("a", id=1), make_host_state("b", id=2)]

    def test_host_with_fewer_members_weighs_more(self):
        spec = make_spec(group=make_group_spec("soft-anti-affinity", {1: 2}))
        self.assertEqual(SoftAntiAffinityWeigher().weigh(self.hosts[0], spec), -2)
        self.assertEqual(weigh([SoftAntiAffinityWeigher()], spec, self.hosts)[0].host.name,
                         "b")

    def test_other_policies_weigh_nothing(self):
        spec = make_spec(group=make_group_spec("anti-affinity", {1: 2}))
        self.assertEqual(SoftAntiAffinityWeigher().weigh(self.hosts[0], spec), 0)
