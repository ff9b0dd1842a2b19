"""/os-security-groups and /os-security-group-rules: Nova's proxy shapes, codes, messages
and tenancy (another project's group is a 404, readers only read, gone above 2.35)."""
import uuid

from compute import quotas
from networking import security_groups as sg
from networking.models import SecurityGroup, SecurityGroupRule
from tests.api.base import ApiTestCase

GROUPS = "/compute/v2.1/os-security-groups"
RULES = "/compute/v2.1/os-security-group-rules"


class SecurityGroupApiTestCase(ApiTestCase):
    def create_group(self, name="web", description="d", as_user="alice"):
        response = self.call("POST", GROUPS, {"security_group": {
            "name": name, "description": description}}, as_user=as_user)
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()["security_group"]

    def add_rule(self, **rule):
        return self.call("POST", RULES, {"security_group_rule": rule})


class GroupTests(SecurityGroupApiTestCase):
    def test_create_answers_nova_shape_without_egress_rules(self):
        group = self.create_group(" spaced name ", "")
        self.assertEqual(set(group), {"id", "name", "description", "tenant_id", "rules"})
        self.assertEqual((group["name"], group["description"], group["tenant_id"],
                          group["rules"]), (" spaced name ", "", self.project_a.id, []))
        self.assertEqual(self.call("GET", f"{GROUPS}/{group['id']}").json()["security_group"],
                         group)

    def test_list_has_the_default_group_with_its_ingress_rules(self):
        self.create_group("web")
        groups = self.call("GET", GROUPS).json()["security_groups"]
        self.assertEqual([g["name"] for g in groups], ["default", "web"])
        rules = groups[0]["rules"]
        self.assertEqual(len(rules), 2)
        self.assertEqual(rules[0]["group"], {"name": "default",
                                             "tenant_id": self.project_a.id})
        self.assertEqual((rules[0]["ip_protocol"], rules[0]["from_port"], rules[0]["to_port"],
                          rules[0]["ip_range"], rules[0]["parent_group_id"]),
                         (None, None, None, {}, groups[0]["id"]))

    def test_list_is_the_projects_own_unless_an_admin_asks_for_all(self):
        mine = self.create_group("mine")
        theirs = self.create_group("theirs", as_user="bob")
        ids = {g["id"] for g in self.call("GET", f"{GROUPS}?all_tenants=1").json()[
            "security_groups"]}
        self.assertIn(mine["id"], ids)
        self.assertNotIn(theirs["id"], ids)
        ids = {g["id"] for g in self.call("GET", f"{GROUPS}?all_tenants=1", as_user="admin")
               .json()["security_groups"]}
        self.assertTrue({mine["id"], theirs["id"]} <= ids)

    def test_list_limit_and_offset(self):
        for name in ("a", "b", "c"):
            self.create_group(name)
        groups = self.call("GET", f"{GROUPS}?offset=1&limit=2").json()["security_groups"]
        self.assertEqual([g["name"] for g in groups], ["a", "b"])
        self.assert_error(self.call("GET", f"{GROUPS}?limit=x"), 400, "badRequest")

    def test_update_renames(self):
        group = self.create_group()
        response = self.call("PUT", f"{GROUPS}/{group['id']}", {"security_group": {
            "name": "new", "description": "newer"}})
        self.assertEqual(response.status_code, 200, response.content)
        shown = self.call("GET", f"{GROUPS}/{group['id']}").json()["security_group"]
        self.assertEqual((shown["name"], shown["description"]), ("new", "newer"))

    def test_delete_answers_202_then_404(self):
        group = self.create_group()
        self.assertEqual(self.call("DELETE", f"{GROUPS}/{group['id']}").status_code, 202)
        self.assert_error(self.call("GET", f"{GROUPS}/{group['id']}"), 404, "itemNotFound")

    def test_default_group_cannot_be_deleted(self):
        default = self.call("GET", GROUPS).json()["security_groups"][0]
        message = self.assert_error(self.call("DELETE", f"{GROUPS}/{default['id']}"), 400,
                                    "badRequest")
        self.assertIn("default security group", message)

    def test_unknown_or_malformed_or_missing_ids(self):
        missing = str(uuid.uuid4())
        for method in ("GET", "DELETE"):
            self.assert_error(self.call(method, f"{GROUPS}/{missing}"), 404, "itemNotFound")
        self.assert_error(self.call("PUT", f"{GROUPS}/{missing}", {"security_group": {
            "name": "a", "description": "b"}}), 404, "itemNotFound")
        message = self.assert_error(self.call("GET", f"{GROUPS}/12"), 400, "badRequest")
        self.assertEqual(message, "Security group id should be uuid")
        self.assert_error(self.call("DELETE", f"{GROUPS}/"), 404, "itemNotFound")

    def test_another_projects_group_is_a_404(self):
        theirs = self.create_group("theirs", as_user="bob")
        for method in ("GET", "DELETE"):
            self.assert_error(self.call(method, f"{GROUPS}/{theirs['id']}"), 404,
                              "itemNotFound")
        self.assertEqual(self.call("GET", f"{GROUPS}/{theirs['id']}", as_user="admin")
                         .status_code, 200)

    def test_bad_bodies_are_400(self):
        for body in (None, {}, {"security_group": {"name": "x"}},
                     {"security_group": {"name": 5, "description": ""}},
                     {"security_group": {"name": "x" * 256, "description": ""}},
                     {"security_group": {"name": "x", "description": "d" * 256}}):
            self.assert_error(self.call("POST", GROUPS, body), 400, "badRequest")
        self.assertFalse(SecurityGroup.objects.filter(is_default=False).exists())

    def test_reader_reads_but_cannot_write(self):
        group = self.create_group()
        self.assertEqual(self.call("GET", GROUPS, as_user="reader").status_code, 200)
        self.assert_error(self.call("POST", GROUPS, {"security_group": {
            "name": "r", "description": ""}}, as_user="reader"), 403, "forbidden")
        self.assert_error(self.call("DELETE", f"{GROUPS}/{group['id']}", as_user="reader"),
                          403, "forbidden")

    def test_over_quota_is_403(self):
        quotas.set_limits(self.project_a.id, {"security_groups": 1}, force=True)
        message = self.assert_error(self.call("POST", GROUPS, {"security_group": {
            "name": "x", "description": ""}}), 403, "forbidden")
        self.assertIn("security_group", message)

    def test_gone_above_2_35(self):
        self.assert_error(self.call("GET", GROUPS, version="2.36"), 404, "itemNotFound")
        self.assertEqual(self.call("GET", GROUPS, version="2.35").status_code, 200)


