"""Security group services: the default group, Neutron's rule checks, duplicates, quotas,
deletion rules, lookups with tenancy, and the instance association."""
from django.test import TestCase

from compute import quotas, states
from networking import instance_security_groups as bindings
from networking import security_groups as sg
from networking.models import SecurityGroup, SecurityGroupRule
from tests.factories import make_instance, make_security_group


def flows(group):
    return sorted((r.direction, r.ethertype, r.protocol, r.remote_group_id)
                  for r in group.rules.all())


class DefaultGroupTests(TestCase):
    def test_default_group_is_made_once_with_neutrons_rules(self):
        group = sg.ensure_default_group("p1")
        self.assertEqual(sg.ensure_default_group("p1").pk, group.pk)
        self.assertEqual((group.name, group.is_default), ("default", True))
        self.assertEqual(flows(group), [("egress", "IPv4", None, None),
                                        ("egress", "IPv6", None, None),
                                        ("ingress", "IPv4", None, group.pk),
                                        ("ingress", "IPv6", None, group.pk)])

    def test_each_project_gets_its_own_default(self):
        self.assertNotEqual(sg.ensure_default_group("p1").pk, sg.ensure_default_group("p2").pk)

    def test_creating_a_group_makes_the_default_first(self):
        make_security_group("web", project_id="p1")
        self.assertTrue(SecurityGroup.objects.filter(project_id="p1", is_default=True).exists())

    def test_default_group_cannot_be_deleted(self):
        with self.assertRaises(sg.SecurityGroupCannotRemoveDefault):
            sg.delete_group(sg.ensure_default_group("p1"))

    def test_an_admin_may_delete_the_default_group_and_a_new_one_comes_on_next_use(self):
        old = sg.ensure_default_group("p1")
        sg.delete_group(old, is_admin=True)
        self.assertFalse(SecurityGroup.objects.filter(pk=old.pk).exists())
        self.assertNotEqual(sg.ensure_default_group("p1").pk, old.pk)

    def test_default_group_cannot_be_renamed_but_can_be_redescribed(self):
        group = sg.ensure_default_group("p1")
        with self.assertRaises(sg.SecurityGroupCannotUpdateDefault):
            sg.update_group(group, name="other")
        sg.update_group(group, name="default", description="mine")
        group.refresh_from_db()
        self.assertEqual((group.name, group.description), ("default", "mine"))

    def test_no_second_group_named_default(self):
        with self.assertRaises(sg.SecurityGroupDefaultAlreadyExists):
            sg.create_group("p1", "default")
        group = make_security_group("web", project_id="p1")
        with self.assertRaises(sg.SecurityGroupDefaultAlreadyExists):
            sg.update_group(group, name="default")


