"""Compute /limits: absolute limits and usage of the caller's project, keys per microversion,
another project's for admins only."""
from compute import quotas
from networking.floating_ips import allocate
from networking.models import SecurityGroupRule
from networking.security_groups import create_group
from tests.api.microversion_case import MicroversionTestCase
from tests.factories import make_flavor, make_instance, make_network

LIMITS = "/compute/v2.1/limits"
KEYS_21 = {"maxTotalCores", "maxTotalInstances", "maxTotalRAMSize", "maxServerMeta",
           "maxImageMeta", "maxPersonality", "maxPersonalitySize", "maxTotalKeypairs",
           "maxServerGroups", "maxServerGroupMembers", "maxSecurityGroups",
           "maxSecurityGroupRules", "maxTotalFloatingIps", "totalCoresUsed",
           "totalInstancesUsed", "totalRAMUsed", "totalServerGroupsUsed",
           "totalSecurityGroupsUsed", "totalFloatingIpsUsed"}
NETWORK = {"maxSecurityGroups", "maxSecurityGroupRules", "maxTotalFloatingIps",
           "totalSecurityGroupsUsed", "totalFloatingIpsUsed"}


class LimitsTests(MicroversionTestCase):
    def setUp(self):
        super().setUp()
        make_instance(project_id=self.project_a.id, flavor=make_flavor(vcpus=3, memory_mb=768))

    def absolute(self, query="", as_user="alice", version=None):
        response = self.call("GET", LIMITS + query, as_user=as_user, version=version)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["limits"]["rate"], [])
        return response.json()["limits"]["absolute"]

    def test_limits_and_usage_of_the_callers_project(self):
        absolute = self.absolute("?reserved=False")
        self.assertEqual(set(absolute), KEYS_21)
        self.assertEqual((absolute["maxTotalCores"], absolute["maxTotalInstances"],
                          absolute["maxTotalRAMSize"], absolute["maxServerMeta"],
                          absolute["maxTotalKeypairs"]), (20, 10, 51200, 128, 100))
        self.assertEqual((absolute["totalCoresUsed"], absolute["totalInstancesUsed"],
                          absolute["totalRAMUsed"]), (3, 1, 768))
        self.assertEqual(self.absolute(as_user="bob")["totalCoresUsed"], 0)

    def test_limits_follow_the_projects_quota(self):
        quotas.set_limits(self.project_a.id, {"cores": 7})
        self.assertEqual(self.absolute()["maxTotalCores"], 7)

    def test_keys_per_microversion(self):
        self.assertEqual(set(self.absolute(version="2.36")), KEYS_21 - NETWORK)
        self.assertEqual(set(self.absolute(version="2.39")),
                         KEYS_21 - NETWORK - {"maxImageMeta"})
        self.assertEqual(set(self.absolute(version="2.57")),
                         KEYS_21 - NETWORK - {"maxImageMeta", "maxPersonality",
                                              "maxPersonalitySize"})

    def test_admin_reads_another_project(self):
        absolute = self.absolute(f"?tenant_id={self.project_a.id}", as_user="admin")
        self.assertEqual(absolute["totalInstancesUsed"], 1)

    def test_members_cannot_name_a_project(self):
        response = self.call("GET", f"{LIMITS}?tenant_id={self.project_b.id}")
        self.assert_error(response, 403, "forbidden")

    def test_reader_reads(self):
        self.assertEqual(self.absolute(as_user="reader")["totalCoresUsed"], 3)

    def test_network_usage_counts_the_projects_groups_and_floating_ips(self):
        create_group(self.project_a.id, "web")  # with the default group it makes: 2 groups
        network = make_network(name="ext", cidr="198.51.100.0/28", external=True, shared=True)
        allocate(project_id=self.project_a.id, network=network)
        absolute = self.absolute()
        self.assertEqual((absolute["totalSecurityGroupsUsed"], absolute["totalFloatingIpsUsed"]),
                         (2, 1))
        self.assertEqual(self.absolute(as_user="bob")["totalSecurityGroupsUsed"], 0)
        detail = quotas.detail(self.project_a.id)
        self.assertEqual(detail["security_group_rules"]["in_use"],
                         SecurityGroupRule.objects.filter(project_id=self.project_a.id).count())
        self.assertEqual(quotas.detail(self.project_a.id, "some-user")["security_groups"]
                         ["in_use"], 0)