class RuleTests(SecurityGroupApiTestCase):
    def setUp(self):
        super().setUp()
        self.group = self.create_group()

    def rule(self, **fields):
        response = self.add_rule(parent_group_id=self.group["id"], **fields)
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()["security_group_rule"]

    def test_tcp_rule_from_anywhere(self):
        rule = self.rule(ip_protocol="tcp", from_port=22, to_port="22")
        self.assertEqual(rule, {"id": rule["id"], "parent_group_id": self.group["id"],
                                "ip_protocol": "tcp", "from_port": 22, "to_port": 22,
                                "group": {}, "ip_range": {"cidr": "0.0.0.0/0"}})
        stored = SecurityGroupRule.objects.get(pk=rule["id"])
        self.assertEqual((stored.direction, stored.ethertype), ("ingress", "IPv4"))

    def test_cidr_is_kept_as_given_and_ipv6_sets_the_ethertype(self):
        self.assertEqual(self.rule(ip_protocol="tcp", from_port=22, to_port=22,
                                   cidr="10.2.3.124/24")["ip_range"], {"cidr": "10.2.3.124/24"})
        rule = self.rule(ip_protocol="udp", from_port=53, to_port=53, cidr="2001:db8::/32")
        self.assertEqual(SecurityGroupRule.objects.get(pk=rule["id"]).ethertype, "IPv6")

    def test_group_rule_names_the_peer(self):
        peer = self.create_group("peer")
        rule = self.rule(ip_protocol="tcp", from_port=22, to_port=22, group_id=peer["id"])
        self.assertEqual((rule["group"], rule["ip_range"]),
                         ({"name": "peer", "tenant_id": self.project_a.id}, {}))

    def test_group_rule_without_ports_covers_the_whole_range(self):
        peer = self.create_group("peer")
        tcp = self.rule(ip_protocol="tcp", group_id=peer["id"])
        icmp = self.rule(ip_protocol="icmp", group_id=peer["id"])
        self.assertEqual([(r["from_port"], r["to_port"]) for r in (tcp, icmp)],
                         [(1, 65535), (-1, -1)])

    def test_icmp_any_is_minus_one(self):
        rule = self.rule(ip_protocol="icmp", from_port=-1, to_port=-1)
        self.assertEqual((rule["from_port"], rule["to_port"]), (-1, -1))
        stored = SecurityGroupRule.objects.get(pk=rule["id"])
        self.assertEqual((stored.port_range_min, stored.port_range_max), (None, None))

    def test_rules_show_in_the_group(self):
        first = self.rule(ip_protocol="tcp", from_port=22, to_port=22)
        second = self.rule(ip_protocol="icmp", from_port=-1, to_port=-1)
        rules = self.call("GET", f"{GROUPS}/{self.group['id']}").json()["security_group"][
            "rules"]
        self.assertEqual([r["id"] for r in rules], [first["id"], second["id"]])

    def test_peer_group_deleted_takes_its_rules(self):
        peer = self.create_group("peer")
        self.rule(ip_protocol="tcp", from_port=22, to_port=22, group_id=peer["id"])
        self.call("DELETE", f"{GROUPS}/{peer['id']}")
        self.assertEqual(self.call("GET", f"{GROUPS}/{self.group['id']}").json()[
            "security_group"]["rules"], [])

    def test_delete_rule(self):
        rule = self.rule(ip_protocol="tcp", from_port=22, to_port=22)
        self.assertEqual(self.call("DELETE", f"{RULES}/{rule['id']}").status_code, 202)
        self.assert_error(self.call("DELETE", f"{RULES}/{rule['id']}"), 404, "itemNotFound")
        self.assert_error(self.call("DELETE", f"{RULES}/nope"), 400, "badRequest")

    def test_invalid_rules_are_400_with_novas_messages(self):
        cases = [
            ({"ip_protocol": "tcp", "from_port": 22, "to_port": 21},
             "Invalid port range 22:21. Former value cannot be greater than the later"),
            ({"ip_protocol": "tcp", "from_port": 1, "to_port": 65536},
             "Invalid port range 1:65536. Valid TCP ports should be between 1-65535"),
            ({"ip_protocol": "icmp", "from_port": 256, "to_port": 0},
             "Invalid port range 256:0. For ICMP, the type:code must be valid"),
            ({"ip_protocol": "tcp", "from_port": "a", "to_port": 22},
             "Invalid input received: To and From ports must be integers"),
            ({"ip_protocol": "abc999", "from_port": 22, "to_port": 22},
             "Invalid IP protocol abc999."),
            ({"ip_protocol": "tcp", "from_port": 22, "to_port": 22, "cidr": "10.0.0.1"},
             "10.0.0.1 is not a valid IP network."),
            ({"ip_protocol": "tcp", "from_port": 22, "to_port": 22, "cidr": "10.0.0.0/0"},
             "Bad prefix for network in cidr 10.0.0.0/0"),
            ({"ip_protocol": "tcp"}, "Not enough parameters to build a valid rule."),
        ]
        for fields, expected in cases:
            response = self.add_rule(parent_group_id=self.group["id"], **fields)
            self.assertEqual(self.assert_error(response, 400, "badRequest"), expected)
        self.assertFalse(SecurityGroupRule.objects.filter(direction="ingress",
                                                          security_group__name="web").exists())

    def test_duplicate_rule_is_400(self):
        self.rule(ip_protocol="tcp", from_port=22, to_port=22)
        message = self.assert_error(self.add_rule(
            parent_group_id=self.group["id"], ip_protocol="tcp", from_port=22, to_port=22),
            400, "badRequest")
        self.assertEqual(message, f"This rule already exists in group {self.group['id']}")

    def test_unknown_or_malformed_parent_and_peer(self):
        missing = str(uuid.uuid4())
        self.assert_error(self.add_rule(parent_group_id=missing, ip_protocol="tcp",
                                        from_port=22, to_port=22), 404, "itemNotFound")
        self.assert_error(self.add_rule(parent_group_id="non_int_id", ip_protocol="tcp",
                                        from_port=22, to_port=22), 400, "badRequest")
        self.assert_error(self.add_rule(parent_group_id=self.group["id"], group_id=missing,
                                        ip_protocol="tcp", from_port=22, to_port=22),
                          404, "itemNotFound")
        self.assert_error(self.call("POST", RULES, {}), 400, "badRequest")

    def test_another_projects_group_and_rule_are_404(self):
        theirs = self.create_group("theirs", as_user="bob")
        self.assert_error(self.add_rule(parent_group_id=theirs["id"], ip_protocol="tcp",
                                        from_port=22, to_port=22), 404, "itemNotFound")
        rule = sg.create_rule(SecurityGroup.objects.get(pk=theirs["id"]), protocol="tcp",
                              port_range_min=1, port_range_max=2)
        self.assert_error(self.call("DELETE", f"{RULES}/{rule.pk}"), 404, "itemNotFound")

    def test_rule_quota_is_403(self):
        quotas.set_limits(self.project_a.id, {"security_group_rules": 0}, force=True)
        self.assert_error(self.add_rule(parent_group_id=self.group["id"], ip_protocol="tcp",
                                        from_port=22, to_port=22), 403, "forbidden")

    def test_reader_cannot_add_rules(self):
        response = self.call("POST", RULES, {"security_group_rule": {
            "parent_group_id": self.group["id"], "ip_protocol": "tcp", "from_port": 22,
            "to_port": 22}}, as_user="reader")
        self.assert_error(response, 403, "forbidden")