class GroupTests(TestCase):
    def test_new_group_allows_all_egress_only(self):
        group = make_security_group("web", project_id="p1", description="d")
        self.assertEqual(flows(group), [("egress", "IPv4", None, None),
                                        ("egress", "IPv6", None, None)])

    def test_name_over_255_characters_is_refused(self):
        with self.assertRaises(sg.SecurityGroupInvalid):
            sg.create_group("p1", "x" * 256)
        self.assertFalse(SecurityGroup.objects.filter(is_default=False).exists())

    def test_quota_counts_the_projects_groups(self):
        quotas.set_limits("p1", {"security_groups": 2}, force=True)
        make_security_group("one", project_id="p1")  # with the default: 2
        with self.assertRaises(quotas.QuotaExceeded) as caught:
            sg.create_group("p1", "two")
        self.assertEqual(caught.exception.resource, "security_groups")
        self.assertEqual(SecurityGroup.objects.filter(project_id="p1").count(), 2)

    def test_group_in_use_by_a_live_instance_is_not_deleted(self):
        group = make_security_group("web")
        bindings.add_to_instance(make_instance(), group)
        with self.assertRaises(sg.SecurityGroupInUse):
            sg.delete_group(group)
        self.assertTrue(SecurityGroup.objects.filter(pk=group.pk).exists())

    def test_group_of_a_deleted_instance_can_be_deleted(self):
        group = make_security_group("web")
        bindings.add_to_instance(make_instance(vm_state=states.DELETED), group)
        sg.delete_group(group)
        self.assertFalse(SecurityGroup.objects.filter(pk=group.pk).exists())

    def test_deleting_a_peer_group_deletes_the_rules_naming_it(self):
        web, peer = make_security_group("web"), make_security_group("peer")
        rule = sg.create_rule(web, protocol="tcp", port_range_min=22, port_range_max=22,
                              remote_group=peer)
        sg.delete_group(peer)
        self.assertFalse(SecurityGroupRule.objects.filter(pk=rule.pk).exists())

    def test_another_projects_group_is_not_found_but_admins_see_it(self):
        group = make_security_group("web", project_id="p1")
        with self.assertRaises(sg.SecurityGroupNotFound):
            sg.get_group(group.pk, "p2", is_admin=False)
        self.assertEqual(sg.get_group(group.pk, "p2", is_admin=True).pk, group.pk)

    def test_find_group_by_id_or_name(self):
        group = make_security_group("web", project_id="p1")
        self.assertEqual(sg.find_group(group.pk, "p1").pk, group.pk)
        self.assertEqual(sg.find_group("web", "p1").pk, group.pk)
        self.assertTrue(sg.find_group("default", "p9").is_default)
        with self.assertRaises(sg.SecurityGroupNotFound):
            sg.find_group("web", "p2")

    def test_find_group_with_a_shared_name_is_a_conflict(self):
        make_security_group("web", project_id="p1")
        make_security_group("web", project_id="p1")
        with self.assertRaises(sg.SecurityGroupConflict):
            sg.find_group("web", "p1")


