"""/network/v2.0/security-groups and security-group-rules: Neutron's shapes, codes and error
bodies, tenancy, and the same service rules as the Nova proxy."""
import uuid

from compute import quotas
from networking.models import SecurityGroup, SecurityGroupRule
from tests.api.base import ApiTestCase

GROUPS = "/network/v2.0/security-groups"
RULES = "/network/v2.0/security-group-rules"


class NeutronSecurityGroupTestCase(ApiTestCase):
    def create_group(self, name="web", as_user="alice", **fields):
        response = self.call("POST", GROUPS, {"security_group": {"name": name, **fields}},
                             as_user=as_user)
        self.assertEqual(response.status_code, 201, response.content)
        return response.json()["security_group"]

    def neutron_error(self, response, status, kind):
        self.assertEqual(response.status_code, status, response.content)
        error = response.json()["NeutronError"]
        self.assertEqual(error["type"], kind)
        return error["message"]


class GroupTests(NeutronSecurityGroupTestCase):
    def test_create_answers_201_with_egress_rules(self):
        group = self.create_group("web", description="d")
        self.assertEqual((group["name"], group["description"], group["project_id"],
                          group["tenant_id"], group["stateful"]),
                         ("web", "d", self.project_a.id, self.project_a.id, True))
        self.assertEqual(sorted((r["direction"], r["ethertype"], r["protocol"])
                                for r in group["security_group_rules"]),
                         [("egress", "IPv4", None), ("egress", "IPv6", None)])

    def test_list_makes_the_default_group_and_filters_by_name(self):
        self.create_group("web")
        groups = self.call("GET", GROUPS).json()["security_groups"]
        self.assertEqual(sorted(g["name"] for g in groups), ["default", "web"])
        default = self.call("GET", f"{GROUPS}?name=default").json()["security_groups"]
        self.assertEqual(len(default), 1)
        self.assertEqual(len(default[0]["security_group_rules"]), 4)
        self.assertTrue(all(r["belongs_to_default_sg"]
                            for r in default[0]["security_group_rules"]))

    def test_show_update_delete(self):
        group = self.create_group("web")
        url = f"{GROUPS}/{group['id']}"
        self.assertEqual(self.call("GET", url).json()["security_group"]["id"], group["id"])
        response = self.call("PUT", url, {"security_group": {"description": "new"}})
        self.assertEqual(response.json()["security_group"]["description"], "new")
        self.assertEqual(response.json()["security_group"]["name"], "web")
        self.assertEqual(self.call("DELETE", url).status_code, 204)
        self.neutron_error(self.call("GET", url), 404, "SecurityGroupNotFound")

    def test_default_group_is_protected_with_409(self):
        self.call("GET", GROUPS)
        default = SecurityGroup.objects.get(project_id=self.project_a.id, is_default=True)
        self.neutron_error(self.call("DELETE", f"{GROUPS}/{default.pk}"), 409,
                           "SecurityGroupCannotRemoveDefault")
        self.neutron_error(self.call("PUT", f"{GROUPS}/{default.pk}", {
            "security_group": {"name": "x"}}), 409, "SecurityGroupCannotUpdateDefault")
        self.neutron_error(self.call("POST", GROUPS, {"security_group": {"name": "default"}}),
                           409, "SecurityGroupDefaultAlreadyExists")

    def test_an_admin_deletes_a_projects_default_group_as_tempest_cleanup_does(self):
        self.call("GET", GROUPS)
        default = SecurityGroup.objects.get(project_id=self.project_a.id, is_default=True)
        found = self.call("GET", f"{GROUPS}?name=default&project_id={self.project_a.id}",
                          as_user="admin").json()["security_groups"]
        self.assertEqual([group["id"] for group in found], [default.pk])
        self.assertEqual(self.call("DELETE", f"{GROUPS}/{default.pk}", as_user="admin")
                         .status_code, 204)
        self.assertFalse(SecurityGroup.objects.filter(pk=default.pk).exists())

    def test_other_projects_group_is_404_and_admin_lists_all(self):
        theirs = self.create_group("theirs", as_user="bob")
        self.neutron_error(self.call("GET", f"{GROUPS}/{theirs['id']}"), 404,
                           "SecurityGroupNotFound")
        ids = [g["id"] for g in self.call("GET", GROUPS, as_user="admin").json()[
            "security_groups"]]
        self.assertIn(theirs["id"], ids)

    def test_admin_creates_for_another_project_members_may_not(self):
        group = self.create_group("ops", as_user="admin", project_id=self.project_b.id)
        self.assertEqual(group["project_id"], self.project_b.id)
        self.neutron_error(self.call("POST", GROUPS, {"security_group": {
            "name": "x", "project_id": self.project_b.id}}), 403, "PolicyNotAuthorized")

    def test_over_quota_is_409(self):
        quotas.set_limits(self.project_a.id, {"security_groups": 1}, force=True)
        self.neutron_error(self.call("POST", GROUPS, {"security_group": {"name": "x"}}), 409,
                           "OverQuota")

    def test_reader_cannot_create(self):
        self.assertEqual(self.call("POST", GROUPS, {"security_group": {"name": "x"}},
                                   as_user="reader").status_code, 403)


