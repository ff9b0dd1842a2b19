"""The operator dashboard writes security groups and rules through the services: the same
refusals as the API, no half-made records."""
from django.contrib.auth import get_user_model
from django.test import TestCase

from networking import instance_security_groups as bindings
from networking import security_groups as sg
from networking.models import SecurityGroup, SecurityGroupRule
from tests.factories import make_instance, make_security_group

GROUPS = "/admin/networking/securitygroup/"
RULES = "/admin/networking/securitygrouprule/"


class SecurityGroupAdminTests(TestCase):
    def setUp(self):
        self.client.force_login(get_user_model().objects.create_superuser("op", password="x"))

    def test_pages_render(self):
        group = make_security_group("web")
        for path in (GROUPS, f"{GROUPS}add/", f"{GROUPS}{group.pk}/change/", RULES,
                     f"{RULES}add/"):
            self.assertEqual(self.client.get(path).status_code, 200, path)

    def test_adding_a_group_makes_it_with_egress_rules_and_the_default(self):
        response = self.client.post(f"{GROUPS}add/", {
            "project_id": "p1", "name": "web", "description": "",
            "rules-TOTAL_FORMS": 0, "rules-INITIAL_FORMS": 0})
        self.assertEqual(response.status_code, 302)
        group = SecurityGroup.objects.get(project_id="p1", name="web")
        self.assertEqual(group.rules.filter(direction="egress").count(), 2)
        self.assertTrue(SecurityGroup.objects.filter(project_id="p1", is_default=True).exists())

    def test_a_second_default_is_refused_on_the_form(self):
        response = self.client.post(f"{GROUPS}add/", {
            "project_id": "p1", "name": "default", "description": "",
            "rules-TOTAL_FORMS": 0, "rules-INITIAL_FORMS": 0})
        self.assertContains(response, "Default security group already exists.")
        self.assertFalse(SecurityGroup.objects.exists())

    def test_default_group_has_no_delete(self):
        default = sg.ensure_default_group("p1")
        self.assertEqual(self.client.get(f"{GROUPS}{default.pk}/delete/").status_code, 403)

    def test_group_in_use_is_kept_with_an_error_message(self):
        group = make_security_group("web")
        bindings.add_to_instance(make_instance(), group)
        response = self.client.post(f"{GROUPS}{group.pk}/delete/", {"post": "yes"},
                                    follow=True)
        self.assertContains(response, "in use")
        self.assertNotContains(response, "deleted successfully")
        self.assertTrue(SecurityGroup.objects.filter(pk=group.pk).exists())

    def rule_form(self, group, **fields):
        data = {"security_group": group.pk, "direction": "ingress", "ethertype": "IPv4",
                "protocol": "tcp", "port_range_min": 22, "port_range_max": 22,
                "remote_ip_prefix": "", "remote_group": "", "description": ""}
        data.update(fields)
        return self.client.post(f"{RULES}add/", data)

    def test_adding_a_rule(self):
        group = make_security_group("web")
        self.assertEqual(self.rule_form(group).status_code, 302)
        rule = group.rules.get(direction="ingress")
        self.assertEqual((rule.protocol, rule.port_range_min, rule.project_id),
                         ("tcp", 22, "project-a"))

    def test_invalid_and_duplicate_rules_are_refused_on_the_form(self):
        group = make_security_group("web")
        self.assertContains(self.rule_form(group, port_range_min=30, port_range_max=20),
                            "port_range_min must be &lt;= port_range_max")
        self.rule_form(group)
        self.assertContains(self.rule_form(group), "Security group rule already exists.")
        self.assertEqual(SecurityGroupRule.objects.filter(security_group=group,
                                                          direction="ingress").count(), 1)