class RuleTests(TestCase):
    def setUp(self):
        self.group = make_security_group("web", project_id="p1")

    def refused(self, **fields):
        before = SecurityGroupRule.objects.count()
        with self.assertRaises(sg.SecurityGroupInvalid) as caught:
            sg.create_rule(self.group, **fields)
        self.assertEqual(SecurityGroupRule.objects.count(), before)
        return caught.exception.message

    def test_tcp_rule_is_stored(self):
        rule = sg.create_rule(self.group, protocol="tcp", port_range_min=80,
                              port_range_max=90, remote_ip_prefix="10.0.0.0/8")
        rule.refresh_from_db()
        self.assertEqual((rule.direction, rule.ethertype, rule.protocol, rule.port_range_min,
                          rule.port_range_max, rule.remote_ip_prefix, rule.project_id),
                         ("ingress", "IPv4", "tcp", 80, 90, "10.0.0.0/8", "p1"))

    def test_port_range_must_be_ordered_and_in_range(self):
        self.assertIn("port_range_min must be <=",
                      self.refused(protocol="tcp", port_range_min=90, port_range_max=80))
        self.assertIn("Invalid value for port 65536",
                      self.refused(protocol="udp", port_range_min=1, port_range_max=65536))
        self.assertIn("Invalid value for port 0",
                      self.refused(protocol="tcp", port_range_min=0, port_range_max=5))

    def test_ports_need_a_protocol(self):
        self.assertIn("Must also specify protocol",
                      self.refused(port_range_min=22, port_range_max=22))

    def test_icmp_type_and_code(self):
        self.assertIn("ICMP type", self.refused(protocol="icmp", port_range_min=256))
        self.assertIn("ICMP type (port-range-min) is missing",
                      self.refused(protocol="icmp", port_range_max=0))
        rule = sg.create_rule(self.group, protocol="icmp", port_range_min=8, port_range_max=0)
        self.assertEqual((rule.port_range_min, rule.port_range_max), (8, 0))

    def test_unknown_protocol_is_refused(self):
        self.assertIn("not supported", self.refused(protocol="bogus"))
        self.assertIn("not supported", self.refused(protocol="256"))

    def test_protocol_names_and_numbers_as_neutron(self):
        sctp = sg.create_rule(self.group, protocol="sctp", port_range_min=1, port_range_max=9)
        udp = sg.create_rule(self.group, protocol="17", port_range_min=53, port_range_max=53)
        self.assertEqual((sctp.protocol, udp.protocol), ("sctp", "17"))
        self.assertIn("Invalid protocol gre for port range",
                      self.refused(protocol="gre", port_range_min=1, port_range_max=2))
        self.assertIn("port_range_min must be <=",
                      self.refused(protocol="tcp", port_range_max=6))

    def test_prefix_must_be_a_network_of_the_ethertype(self):
        self.assertIn("not a valid IP network", self.refused(remote_ip_prefix="10.0.0.300/8"))
        self.assertIn("Conflicting value ethertype IPv4",
                      self.refused(remote_ip_prefix="2001:db8::/32"))
        rule = sg.create_rule(self.group, ethertype="IPv6", remote_ip_prefix="2001:db8::/32")
        self.assertEqual(rule.ethertype, "IPv6")

    def test_prefix_and_remote_group_exclude_each_other(self):
        self.assertIn("Only remote_ip_prefix or remote_group_id",
                      self.refused(remote_ip_prefix="10.0.0.0/8", remote_group=self.group))

    def test_duplicate_rule_is_refused_with_the_existing_id(self):
        first = sg.create_rule(self.group, protocol="tcp", port_range_min=22,
                               port_range_max=22, remote_ip_prefix="0.0.0.0/0")
        with self.assertRaises(sg.SecurityGroupRuleExists) as caught:
            sg.create_rule(self.group, protocol="tcp", port_range_min=22, port_range_max=22)
        self.assertIn(first.pk, caught.exception.message)

    def test_rule_quota(self):
        quotas.set_limits("p1", {"security_group_rules": 6}, force=True)  # 4 + 2 egress
        with self.assertRaises(quotas.QuotaExceeded) as caught:
            sg.create_rule(self.group, protocol="tcp", port_range_min=22, port_range_max=22)
        self.assertEqual(caught.exception.resource, "security_group_rules")

    def test_rule_of_another_project_is_not_found(self):
        rule = sg.create_rule(self.group, protocol="udp", port_range_min=53, port_range_max=53)
        with self.assertRaises(sg.SecurityGroupRuleNotFound):
            sg.get_rule(rule.pk, "p2", is_admin=False)
        sg.delete_rule(sg.get_rule(rule.pk, "p1", is_admin=False))
        self.assertFalse(SecurityGroupRule.objects.filter(pk=rule.pk).exists())


class InstanceGroupTests(TestCase):
    def test_boot_without_groups_gets_the_default(self):
        groups = bindings.requested_groups("project-a", [])
        self.assertEqual([g.name for g in groups], ["default"])

    def test_boot_groups_are_taken_once_each(self):
        web = make_security_group("web")
        groups = bindings.requested_groups("project-a", ["web", web.pk, "web"])
        self.assertEqual([g.pk for g in groups], [web.pk])

    def test_unknown_group_at_boot_is_not_found(self):
        with self.assertRaises(sg.SecurityGroupNotFound):
            bindings.requested_groups("project-a", ["nope"])

    def test_add_twice_then_remove(self):
        instance, web = make_instance(), make_security_group("web")
        bindings.add_to_instance(instance, web)
        bindings.add_to_instance(instance, web)
        self.assertEqual([g.pk for g in bindings.groups_of(instance)], [web.pk])
        bindings.remove_from_instance(instance, web)
        self.assertEqual(bindings.groups_of(instance), [])
        with self.assertRaises(sg.SecurityGroupNotFound):
            bindings.remove_from_instance(instance, web)

    def test_prefetch_reads_all_groups_in_one_query(self):
        web = make_security_group("web")
        instances = [make_instance() for _ in range(3)]
        bindings.bind(instances, [web, sg.ensure_default_group("project-a")])
        fresh = list(type(instances[0]).objects.filter(pk__in=[i.pk for i in instances]))
        with self.assertNumQueries(1):
            loaded = bindings.prefetch(fresh)
            names = [[g.name for g in bindings.groups_of(i)] for i in loaded]
        self.assertEqual(names, [["default", "web"]] * 3)
