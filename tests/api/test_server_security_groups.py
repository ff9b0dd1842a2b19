"""A server's security groups: asked for at boot, shown in the server document, listed under
the server, added and removed by actions, and holding their groups against deletion."""
from django.db import connection
from django.test.utils import CaptureQueriesContext

from compute import tasks
from compute.models import Instance
from networking import instance_security_groups as bindings
from networking import security_groups as sg
from tests.api.test_servers import SERVERS, ServerApiTestCase
from tests.factories import make_instance, make_security_group

GROUPS = "/compute/v2.1/os-security-groups"


class ServerSecurityGroupTestCase(ServerApiTestCase):
    def setUp(self):
        super().setUp()
        self.web = make_security_group("web", project_id=self.project_a.id)

    def names(self, instance):
        return [g.name for g in bindings.groups_of(instance)]

    def action(self, instance, name, action="addSecurityGroup", as_user="alice"):
        return self.call("POST", f"{SERVERS}/{instance.uuid}/action", {action: {"name": name}},
                         as_user=as_user)


class BootTests(ServerSecurityGroupTestCase):
    def test_boot_without_groups_gets_the_default(self):
        response = self.create()
        self.assertEqual(response.json()["server"]["security_groups"], [{"name": "default"}])
        vm = Instance.objects.get(uuid=response.json()["server"]["id"])
        self.assertEqual(self.names(vm), ["default"])

    def test_boot_with_groups_by_name_and_id(self):
        response = self.create(security_groups=[{"name": "web"}, {"name": self.web.pk}])
        self.assertEqual(response.status_code, 202, response.content)
        self.assertEqual(response.json()["server"]["security_groups"],
                         [{"name": "web"}, {"name": self.web.pk}])
        vm = Instance.objects.get(uuid=response.json()["server"]["id"])
        self.assertEqual(self.names(vm), ["web"])

    def test_a_group_entry_that_is_not_a_name_is_400_and_boots_nothing(self):
        for groups in ([{"name": None}], [{"name": 5}], [{"name": ["web"]}],
                       [{"name": "web", "id": "x"}], ["web"]):
            self.assert_error(self.create(security_groups=groups), 400, "badRequest")
        self.assertFalse(Instance.objects.exists())

    def test_every_instance_of_a_multi_boot_gets_the_groups(self):
        self.create(security_groups=[{"name": "web"}], min_count=2)
        self.assertEqual([self.names(vm) for vm in Instance.objects.all()], [["web"], ["web"]])

    def test_unknown_group_is_400_and_creates_nothing(self):
        message = self.assert_error(self.create(security_groups=[{"name": "does_not_exist"}]),
                                    400, "badRequest")
        self.assertIn("Unable to find security_group with name or id 'does_not_exist'",
                      message)
        self.assertEqual(Instance.objects.count(), 0)

    def test_another_projects_group_is_400(self):
        theirs = make_security_group("theirs", project_id=self.project_b.id)
        self.assert_error(self.create(security_groups=[{"name": theirs.pk}]), 400,
                          "badRequest")


class ViewTests(ServerSecurityGroupTestCase):
    def test_server_document_names_its_groups(self):
        vm = self.created(security_groups=[{"name": "web"}, {"name": "default"}])
        server = self.call("GET", f"{SERVERS}/{vm.uuid}").json()["server"]
        self.assertEqual(server["security_groups"], [{"name": "default"}, {"name": "web"}])

    def test_server_without_groups_has_no_key(self):
        vm = make_instance(project_id=self.project_a.id)
        server = self.call("GET", f"{SERVERS}/{vm.uuid}").json()["server"]
        self.assertNotIn("security_groups", server)

    def test_detail_list_reads_groups_in_constant_queries(self):
        for _ in range(2):
            self.created(security_groups=[{"name": "web"}])

        def queries():
            with CaptureQueriesContext(connection) as captured:
                response = self.call("GET", f"{SERVERS}/detail")
            servers = response.json()["servers"]
            self.assertTrue(all(s["security_groups"] == [{"name": "web"}] for s in servers))
            return len(captured)

        few = queries()
        for _ in range(4):
            self.created(security_groups=[{"name": "web"}])
        self.assertEqual(queries(), few)

    def test_list_by_server(self):
        vm = self.created(security_groups=[{"name": "web"}])
        groups = self.call("GET", f"{SERVERS}/{vm.uuid}/os-security-groups").json()[
            "security_groups"]
        self.assertEqual([(g["id"], g["name"], g["rules"]) for g in groups],
                         [(self.web.pk, "web", [])])

    def test_list_by_unknown_or_foreign_server_is_404(self):
        vm = self.created()
        self.assert_error(self.call("GET", f"{SERVERS}/{vm.uuid}/os-security-groups",
                                    as_user="bob"), 404, "itemNotFound")
        self.assert_error(self.call("GET", f"{SERVERS}/nope/os-security-groups"), 404,
                          "itemNotFound")


class ActionTests(ServerSecurityGroupTestCase):
    def setUp(self):
        super().setUp()
        self.vm = self.created()

    def test_add_then_remove(self):
        self.assertEqual(self.action(self.vm, "web").status_code, 202)
        self.assertEqual(self.action(self.vm, "web").status_code, 202)  # again: no change
        self.assertEqual(self.names(self.vm), ["default", "web"])
        response = self.action(self.vm, "web", "removeSecurityGroup")
        self.assertEqual(response.status_code, 202, response.content)
        self.assertEqual(self.names(self.vm), ["default"])

    def test_removing_every_group_drops_the_key(self):
        self.action(self.vm, "default", "removeSecurityGroup")
        server = self.call("GET", f"{SERVERS}/{self.vm.uuid}").json()["server"]
        self.assertNotIn("security_groups", server)

    def test_unknown_group_is_404(self):
        for action in ("addSecurityGroup", "removeSecurityGroup"):
            self.assert_error(self.action(self.vm, "nope", action), 404, "itemNotFound")

    def test_removing_a_group_not_applied_is_404(self):
        message = self.assert_error(self.action(self.vm, "web", "removeSecurityGroup"), 404,
                                    "itemNotFound")
        self.assertIn("not associated with the instance", message)

    def test_ambiguous_name_is_409(self):
        make_security_group("web", project_id=self.project_a.id)
        self.assert_error(self.action(self.vm, "web"), 409, "conflictingRequest")

    def test_bad_arguments_are_400(self):
        url = f"{SERVERS}/{self.vm.uuid}/action"
        for arg in ({}, {"name": ""}, {"name": "  "}):
            self.assert_error(self.call("POST", url, {"addSecurityGroup": arg}), 400,
                              "badRequest")

    def test_foreign_server_is_404_and_reader_is_403(self):
        self.assert_error(self.action(self.vm, "web", as_user="bob"), 404, "itemNotFound")
        self.assert_error(self.action(self.vm, "web", as_user="reader"), 403, "forbidden")

    def test_group_in_use_is_not_deleted_until_the_server_is(self):
        self.action(self.vm, "web")
        message = self.assert_error(self.call("DELETE", f"{GROUPS}/{self.web.pk}"), 400,
                                    "badRequest")
        self.assertIn("in use", message)
        with self.captureOnCommitCallbacks(execute=False):
            response = self.call("DELETE", f"{SERVERS}/{self.vm.uuid}")
        tasks.mark_deleted(self.vm.uuid, response["x-compute-request-id"])  # the chain's end
        self.assertEqual(self.call("DELETE", f"{GROUPS}/{self.web.pk}").status_code, 202)
        self.assertRaises(sg.SecurityGroupNotFound, sg.get_group, self.web.pk, "x", True)