class RuleTests(NeutronSecurityGroupTestCase):
    def setUp(self):
        super().setUp()
        self.group = self.create_group("web")

    def add(self, **fields):
        body = {"security_group_id": self.group["id"], "direction": "ingress", **fields}
        return self.call("POST", RULES, {"security_group_rule": body})

    def test_create_show_list_delete(self):
        response = self.add(protocol="6", port_range_min=22, port_range_max="22",
                            remote_ip_prefix="10.0.0.0/8")
        self.assertEqual(response.status_code, 201, response.content)
        rule = response.json()["security_group_rule"]
        self.assertEqual((rule["protocol"], rule["port_range_min"], rule["port_range_max"],
                          rule["remote_ip_prefix"], rule["ethertype"]),
                         ("6", 22, 22, "10.0.0.0/8", "IPv4"))
        url = f"{RULES}/{rule['id']}"
        self.assertEqual(self.call("GET", url).json()["security_group_rule"], rule)
        listed = self.call("GET", f"{RULES}?security_group_id={self.group['id']}"
                                  f"&direction=ingress").json()["security_group_rules"]
        self.assertEqual([r["id"] for r in listed], [rule["id"]])
        self.assertEqual(self.call("DELETE", url).status_code, 204)
        self.neutron_error(self.call("GET", url), 404, "SecurityGroupRuleNotFound")

    def test_protocol_numbers_and_ipv6_icmp_are_kept_as_given(self):
        rule = self.add(protocol=17).json()["security_group_rule"]
        self.assertEqual(rule["protocol"], "17")
        rule = self.add(protocol="ipv6-icmp", ethertype="IPv6", port_range_min=8,
                        port_range_max=0).json()["security_group_rule"]
        self.assertEqual((rule["protocol"], rule["port_range_min"]), ("ipv6-icmp", 8))

    def test_remote_group_rule(self):
        peer = self.create_group("peer")
        rule = self.add(remote_group_id=peer["id"]).json()["security_group_rule"]
        self.assertEqual((rule["remote_group_id"], rule["protocol"]), (peer["id"], None))
        self.neutron_error(self.add(remote_group_id=str(uuid.uuid4())), 404,
                           "SecurityGroupNotFound")

    def test_duplicate_is_409(self):
        self.add(protocol="udp", port_range_min=53, port_range_max=53)
        message = self.neutron_error(self.add(protocol="udp", port_range_min=53,
                                              port_range_max=53), 409,
                                     "SecurityGroupRuleExists")
        self.assertIn("Security group rule already exists", message)

    def test_invalid_rules_are_400(self):
        for fields in ({"protocol": "tcp", "port_range_min": 30, "port_range_max": 20},
                       {"protocol": "bogus"}, {"direction": "sideways"},
                       {"ethertype": "IPv6", "remote_ip_prefix": "10.0.0.0/8"},
                       {"port_range_min": 22, "port_range_max": 22},
                       {"protocol": "tcp", "port_range_min": "a", "port_range_max": 2}):
            response = self.add(**fields)
            self.assertEqual(response.status_code, 400, (fields, response.content))
            self.assertIn("NeutronError", response.json())
        self.assertFalse(SecurityGroupRule.objects.filter(direction="ingress",
                                                          security_group_id=self.group["id"])
                         .exists())
        self.assertEqual(self.call("POST", RULES, {"security_group_rule": {
            "direction": "ingress"}}).status_code, 400)

    def test_other_projects_rules_are_hidden(self):
        theirs = self.create_group("theirs", as_user="bob")
        response = self.call("POST", RULES, {"security_group_rule": {
            "security_group_id": theirs["id"], "direction": "ingress"}})
        self.neutron_error(response, 404, "SecurityGroupNotFound")
        rule_ids = {r["id"] for r in self.call("GET", RULES).json()["security_group_rules"]}
        self.assertFalse(rule_ids & {r["id"] for r in theirs["security_group_rules"]})
